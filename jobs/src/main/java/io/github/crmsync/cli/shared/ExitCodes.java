package io.github.crmsync.cli.shared;

/**
 * The exit codes every command's help lists (the README's table says the same).
 */
public final class ExitCodes {

	/** A command that reads or changes the database without running a job. */
	public static final String COMMAND = "Exit codes: 0 done, 1 failed (e.g. the database could not be reached), "
			+ "2 invalid input (nothing changed).";

	/** Job control that checks a transition. */
	public static final String CONTROL = "Exit codes: 0 done, 1 failed, 2 not allowed for this execution (the "
			+ "message says why; nothing changed).";

	private ExitCodes() {
	}

}
