package io.github.crmsync.operations;

import java.time.LocalDateTime;
import java.util.List;

import javax.sql.DataSource;

import io.github.crmsync.purge.PurgeReport;
import io.github.crmsync.purge.PurgeService;
import io.github.crmsync.retry.RetryLaunch;
import io.github.crmsync.retry.RetryLauncher;
import io.github.crmsync.support.InvalidInputException;
import io.github.crmsync.support.JobExecutions;
import io.github.crmsync.support.JobLock;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Service;

/**
 * Stop, restart, recover and abandon, each allowed only where it makes sense; an illegal transition is an
 * {@link InvalidInputException} that says why:
 * <ul>
 * <li>stop: a running execution (it ends STOPPED after its current chunk, resumable);</li>
 * <li>restart: the latest execution of its instance, FAILED or STOPPED (resumes from its last committed chunk);</li>
 * <li>recover: an execution left running by a process that is gone (its job's lock is free), marked FAILED;</li>
 * <li>abandon: a FAILED or STOPPED execution that shall never be resumed.</li>
 * </ul>
 */
@Service
public class JobControl {

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final RetryLauncher retryLauncher;

	private final PurgeService purgeService;

	private final DataSource dataSource;

	JobControl(JobOperator jobOperator, JobRepository jobRepository, RetryLauncher retryLauncher,
			PurgeService purgeService, DataSource dataSource) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.retryLauncher = retryLauncher;
		this.purgeService = purgeService;
		this.dataSource = dataSource;
	}

	public JobExecution find(long executionId) {
		JobExecution execution = JobExecutions.find(this.jobRepository, executionId);
		if (execution == null) {
			throw new InvalidInputException("there is no job execution " + executionId);
		}
		return execution;
	}

	public String stop(long executionId) throws Exception {
		JobExecution execution = find(executionId);
		if (!execution.isRunning()) {
			throw new InvalidInputException("execution " + executionId + " is " + execution.getStatus()
					+ ": only a running execution can be stopped");
		}
		if (execution.getStatus() == BatchStatus.STOPPING) {
			return "execution " + executionId + " is stopping already: it ends after its current chunk";
		}
		// What JobOperator.stop does, without its look-up of the running step (to stop a tasklet): our steps are
		// job-scoped, so that look-up fails outside the running job's thread, after the stop was recorded. A chunk
		// step reads the status at its next chunk boundary.
		execution.setStatus(BatchStatus.STOPPING);
		execution.setExitStatus(ExitStatus.STOPPED);
		execution.setEndTime(LocalDateTime.now());
		this.jobRepository.update(execution);
		return "stop requested: execution " + executionId + " ends STOPPED after its current chunk; restart "
				+ executionId + " resumes it";
	}

	/** Restarts the execution; returns the restarted run's report ({@link RetryLaunch} or {@link PurgeReport}). */
	public Object restart(long executionId) throws Exception {
		JobExecution execution = find(executionId);
		if (execution.getStatus() != BatchStatus.FAILED && execution.getStatus() != BatchStatus.STOPPED) {
			throw new InvalidInputException("execution " + executionId + " is " + execution.getStatus()
					+ ": only a FAILED or STOPPED execution can be restarted"
					+ (execution.isRunning() ? " (recover it first if its process is gone)" : ""));
		}
		List<JobExecution> executions = this.jobRepository.getJobExecutions(execution.getJobInstance());
		long latest = executions.stream().mapToLong(JobExecution::getId).max().orElse(executionId);
		if (latest != executionId) {
			throw new InvalidInputException("execution " + executionId + " was restarted already, as execution "
					+ latest + ": restart that one if it did not complete");
		}
		if ("purgeJob".equals(execution.getJobInstance().getJobName())) {
			return this.purgeService.restart(execution);
		}
		return this.retryLauncher.restart(execution);
	}

	public String recover(long executionId) throws Exception {
		JobExecution execution = find(executionId);
		if (!execution.isRunning()) {
			throw new InvalidInputException("execution " + executionId + " is " + execution.getStatus()
					+ ": only an execution left running (STARTED, STOPPING) can be recovered");
		}
		String lockName = JobNames.lockOf(execution.getJobInstance().getJobName());
		try (JobLock lock = JobLock.tryAcquire(this.dataSource, lockName)) {
			if (lock == null) {
				throw new InvalidInputException("execution " + executionId + " may well be alive: a live process holds "
						+ "the lock " + lockName + "; stop it instead");
			}
			this.jobOperator.recover(execution);
		}
		return "execution " + executionId + " marked FAILED (its process is gone); restart " + executionId
				+ " resumes it from its last committed chunk";
	}

	public String abandon(long executionId) throws Exception {
		JobExecution execution = find(executionId);
		if (execution.getStatus() != BatchStatus.FAILED && execution.getStatus() != BatchStatus.STOPPED) {
			throw new InvalidInputException("execution " + executionId + " is " + execution.getStatus()
					+ ": only a FAILED or STOPPED execution can be abandoned"
					+ (execution.isRunning() ? " (stop it first, or recover it if its process is gone)" : ""));
		}
		this.jobOperator.abandon(execution);
		return "execution " + executionId + " abandoned: it will not be restarted";
	}

}
