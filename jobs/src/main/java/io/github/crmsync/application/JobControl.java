package io.github.crmsync.application;

import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

import io.github.crmsync.support.InvalidInputException;
import io.github.crmsync.support.JobExecutions;
import io.github.crmsync.support.JobLock;
import io.github.crmsync.support.ProcessRuns;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Service;

/**
 * Stop, restart, recover and abandon, each allowed only where it makes sense; an illegal
 * transition is an {@link InvalidInputException} that says why:
 * <ul>
 * <li>stop: a running execution whose process lives ({@code JobOperator.stop}: it is
 * marked STOPPING in the job repository, which the running step reads when it commits its
 * current chunk; it ends STOPPED, resumable);</li>
 * <li>restart: the latest execution of its instance, FAILED or STOPPED (resumes from its
 * last committed chunk, under its job's lock, as a launch does);</li>
 * <li>recover: an execution left running by a process that is gone (its job's lock is
 * free), marked FAILED;</li>
 * <li>abandon: a FAILED or STOPPED execution that shall never be resumed.</li>
 * </ul>
 */
@Service
public class JobControl {

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final JobLaunches launches;

	private final ProcessRuns runs;

	private final DataSource dataSource;

	JobControl(JobOperator jobOperator, JobRepository jobRepository, JobLaunches launches, ProcessRuns runs,
			DataSource dataSource) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.launches = launches;
		this.runs = runs;
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
		String lockName = JobKind.of(execution).lock();
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
	 * current chunk, and then ends STOPPED. Spring Batch's {@code JobOperator.stop} does
	 * the same but also stamps an end time, with which the repository records the
	 * execution as STOPPED at once: it would read as ended (and restartable) while its
	 * last chunk still runs.
	 */
	public void requestStop(JobExecution execution) {
		if (execution.getStatus() != BatchStatus.STOPPING) {
			execution.setStatus(BatchStatus.STOPPING);
			this.jobRepository.update(execution);
		}
	}

	/** Restarts the execution in this process, on this thread, and reports the run. */
	public LaunchResult restart(long executionId) throws Exception {
		JobExecution execution = restartable(executionId);
		return this.launches.run(JobKind.of(execution), restartOf(execution));
	}

	/** As {@link #restart}, on a worker thread. */
	public BackgroundLaunch submitRestart(long executionId) {
		JobExecution execution = restartable(executionId);
		return this.launches.submit(JobKind.of(execution), restartOf(execution));
	}

	private JobExecution restartable(long executionId) {
		JobExecution execution = find(executionId);
		JobKind.of(execution);
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
		return execution;
	}

	private JobLaunches.Launch restartOf(JobExecution execution) {
		return (locked) -> {
			JobExecution restarted = locked.start((operator) -> operator.restart(execution));
			return LaunchResult.ran(JobKind.of(restarted).report(restarted), "execution " + execution.getId()
					+ " restarted as execution " + restarted.getId() + " " + restarted.getStatus());
		};
	}

	public String recover(long executionId) throws Exception {
		JobExecution execution = find(executionId);
		if (!execution.isRunning()) {
			throw new InvalidInputException("execution " + executionId + " is " + execution.getStatus()
					+ ": only an execution left running (STARTED, STOPPING) can be recovered");
		}
		String lockName = JobKind.of(execution).lock();
		try (JobLock lock = JobLock.tryAcquire(this.dataSource, lockName)) {
			if (lock == null) {
				throw new InvalidInputException("execution " + executionId + " may well be alive: a live process holds "
						+ "the lock " + lockName + "; stop it instead");
			}
			this.runs.recover(execution);
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
