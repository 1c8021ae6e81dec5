package io.github.crmsync.support;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.FatalStepExecutionException;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.transaction.TransactionSystemException;

/**
 * Spring Batch puts a stack trace in a failed job's and step's exit description whose
 * first line is only "Unable to process chunk", or, when the chunk's connection died,
 * "JDBC rollback failed": the cause, in words, serves an operator better. The job's exit
 * description becomes the cause; a failed step's starts with it, followed by the stack
 * trace of what broke the chunk.
 */
public final class JobFailures {

	private static final Logger logger = LoggerFactory.getLogger(JobFailures.class);

	private JobFailures() {
	}

	/**
	 * Replaces the exit description of a failed {@code execution} with the message of its
	 * cause, and leads the exit description of each failed step with its own (saved in
	 * {@code jobRepository}).
	 */
	public static void describeCause(JobExecution execution, JobRepository jobRepository) {
		if (execution.getStatus() == BatchStatus.STOPPED) {
			execution.setExitStatus(new ExitStatus(execution.getExitStatus().getExitCode(),
					"stopped on request (stop command or SIGTERM) after its last committed chunk: launch it again, or "
							+ "restart " + execution.getId() + ", to resume"));
			return;
		}
		execution.getAllFailureExceptions()
			.stream()
			.findFirst()
			.ifPresent((failure) -> execution
				.setExitStatus(new ExitStatus(execution.getExitStatus().getExitCode(), message(cause(failure)))));
		for (StepExecution step : execution.getStepExecutions()) {
			if (step.getStatus() == BatchStatus.FAILED && !step.getFailureExceptions().isEmpty()) {
				Throwable cause = cause(step.getFailureExceptions().get(0));
				String message = message(cause);
				String description = step.getExitStatus().getExitDescription();
				if (description == null || !description.startsWith(message)) {
					step.setExitStatus(
							new ExitStatus(step.getExitStatus().getExitCode(), message + "\n" + stackTrace(cause)));
					try {
						jobRepository.update(step);
					}
					catch (RuntimeException ex) {
						logger.warn("Cannot save the cause of step {}'s failure: {}", step.getId(), ex.getMessage());
					}
				}
			}
		}
	}

	/**
	 * What broke the run, past Spring Batch's wrappers and a rollback that failed on a
	 * dead connection after it.
	 */
	static Throwable cause(Throwable failure) {
		Throwable cause = unwrap(failure);
		if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
			cause = NestedExceptionUtils.getMostSpecificCause(unwrap(rollback.getApplicationException()));
		}
		return cause;
	}

	private static String message(Throwable cause) {
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getName();
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && (cause instanceof FatalStepExecutionException
				|| cause.getClass().getName().startsWith("org.springframework.batch"))) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static String stackTrace(Throwable cause) {
		StringWriter trace = new StringWriter();
		cause.printStackTrace(new PrintWriter(trace));
		return trace.toString();
	}

}
