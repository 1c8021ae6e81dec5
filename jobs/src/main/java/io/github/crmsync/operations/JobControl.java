package io.github.crmsync.operations;

import java.sql.SQLException;
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
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Service;

/**
 * Stop, restart, recover and abandon, each allowed only where it makes sense; an illegal
 * transition is an {@link InvalidInputException} that says why:
 * <ul>
 * <li>stop: a running execution whose process is alive (it ends STOPPED after its current
 * chunk, resumable); one whose process is gone would never read the request, so it is
 * refused, naming recover;</li>
 * <li>restart: the latest execution of its instance, FAILED or STOPPED (resumes from its
 * last committed chunk);</li>
 * <li>recover: an execution left running by a process that is gone (its job's lock is
 * free), marked FAILED;</li>
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

	/**
	 * Asks a running execution to stop after its current chunk. Only a live process reads
	 * that request: an execution whose job lock is free belongs to a process that is gone
	 * (the lock is held for the whole run and released by PostgreSQL when its session
	 * ends), so stopping it would promise what never happens; that is refused, naming
	 * {@code recover}.
	 */
	public String stop(long executionId) throws Exception {
		JobExecution execution = find(executionId);
		if (!execution.isRunning()) {
			throw new InvalidInputException("execution " + executionId + " is " + execution.getStatus()
					+ ": only a running execution can be stopped");
		}
		String lockName = JobNames.lockOf(execution.getJobInstance().getJobName());
		if (lockIsFree(lockName)) {
			throw new InvalidInputException("execution " + executionId + " is " + execution.getStatus()
					+ ", but its process is gone (the lock " + lockName + " is free): nothing would stop it; recover "
					+ executionId + " marks it FAILED, then restart " + executionId + " resumes it");
		}
		if (execution.getStatus() == BatchStatus.STOPPING) {
			return "execution " + executionId + " is stopping already: it ends after its current chunk";
		}
		requestStop(execution);
		return "stop requested: execution " + executionId + " ends STOPPED after its current chunk; restart "
				+ executionId + " resumes it";
	}

	/**
	 * Asks a running execution, in whatever process it runs, to stop: its status becomes
	 * STOPPING in the job repository, which the running step reads when it commits its
	 * current chunk, and then ends STOPPED. (Spring Batch's {@code JobOperator.stop} also
	 * stamps an end time, which reads as STOPPED at once, and looks the step up outside
	 * its job scope, which a job-scoped step refuses.)
	 */
	public void requestStop(JobExecution execution) {
		execution.setStatus(BatchStatus.STOPPING);
		this.jobRepository.update(execution);
	}

	/**
	 * Restarts the execution; returns the restarted run's report ({@link RetryLaunch} or
	 * {@link PurgeReport}).
	 */
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

	/**
	 * Whether no live process holds {@code lockName}: taken and released at once, it
	 * proves none does.
	 */
	private boolean lockIsFree(String lockName) throws SQLException {
		try (JobLock lock = JobLock.tryAcquire(this.dataSource, lockName)) {
			return lock != null;
		}
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
