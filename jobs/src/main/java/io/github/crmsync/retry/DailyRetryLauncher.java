package io.github.crmsync.retry;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Service;

/**
 * Launches the daily retry for the schedule slot of a moment, so that each slot is processed once:
 * <ul>
 * <li>one retry run at a time ({@link RetryJobLock}); while another is alive, nothing starts;</li>
 * <li>holding the lock proves that a run left STARTED belongs to a dead process: it is recovered (marked FAILED)
 * and, if it is this slot's, resumed from its last committed chunk;</li>
 * <li>a slot that completed is not run again; a FAILED or STOPPED one is restarted.</li>
 * </ul>
 */
@Service
public class DailyRetryLauncher {

	private static final Logger logger = LoggerFactory.getLogger(DailyRetryLauncher.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job dailyRetryJob;

	private final DataSource dataSource;

	private final DailyRetrySettings settings;

	DailyRetryLauncher(JobOperator jobOperator, JobRepository jobRepository, Job dailyRetryJob, DataSource dataSource,
			DailyRetrySettings settings) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.dailyRetryJob = dailyRetryJob;
		this.dataSource = dataSource;
		this.settings = settings;
	}

	public DailyRetrySettings settings() {
		return this.settings;
	}

	public RetryLaunch launch(Instant now, Integer chunkSize, String requestedBy) throws Exception {
		Instant slot = ScheduleSlot.at(now, this.settings.schedule());
		JobParameters identifying = new JobParametersBuilder().addString("slot", slot.toString()).toJobParameters();
		try (RetryJobLock lock = RetryJobLock.tryAcquire(this.dataSource)) {
			if (lock == null) {
				return new RetryLaunch(RetryLaunch.Outcome.ANOTHER_RUN_ACTIVE, null,
						"another retry run is active: " + describeRunning());
			}
			recoverDeadRuns();
			JobInstance instance = this.jobRepository.getJobInstance(DailyRetryJobConfiguration.JOB_NAME, identifying);
			JobExecution last = (instance != null) ? this.jobRepository.getLastJobExecution(instance) : null;
			if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
				return new RetryLaunch(RetryLaunch.Outcome.ALREADY_COMPLETED, RetryReport.of(last),
						"slot " + slot + " already completed (execution " + last.getId() + ")");
			}
			if (last != null && last.getStatus() == BatchStatus.ABANDONED) {
				return new RetryLaunch(RetryLaunch.Outcome.ABANDONED, RetryReport.of(last), "slot " + slot
						+ " was abandoned (execution " + last.getId() + "): it is not run again");
			}
			JobParameters parameters = new JobParametersBuilder(identifying)
				.addString("windowStart", slot.minus(this.settings.window()).toString(), false)
				.addLong("chunkSize", (long) ((chunkSize != null) ? chunkSize : this.settings.chunkSize()), false)
				.addString("requestedBy", requestedBy, false)
				.addString("host", host(), false)
				.addLong("pid", ProcessHandle.current().pid(), false)
				.toJobParameters();
			if (last != null) {
				logger.info("Resuming slot {} after execution {} ended {}", slot, last.getId(), last.getStatus());
			}
			JobExecution execution = this.jobOperator.start(this.dailyRetryJob, parameters);
			JobExecution finished = this.jobRepository.getJobExecution(execution.getId());
			return new RetryLaunch(RetryLaunch.Outcome.RAN, RetryReport.of((finished != null) ? finished : execution),
					"slot " + slot + ": execution " + execution.getId() + " " + execution.getStatus());
		}
	}

	private void recoverDeadRuns() {
		for (JobExecution running : this.jobRepository.findRunningJobExecutions(DailyRetryJobConfiguration.JOB_NAME)) {
			logger.warn("Execution {} was left {} by a process that is gone ({}): marking it FAILED so that it can "
					+ "be restarted", running.getId(), running.getStatus(), launchedBy(running));
			this.jobOperator.recover(running);
		}
	}

	private String describeRunning() throws SQLException {
		Set<JobExecution> running = this.jobRepository.findRunningJobExecutions(DailyRetryJobConfiguration.JOB_NAME);
		if (running.isEmpty()) {
			return "it holds the retry lock (" + RetryJobLock.NAME + ")";
		}
		return running.stream()
			.map((execution) -> "execution " + execution.getId() + " (" + execution.getJobInstance().getJobName()
					+ ", " + launchedBy(execution) + ", started " + execution.getStartTime() + ")")
			.collect(Collectors.joining("; "));
	}

	private static String launchedBy(JobExecution execution) {
		JobParameters parameters = execution.getJobParameters();
		var host = parameters.getParameter("host");
		var pid = parameters.getParameter("pid");
		return "pid " + ((pid != null) ? pid.value() : "?") + " on " + ((host != null) ? host.value() : "?");
	}

	static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return ManagementFactory.getRuntimeMXBean().getName();
		}
	}

}
