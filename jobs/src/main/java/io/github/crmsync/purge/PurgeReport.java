package io.github.crmsync.purge;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.crmsync.support.JobReport;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * The outcome of a purge, from its job execution.
 *
 * @param executionId the job execution
 * @param status its batch status
 * @param cause why it failed, if it did
 * @param selection what it selected
 * @param read failures read
 * @param purged failures moved to the archive
 * @param droppedFromArchive archived failures dropped after the retention
 * @param duration how long it ran
 */
public record PurgeReport(long executionId, String status, @Nullable String cause, @Nullable String selection,
		long read, long purged, long droppedFromArchive, Duration duration) implements JobReport {

	public static PurgeReport of(JobExecution execution) {
		long read = 0;
		long purged = 0;
		long dropped = 0;
		for (StepExecution step : execution.getStepExecutions()) {
			read += step.getReadCount();
			purged += step.getExecutionContext().getLong(PurgeWriter.PURGED, 0L);
			dropped += step.getExecutionContext().getLong(PurgeJobConfiguration.DROPPED, 0L);
		}
		LocalDateTime start = execution.getStartTime();
		LocalDateTime end = (execution.getEndTime() != null) ? execution.getEndTime() : LocalDateTime.now();
		String exit = execution.getExitStatus().getExitDescription();
		var selection = execution.getJobParameters().getParameter("selection");
		return new PurgeReport(execution.getId(), execution.getStatus().name(),
				(exit == null || exit.isBlank()) ? null : exit.lines().findFirst().orElse(exit),
				(selection != null) ? String.valueOf(selection.value()) : null, read, purged, dropped,
				(start != null) ? Duration.between(start, end) : Duration.ZERO);
	}

	@Override
	public Map<String, Object> asMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("execution", this.executionId);
		map.put("status", this.status);
		if (this.cause != null) {
			map.put("cause", this.cause);
		}
		map.put("selection", this.selection);
		map.put("read", this.read);
		map.put("purged", this.purged);
		map.put("archived", this.purged);
		map.put("droppedFromArchive", this.droppedFromArchive);
		map.put("durationSeconds", this.duration.toMillis() / 1000.0);
		return map;
	}

}
