package io.github.crmsync.cli.shared;

/**
 * Text from the database made safe for a terminal: an error message can hold an escape
 * sequence (ESC [ … that recolours, moves the cursor, or retitles the window), other
 * control characters, or Unicode's direction overrides that make a line read other than
 * it is. Tables show each as a visible escape (a backslash, {@code u} and its four hex
 * digits, as Java writes it); csv and json keep every character as it is.
 */
public final class TerminalText {

	private TerminalText() {
	}

	/**
	 * {@code text} with every control character shown as a visible escape; line breaks
	 * kept if {@code lines}.
	 */
	public static String safe(String text, boolean lines) {
		StringBuilder safe = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean unsafe = (Character.isISOControl(c) && !(lines && (c == '\n' || c == '\r' || c == '\t')))
					|| isDirectionControl(c);
			if (unsafe && safe == null) {
				safe = new StringBuilder(text.length() + 16).append(text, 0, i);
			}
			if (safe != null) {
				if (unsafe) {
					safe.append("\\u%04x".formatted((int) c));
				}
				else {
					safe.append(c);
				}
			}
		}
		return (safe != null) ? safe.toString() : text;
	}

	private static boolean isDirectionControl(char c) {
		return (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f'
				|| c == '\u061c';
	}

}
