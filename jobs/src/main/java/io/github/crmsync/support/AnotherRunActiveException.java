package io.github.crmsync.support;

/**
 * A job could not start because another run of its kind is alive: the command line exits
 * with code 3.
 */
public class AnotherRunActiveException extends RuntimeException {

	public AnotherRunActiveException(String message) {
		super(message);
	}

}
