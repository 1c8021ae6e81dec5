package io.github.crmsync.application;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.github.crmsync.purge.PurgeJobConfiguration;
import io.github.crmsync.purge.PurgeReport;
import io.github.crmsync.retry.DailyRetryJobConfiguration;
import io.github.crmsync.retry.RetryJobConfiguration;
import io.github.crmsync.retry.RetryReport;
import io.github.crmsync.support.InvalidInputException;
import io.github.crmsync.support.JobLock;
import io.github.crmsync.support.JobReport;

import org.springframework.batch.core.job.JobExecution;

/**
 * The jobs of this application: each one's name, the lock its runs hold (one run of each
 * lock at a time), what it is called in messages, and its report. A new job is a new
 * constant here; nothing else assumes which jobs exist.
 */
public enum JobKind {

	/** The scheduled retry of a slot's window. */
	DAILY_RETRY(DailyRetryJobConfiguration.JOB_NAME, JobLock.RETRY, "retry run", "retry lock"),

	/** An operator's retry of a selection. */
	RETRY(RetryJobConfiguration.JOB_NAME, JobLock.RETRY, "retry run", "retry lock"),

	/** An operator's purge of a selection. */
	PURGE(PurgeJobConfiguration.JOB_NAME, JobLock.PURGE, "purge", "purge lock, which a restore holds too");

	private final String jobName;

	private final String lock;

	private final String runNoun;

	private final String lockNoun;

	JobKind(String jobName, String lock, String runNoun, String lockNoun) {
		this.jobName = jobName;
		this.lock = lock;
		this.runNoun = runNoun;
		this.lockNoun = lockNoun;
	}

	public String jobName() {
		return this.jobName;
	}

	/** The {@link JobLock} its runs hold: a retry and a daily retry share one. */
	public String lock() {
		return this.lock;
	}

	/** What a run of it is called in messages: "another retry run is active". */
	public String runNoun() {
		return this.runNoun;
	}

	/** What its lock is called in messages: "it holds the retry lock". */
	public String lockNoun() {
		return this.lockNoun;
	}

	/** The kinds whose runs hold the same lock as this one's (this one included). */
	public List<JobKind> sharingItsLock() {
		return Arrays.stream(values()).filter((kind) -> kind.lock.equals(this.lock)).toList();
	}

	/** The report of one of its executions, from what the job repository holds. */
	public JobReport report(JobExecution execution) {
		return switch (this) {
			case DAILY_RETRY, RETRY -> RetryReport.of(execution);
			case PURGE -> PurgeReport.of(execution);
		};
	}

	public static Optional<JobKind> ofJobName(String jobName) {
		return Arrays.stream(values()).filter((kind) -> kind.jobName.equals(jobName)).findFirst();
	}

	/**
	 * The kind of {@code execution}.
	 * @throws InvalidInputException for a job of another application in the same job
	 * repository
	 */
	public static JobKind of(JobExecution execution) {
		String name = execution.getJobInstance().getJobName();
		return ofJobName(name).orElseThrow(() -> new InvalidInputException("execution " + execution.getId()
				+ " is of job " + name + ", not one of " + String.join(", ", jobNames())));
	}

	public static List<String> jobNames() {
		return Arrays.stream(values()).map(JobKind::jobName).toList();
	}

}
