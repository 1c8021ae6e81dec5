package io.github.crmsync.cli;

import io.github.crmsync.support.InvalidInputException;

/** Checks of option values that picocli cannot express. */
final class Options {

	private Options() {
	}

	static void requireText(String value, String option) {
		if (value == null || value.isBlank() || value.length() > 100
				|| value.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidInputException(option + " must be 1 to 100 printable characters");
		}
	}

}
