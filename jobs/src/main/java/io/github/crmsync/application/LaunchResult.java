package io.github.crmsync.application;

import io.github.crmsync.support.JobReport;
import org.jspecify.annotations.Nullable;

/**
 * What a launch came to.
 *
 * @param outcome ran, already completed, abandoned, or refused because another run is
 * active
 * @param report the report of the execution that ran (or had completed, or was
 * abandoned); {@code null} when refused
 * @param message what to tell the operator
 */
public record LaunchResult(Outcome outcome, @Nullable JobReport report, String message) {

	static LaunchResult ran(JobReport report, String message) {
		return new LaunchResult(Outcome.RAN, report, message);
	}

	/**
	 * Whether the operator got what was asked for: a completed run, or one already done.
	 */
	public boolean succeeded() {
		return this.outcome == Outcome.ALREADY_COMPLETED
				|| (this.outcome == Outcome.RAN && this.report != null && this.report.completed());
	}

	public enum Outcome {

		/** The job ran (or resumed) and ended: see the report's status. */
		RAN,

		/** The slot's run had completed already: nothing was done. */
		ALREADY_COMPLETED,

		/** Another run holding the same lock is active: nothing was done. */
		ANOTHER_RUN_ACTIVE,

		/** The slot's run was abandoned by an operator: it is not run again. */
		ABANDONED

	}

}
