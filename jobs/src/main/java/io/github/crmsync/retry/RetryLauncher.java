package io.github.crmsync.retry;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.github.crmsync.failures.FailureSelection;
import io.github.crmsync.failures.FailureSelector;
import io.github.crmsync.failures.SyncFailureRepository;

import io.github.crmsync.support.Instants;
import io.github.crmsync.support.JobLock;
import io.github.crmsync.support.ProcessRuns;
import io.github.crmsync.support.ProcessIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Service;

/**
 * Launches the retry jobs:
 * <ul>
 * <li>one retry run (daily or on demand) at a time ({@link JobLock#RETRY}), so that two
 * never work on the same rows; while another is alive, nothing starts;</li>
 * <li>holding the lock proves that a run left STARTED belongs to a dead process: it is
 * recovered (marked FAILED), and a daily slot's is resumed from its last committed
 * chunk;</li>
 * <li>the daily retry runs once per schedule slot: a slot that completed is not run
 * again, a FAILED or STOPPED one is restarted; so a slot is never run before its time (a
 * {@code now} beyond the clock and its {@link Instants#CLOCK_SKEW skew} is refused), or
 * its real run would find it completed and do nothing;</li>
 * <li>each on-demand retry is a job instance of its own (its selection and a request ID
 * identify it).</li>
 * </ul>
 */
@Service
public class RetryLauncher {

	static final List<String> RETRY_JOBS = List.of(DailyRetryJobConfiguration.JOB_NAME, RetryJobConfiguration.JOB_NAME);

	private static final Logger logger = LoggerFactory.getLogger(RetryLauncher.class);

	private final JobRepository jobRepository;

	private final Job dailyRetryJob;

	private final Job retryJob;

	private final SyncFailureRepository failures;

	private final DataSource dataSource;

	private final DailyRetrySettings settings;

	private final ProcessRuns runs;

	private final Clock clock;

	RetryLauncher(JobRepository jobRepository, Job dailyRetryJob, Job retryJob, SyncFailureRepository failures,
			DataSource dataSource, DailyRetrySettings settings, ProcessRuns runs, Clock clock) {
		this.jobRepository = jobRepository;
		this.dailyRetryJob = dailyRetryJob;
		this.retryJob = retryJob;
		this.failures = failures;
		this.dataSource = dataSource;
		this.settings = settings;
		this.runs = runs;
		this.clock = clock;
	}

	public DailyRetrySettings settings() {
		return this.settings;
	}

