package io.github.crmsync.support;

/**
 * Input that the user has to fix: a bad option value, a malformed file, an unknown name.
 * The command line prints the message alone (no stack trace) and exits with code 2;
 * whoever throws it must not have changed the database.
 */
public class InvalidInputException extends RuntimeException {

	public InvalidInputException(String message) {
		super(message);
	}

	public InvalidInputException(String message, Throwable cause) {
		super(message, cause);
	}

}
