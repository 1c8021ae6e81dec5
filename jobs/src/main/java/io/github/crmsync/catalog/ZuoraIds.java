package io.github.crmsync.catalog;

/**
 * What a Zuora ID may be, wherever one comes in (a failure import, a record import, an
 * {@code --ids} list or file): one rule, so that an ID one path accepts is never refused
 * by another. Zuora's own IDs are 32 hexadecimal digits or short numbers such as
 * {@code A00000001}; the rule only keeps out what would break a list, a CSV row or a
 * terminal.
 */
public final class ZuoraIds {

	/** The longest ID kept. */
	public static final int MAX_LENGTH = 255;

	/** The rule in words, for messages: "… is not an ID (" + RULE + ")". */
	public static final String RULE = "1 to " + MAX_LENGTH
			+ " characters, no surrounding spaces, no comma, line break or control character";

	private ZuoraIds() {
	}

	/** Whether {@code id} can be a Zuora ID. */
	public static boolean isValid(String id) {
		return !id.isEmpty() && id.length() <= MAX_LENGTH && id.strip().equals(id) && id.indexOf(',') < 0
				&& id.chars().noneMatch(Character::isISOControl);
	}

}
