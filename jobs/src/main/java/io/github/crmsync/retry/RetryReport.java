package io.github.crmsync.retry;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.crmsync.failures.ErrorCode;
import io.github.crmsync.support.JobReport;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * The outcome of a retry run, from its job execution: what the job repository holds,
 * nothing else.
 *
 * @param executionId the job execution
 * @param status its batch status
 * @param exitDescription why it ended as it did, when it did not complete
 * @param selection what an on-demand retry selected
 * @param slot the schedule slot (daily retry)
 * @param windowStart the earliest first-failure time retried
 * @param read failures read
 * @param counts re-synced, still failing by code, records sent, CRM calls, the CRM's API
 * usage last reported
 * @param skippedDisabled failures in the window skipped because their object type is
 * disabled
 * @param duration how long the execution ran
 */
public record RetryReport(long executionId, String status, @Nullable String exitDescription, @Nullable String selection,
		@Nullable String slot, @Nullable String windowStart, long read, RetryCounts counts, long skippedDisabled,
		Duration duration) implements JobReport {

	static final String SKIPPED_DISABLED = "crmsync.retry.skippedDisabled";

	public static RetryReport of(JobExecution execution) {
		RetryCounts counts = RetryCounts.zero();
		long read = 0;
		for (StepExecution step : execution.getStepExecutions()) {
			// this execution's own work: a restarted step carries the failed execution's
			// counts over
			counts = counts.plus(RetryCounts.from(step.getExecutionContext())
				.minus(RetryCounts.atStart(step.getExecutionContext())));
			read += step.getReadCount();
		}
		LocalDateTime start = execution.getStartTime();
		LocalDateTime end = (execution.getEndTime() != null) ? execution.getEndTime() : LocalDateTime.now();
		String exit = execution.getExitStatus().getExitDescription();
		return new RetryReport(execution.getId(), execution.getStatus().name(),
				(exit == null || exit.isBlank()) ? null : cause(exit), parameter(execution, "selection"),
				parameter(execution, "slot"), parameter(execution, "windowStart"), read, counts,
				execution.getExecutionContext().getLong(SKIPPED_DISABLED, 0L),
				(start != null) ? Duration.between(start, end) : Duration.ZERO);
	}

	private static @Nullable String parameter(JobExecution execution, String name) {
		var parameter = execution.getJobParameters().getParameter(name);
		return (parameter != null) ? String.valueOf(parameter.value()) : null;
	}

	private static String cause(String exitDescription) {
		return exitDescription.lines().findFirst().orElse(exitDescription);
	}

	@Override
	public Map<String, Object> asMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("execution", this.executionId);
		map.put("status", this.status);
		if (this.exitDescription != null) {
			map.put("cause", this.exitDescription);
		}
		if (this.selection != null) {
			map.put("selection", this.selection);
		}
		if (this.slot != null) {
			map.put("slot", this.slot);
			map.put("window", this.windowStart + " .. " + this.slot);
		}
		map.put("read", this.read);
		map.put("resynced", this.counts.resynced());
		Map<String, Long> failing = new LinkedHashMap<>();
		for (ErrorCode code : ErrorCode.values()) {
			failing.put(code.code(), this.counts.stillFailing().get(code));
		}
		map.put("stillFailing", failing);
		map.put("stillFailingTotal", this.counts.stillFailingTotal());
		map.put("skippedDisabledType", this.skippedDisabled);
		map.put("recordsSent", this.counts.recordsSent());
		map.put("childRowsDeleted", this.counts.childRowsDeleted());
		map.put("crmCalls", this.counts.crmCalls());
		if (this.counts.crmApiUsage() != null) {
			map.put("crmApiUsage", this.counts.crmApiUsage());
		}
		map.put("leftChangedElsewhere", this.counts.leftChanged());
		map.put("durationSeconds", this.duration.toMillis() / 1000.0);
		return map;
	}

}
