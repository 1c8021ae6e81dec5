package io.github.crmsync.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One line of the history.
 *
 * @param id the job execution
 * @param job the job's name
 * @param status its batch status
 * @param exitCode its exit code
 * @param exitMessage the start of its exit description
 * @param start when it started (UTC), or {@code null}
 * @param end when it ended, or {@code null}
 * @param duration how long it ran (so far)
 * @param parameters its parameters
 * @param read items read by its steps
 * @param written items written
 * @param filtered items filtered
 * @param skipped items skipped
 * @param host the host of the process that ran it, or {@code null}
 * @param pid that process's ID, or {@code null}
 */
public record ExecutionSummary(long id, String job, String status, String exitCode, @Nullable String exitMessage,
		@Nullable Instant start, @Nullable Instant end, Duration duration, List<Parameter> parameters, long read,
		long written, long filtered, long skipped, @Nullable String host, @Nullable Long pid) {

	public @Nullable String requestedBy() {
		return this.parameters.stream()
			.filter((parameter) -> parameter.name().equals("requestedBy"))
			.map(Parameter::value)
			.findFirst()
			.orElse(null);
	}

	/** A job parameter; identifying ones identify the job instance. */
	public record Parameter(String name, @Nullable String value, boolean identifying) {
	}

}
