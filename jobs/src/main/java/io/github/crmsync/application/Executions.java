package io.github.crmsync.application;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.github.crmsync.operations.ExecutionSummary;
import io.github.crmsync.support.JobReport;
import io.github.crmsync.support.ProcessRuns;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Service;

/**
 * One execution's whole story, as data: its parameters, its process, its steps (counts,
 * commits, rollbacks, exit description) and its run's report.
 */
@Service
public class Executions {

	private final JobControl control;

	private final ProcessRuns runs;

	Executions(JobControl control, ProcessRuns runs) {
		this.control = control;
		this.runs = runs;
	}

	public ExecutionDetail detail(long executionId) {
		JobExecution execution = this.control.find(executionId);
		ProcessRuns.Host process = this.runs.hostOf(execution);
		List<ExecutionSummary.Parameter> parameters = execution.getJobParameters()
			.parameters()
			.stream()
			.map((parameter) -> new ExecutionSummary.Parameter(parameter.name(), String.valueOf(parameter.value()),
					parameter.identifying()))
			.toList();
		List<StepDetail> steps = execution.getStepExecutions().stream().map(Executions::step).toList();
		return new ExecutionDetail(execution.getId(), execution.getJobInstance().getJobName(),
				execution.getJobInstance().getInstanceId(), execution.getStatus().name(),
				execution.getExitStatus().getExitCode(), execution.getExitStatus().getExitDescription(),
				instant(execution.getCreateTime()), instant(execution.getStartTime()), instant(execution.getEndTime()),
				duration(execution.getStartTime(), execution.getEndTime()), process.host(), process.pid(), parameters,
				steps, JobKind.of(execution).report(execution));
	}

	private static StepDetail step(StepExecution step) {
		String description = step.getExitStatus().getExitDescription();
		return new StepDetail(step.getStepName(), step.getStatus().name(), step.getReadCount(), step.getWriteCount(),
				step.getFilterCount(), step.getReadSkipCount(), step.getProcessSkipCount(), step.getWriteSkipCount(),
				step.getCommitCount(), step.getRollbackCount(), instant(step.getStartTime()),
				instant(step.getEndTime()), step.getExitStatus().getExitCode(),
				(description != null) ? description : "");
	}

	/** Spring Batch keeps local times; the application runs in UTC. */
	static @Nullable Instant instant(@Nullable LocalDateTime time) {
		return (time != null) ? time.toInstant(ZoneOffset.UTC) : null;
	}

	private static @Nullable Duration duration(@Nullable LocalDateTime start, @Nullable LocalDateTime end) {
		if (start == null) {
			return null;
		}
		return Duration.between(instant(start), (end != null) ? instant(end) : Instant.now());
	}

	/**
	 * One execution.
	 *
	 * @param id its ID
	 * @param job its job's name
	 * @param instance its job instance's ID
	 * @param status its batch status
	 * @param exitCode its exit code
	 * @param exitDescription its exit description (for a failure, the cause)
	 * @param created when it was created
	 * @param start when it started, or {@code null}
	 * @param end when it ended, or {@code null}
	 * @param duration how long it ran (so far), or {@code null} before it started
	 * @param host the host of the process that ran it, or {@code null}
	 * @param pid that process's ID, or {@code null}
	 * @param parameters its job parameters
	 * @param steps its steps
	 * @param report its run's report
	 */
	public record ExecutionDetail(long id, String job, long instance, String status, String exitCode,
			@Nullable String exitDescription, @Nullable Instant created, @Nullable Instant start, @Nullable Instant end,
			@Nullable Duration duration, @Nullable String host, @Nullable Long pid,
			List<ExecutionSummary.Parameter> parameters, List<StepDetail> steps, JobReport report) {
	}

	/**
	 * One step of an execution.
	 *
	 * @param step its name
	 * @param status its batch status
	 * @param read items read
	 * @param written items written
	 * @param filtered items filtered
	 * @param readSkips items skipped on read
	 * @param processSkips items skipped on process
	 * @param writeSkips items skipped on write
	 * @param commits chunks committed
	 * @param rollbacks chunks rolled back
	 * @param start when it started
	 * @param end when it ended
	 * @param exitCode its exit code
	 * @param exitDescription its whole exit description (the cause first, then the stack
	 * trace)
	 */
	public record StepDetail(String step, String status, long read, long written, long filtered, long readSkips,
			long processSkips, long writeSkips, long commits, long rollbacks, @Nullable Instant start,
			@Nullable Instant end, String exitCode, String exitDescription) {
	}

}
