package io.github.crmsync.retry;

/**
 * What a launch of a retry job came to.
 *
 * @param outcome ran, already completed, or refused because another run is active
 * @param report the report of the execution that ran or had completed ({@code null} when
 * refused)
 * @param message what to tell the operator
 */
public record RetryLaunch(Outcome outcome, RetryReport report, String message) {

	public enum Outcome {

		/** The job ran (or resumed) and ended: see the report's status. */
		RAN,

		/** The slot's run had completed already: nothing was done. */
		ALREADY_COMPLETED,

		/** Another retry run is active: nothing was done. */
		ANOTHER_RUN_ACTIVE,

		/** The slot's run was abandoned by an operator: it is not run again. */
		ABANDONED

	}

}