	/**
	 * Runs (or resumes) the daily retry of the slot of {@code now}, or of the clock's now
	 * if {@code null}. A {@code now} later than the clock plus its
	 * {@link Instants#CLOCK_SKEW skew} is refused before anything is created: it would
	 * run a slot that has not come, and mark it completed.
	 */
	public RetryLaunch launchDaily(Instant now, Integer chunkSize, String requestedBy) throws Exception {
		Instant clockNow = this.clock.instant();
		Instant moment = (now != null) ? Instants.notInTheFuture(now, clockNow, "--now") : clockNow;
		Instant slot = ScheduleSlot.at(moment, this.settings.schedule());
		JobParameters identifying = new JobParametersBuilder().addString("slot", slot.toString()).toJobParameters();
		return exclusively((lock) -> {
			recoverDeadRuns();
			JobInstance instance = this.jobRepository.getJobInstance(DailyRetryJobConfiguration.JOB_NAME, identifying);
			JobExecution last = (instance != null) ? this.jobRepository.getLastJobExecution(instance) : null;
			if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
				return new RetryLaunch(RetryLaunch.Outcome.ALREADY_COMPLETED, RetryReport.of(last),
						"slot " + slot + " already completed (execution " + last.getId() + ")");
			}
			if (last != null && last.getStatus() == BatchStatus.ABANDONED) {
				return new RetryLaunch(RetryLaunch.Outcome.ABANDONED, RetryReport.of(last),
						"slot " + slot + " was abandoned (execution " + last.getId() + "): it is not run again");
			}
			JobParameters parameters = runParameters(new JobParametersBuilder(identifying), chunkSize, requestedBy)
				.addString("windowStart", slot.minus(this.settings.window()).toString(), false)
				.toJobParameters();
			if (last != null) {
				logger.info("Resuming slot {} after execution {} ended {}", slot, last.getId(), last.getStatus());
			}
			JobExecution execution = this.runs.launch(lock,
					(operator) -> operator.start(this.dailyRetryJob, parameters));
			return new RetryLaunch(RetryLaunch.Outcome.RAN, RetryReport.of(execution),
					"slot " + slot + ": execution " + execution.getId() + " " + execution.getStatus());
		});
	}

	/**
	 * Runs {@code retryJob} over {@code selected}, as a job instance of its own; its IDs
	 * are stored under its request ID once the lock is held.
	 */
	public RetryLaunch launchOnDemand(FailureSelector.Selected selected, Integer chunkSize, String requestedBy)
			throws Exception {
		FailureSelection selection = selected.selection();
		return exclusively((lock) -> {
			recoverDeadRuns();
			if (selection.idsRequest() != null) {
				this.failures.storeSelection(selection.idsRequest(), selected.ids());
			}
			JobParameters parameters = runParameters(selection.toJobParameters(), chunkSize, requestedBy)
				.toJobParameters();
			JobExecution execution = this.runs.launch(lock, (operator) -> operator.start(this.retryJob, parameters));
			return new RetryLaunch(RetryLaunch.Outcome.RAN, RetryReport.of(execution), "retry of "
					+ selection.describe() + ": execution " + execution.getId() + " " + execution.getStatus());
		});
	}

	/**
	 * Restarts a FAILED or STOPPED retry run from its last committed chunk, holding the
	 * retry lock.
	 */
	public RetryLaunch restart(JobExecution execution) throws Exception {
		return exclusively((lock) -> {
			JobExecution restarted = this.runs.launch(lock, (operator) -> operator.restart(execution));
			return new RetryLaunch(RetryLaunch.Outcome.RAN, RetryReport.of(restarted), "execution " + execution.getId()
					+ " restarted as execution " + restarted.getId() + " " + restarted.getStatus());
		});
	}

	/** Runs {@code launch} holding the retry lock, or says which run holds it. */
	private RetryLaunch exclusively(Launch launch) throws Exception {
		try (JobLock lock = JobLock.tryAcquire(this.dataSource, JobLock.RETRY)) {
			if (lock == null) {
				return new RetryLaunch(RetryLaunch.Outcome.ANOTHER_RUN_ACTIVE, null,
						"another retry run is active: " + describeRunning());
			}
			return launch.run(lock);
		}
	}

	@FunctionalInterface
	private interface Launch {

		RetryLaunch run(JobLock lock) throws Exception;

	}

	private JobParametersBuilder runParameters(JobParametersBuilder builder, Integer chunkSize, String requestedBy) {
		return ProcessIdentity.addTo(builder.addLong("chunkSize",
				(long) ((chunkSize != null) ? chunkSize : this.settings.chunkSize()), false), requestedBy);
	}

	private void recoverDeadRuns() throws InterruptedException {
		for (String job : RETRY_JOBS) {
			for (JobExecution running : this.jobRepository.findRunningJobExecutions(job)) {
				this.runs.recover(running);
			}
		}
	}

	private String describeRunning() throws SQLException {
		Set<JobExecution> running = new LinkedHashSet<>();
		RETRY_JOBS.forEach((job) -> running.addAll(this.jobRepository.findRunningJobExecutions(job)));
		if (running.isEmpty()) {
			return "it holds the retry lock (" + JobLock.RETRY + ")";
		}
		return running.stream()
			.map((execution) -> "execution " + execution.getId() + " (" + execution.getJobInstance().getJobName() + ", "
					+ this.runs.launchedBy(execution) + ", started " + execution.getStartTime() + ")")
			.collect(Collectors.joining("; "));
	}

}
