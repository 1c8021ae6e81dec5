package io.github.crmsync.support;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.FatalStepExecutionException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.transaction.TransactionSystemException;

/**
 * Spring Batch puts a stack trace in a failed job's exit description whose first line is only "Unable to process
 * chunk"; the cause, in words, serves an operator better (the step's exit description keeps the trace).
 */
public final class JobFailures {

	private JobFailures() {
	}

	/** Replaces the exit description of a failed {@code execution} with the message of its cause. */
	public static void describeCause(JobExecution execution) {
		if (execution.getStatus() == BatchStatus.STOPPED) {
			execution.setExitStatus(new ExitStatus(execution.getExitStatus().getExitCode(),
					"stopped on request (stop command or SIGTERM) after its last committed chunk: launch it again, or "
							+ "restart " + execution.getId() + ", to resume"));
			return;
		}
		execution.getAllFailureExceptions().stream().findFirst().ifPresent((failure) -> {
			Throwable cause = unwrap(failure);
			// a chunk whose connection died fails to roll back too: what broke the chunk says more than that
			if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
				cause = NestedExceptionUtils.getMostSpecificCause(rollback.getApplicationException());
			}
			String message = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getName();
			execution.setExitStatus(new ExitStatus(execution.getExitStatus().getExitCode(), message));
		});
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && (cause instanceof FatalStepExecutionException
				|| cause.getClass().getName().startsWith("org.springframework.batch"))) {
			cause = cause.getCause();
		}
		return cause;
	}

}
