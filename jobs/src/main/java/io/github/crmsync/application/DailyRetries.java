package io.github.crmsync.application;

import java.time.Clock;
import java.time.Instant;

import io.github.crmsync.retry.DailyRetryJobConfiguration;
import io.github.crmsync.retry.DailyRetrySettings;
import io.github.crmsync.retry.RetryReport;
import io.github.crmsync.retry.ScheduleSlot;
import io.github.crmsync.support.Instants;
import io.github.crmsync.support.ProcessIdentity;
import org.jspecify.annotations.Nullable;
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
 * Launches the daily retry: once per schedule slot. A slot that completed is not run
 * again, an abandoned one neither; a FAILED or STOPPED one (or one a dead process left
 * STARTED, which the launch recovers) is resumed from its last committed chunk. A slot is
 * never run before its time: a {@code now} beyond the clock and its
 * {@link Instants#CLOCK_SKEW skew} is refused, or the slot's real run would find it
 * completed and do nothing.
 */
@Service
public class DailyRetries {

	private static final Logger logger = LoggerFactory.getLogger(DailyRetries.class);

	private final JobLaunches launches;

	private final JobRepository jobRepository;

	private final Job dailyRetryJob;

	private final DailyRetrySettings settings;

	private final Clock clock;

	DailyRetries(JobLaunches launches, JobRepository jobRepository, Job dailyRetryJob, DailyRetrySettings settings,
			Clock clock) {
		this.launches = launches;
		this.jobRepository = jobRepository;
		this.dailyRetryJob = dailyRetryJob;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Runs (or resumes) the daily retry of the slot of {@code now} (the clock's if
	 * {@code null}) on this thread.
	 */
	public LaunchResult launch(@Nullable Instant now, @Nullable Integer chunkSize, String requestedBy)
			throws Exception {
		return this.launches.run(JobKind.DAILY_RETRY, launchOf(now, chunkSize, requestedBy));
	}

	/** As {@link #launch}, on a worker thread. */
	public BackgroundLaunch submit(@Nullable Instant now, @Nullable Integer chunkSize, String requestedBy) {
		return this.launches.submit(JobKind.DAILY_RETRY, launchOf(now, chunkSize, requestedBy));
	}

	private JobLaunches.Launch launchOf(@Nullable Instant now, @Nullable Integer chunkSize, String requestedBy) {
		Instant clockNow = this.clock.instant();
		Instant moment = (now != null) ? Instants.notInTheFuture(now, clockNow, "--now") : clockNow;
		Integer given = LaunchOptions.chunkSize(chunkSize);
		int chunk = (given != null) ? given : this.settings.chunkSize();
		String requester = LaunchOptions.requestedBy(requestedBy);
		Instant slot = ScheduleSlot.at(moment, this.settings.schedule());
		JobParameters identifying = new JobParametersBuilder().addString("slot", slot.toString()).toJobParameters();
		return (locked) -> {
			JobInstance instance = this.jobRepository.getJobInstance(DailyRetryJobConfiguration.JOB_NAME, identifying);
			JobExecution last = (instance != null) ? this.jobRepository.getLastJobExecution(instance) : null;
			if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
				return new LaunchResult(LaunchResult.Outcome.ALREADY_COMPLETED, RetryReport.of(last),
						"slot " + slot + " already completed (execution " + last.getId() + ")");
			}
			if (last != null && last.getStatus() == BatchStatus.ABANDONED) {
				return new LaunchResult(LaunchResult.Outcome.ABANDONED, RetryReport.of(last),
						"slot " + slot + " was abandoned (execution " + last.getId() + "): it is not run again");
			}
			JobParameters parameters = ProcessIdentity
				.addTo(new JobParametersBuilder(identifying).addLong("chunkSize", (long) chunk, false), requester)
				.addString("windowStart", slot.minus(this.settings.window()).toString(), false)
				.toJobParameters();
			if (last != null) {
				logger.info("Resuming slot {} after execution {} ended {}", slot, last.getId(), last.getStatus());
			}
			JobExecution execution = locked.start((operator) -> operator.start(this.dailyRetryJob, parameters));
			return LaunchResult.ran(RetryReport.of(execution),
					"slot " + slot + ": execution " + execution.getId() + " " + execution.getStatus());
		};
	}

}
