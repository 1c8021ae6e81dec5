package io.github.crmsync.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The job executions this process runs, each under the {@link JobLock} its launch took: a
 * listener of every job.
 * <ul>
 * <li>Where an execution runs is a fact of that execution (a restart runs in another
 * process than the attempt it resumes): its host and pid go to
 * {@code job_execution_process} when it starts, for the history and for the message that
 * names a process that is gone.</li>
 * <li>SIGTERM asks exactly these executions to stop.</li>
 * <li>A chunk {@link #verifyLock verifies} its execution's lock in its own
 * transaction.</li>
 * </ul>
 */
@Component
public class ProcessRuns implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(ProcessRuns.class);

	private static final int RECOVER_ATTEMPTS = 10;

	/**
	 * How long a run that lost its lock while its process lives is given to end by
	 * itself.
	 */
	static final Duration GRACE = Duration.ofSeconds(10);

	private final JdbcTemplate jdbc;

	private final JobRepository jobRepository;

	private final ObjectProvider<JobOperator> jobOperator;

	private final Map<Long, Run> running = new ConcurrentHashMap<>();

	/**
	 * The launch in progress on this thread: the lock it holds and the execution it
	 * started.
	 */
	private final ThreadLocal<Launch> launching = new ThreadLocal<>();

	ProcessRuns(JdbcTemplate jdbc, JobRepository jobRepository, ObjectProvider<JobOperator> jobOperator) {
		this.jdbc = jdbc;
		this.jobRepository = jobRepository;
		this.jobOperator = jobOperator;
	}

	/**
	 * Starts a job on this thread ({@code start} calls the job operator), holding
	 * {@code lock} for the executions it creates. Returns the execution as the job
	 * repository holds it once it ended; the outcome of a run that did run survives a
	 * failure to record its end (e.g. a run that lost its lock, whose execution another
	 * process marked FAILED meanwhile): then the execution as last stored is returned.
	 */
	public JobExecution launch(JobLock lock, JobStart start) throws Exception {
		return launch(lock, start, (execution) -> {
		});
	}

	/**
	 * As {@link #launch(JobLock, JobStart)}, telling {@code started} the execution as
	 * soon as it starts (a background launch hands its ID to whoever waits for it).
	 */
	public JobExecution launch(JobLock lock, JobStart start, Consumer<JobExecution> started) throws Exception {
		Launch launch = new Launch(lock, started);
		this.launching.set(launch);
		try {
			JobExecution execution = start.start(this.jobOperator.getObject());
			return JobExecutions.reloaded(this.jobRepository, execution);
		}
		catch (RuntimeException ex) {
			JobExecution running = launch.execution;
			if (running == null) {
				throw ex;
			}
			logger.warn("Execution {} ran, but its end could not be recorded: {}", running.getId(), ex.getMessage());
			return JobExecutions.reloaded(this.jobRepository, running);
		}
		finally {
			this.launching.remove();
			if (launch.execution != null) {
				this.running.remove(launch.execution.getId());
			}
		}
	}

	@Override
	public void beforeJob(JobExecution execution) {
		Launch launch = this.launching.get();
		JobLock lock = (launch != null) ? launch.lock : null;
		this.running.put(execution.getId(), new Run(execution, lock));
		this.jdbc.update("""
				insert into job_execution_process (job_execution_id, host, pid) values (?, ?, ?)
				on conflict (job_execution_id) do update set host = excluded.host, pid = excluded.pid""",
				execution.getId(), ProcessIdentity.host(), ProcessIdentity.pid());
		if (launch != null) {
			launch.execution = execution;
			launch.started.accept(execution);
		}
	}

	@Override
	public void afterJob(JobExecution execution) {
		this.running.remove(execution.getId());
	}

	/** The executions this process runs now. */
	public List<JobExecution> running() {
		return this.running.values().stream().map(Run::execution).toList();
	}

	/**
	 * Checks, in the caller's (a chunk's) transaction, that execution
	 * {@code jobExecutionId} still holds its lock.
	 * @throws JobLock.LockLostException if it does not
	 */
	public void verifyLock(long jobExecutionId) {
		Run run = this.running.get(jobExecutionId);
		if (run == null || run.lock() == null) {
			throw new IllegalStateException("Execution " + jobExecutionId + " runs without its job lock: launch jobs "
					+ "through their launcher, which holds it");
		}
		run.lock().verify(this.jdbc);
	}

	/**
	 * Marks {@code execution}, left running by a run that no longer holds its job's lock
	 * (the caller holds it now), FAILED so that it can be restarted. Its process is dead
	 * (killed), or alive but cut off from its lock session: then it ends the run by
	 * itself within moments, since its next chunk cannot commit, and that is awaited (up
	 * to {@link #GRACE}) rather than two processes updating one execution. A process
	 * known dead (this one, or another on this host) is not waited for.
	 */
	public void recover(JobExecution execution) throws InterruptedException {
		JobExecution current = execution;
		if (mayBeAlive(execution)) {
			logger.info("Execution {} of {} is still {} ({}): waiting up to {} s for it to end by itself",
					execution.getId(), execution.getJobInstance().getJobName(), execution.getStatus(),
					launchedBy(execution), GRACE.toSeconds());
			Instant deadline = Instant.now().plus(GRACE);
			while (current != null && current.isRunning() && Instant.now().isBefore(deadline)) {
				Thread.sleep(100);
				current = JobExecutions.find(this.jobRepository, execution.getId());
			}
		}
		for (int attempt = 1; current != null && current.isRunning(); attempt++) {
			logger.warn(
					"Execution {} of {} was left {} by a process that is gone ({}): marking it FAILED so that it "
							+ "can be restarted",
					current.getId(), current.getJobInstance().getJobName(), current.getStatus(), launchedBy(current));
			String why = "left " + current.getStatus() + " by a process that is gone (" + launchedBy(current)
					+ "): found dead and marked FAILED; its last committed chunk stays";
			try {
				this.jobOperator.getObject().recover(current);
				endRecovered(current.getId(), why);
				return;
			}
			catch (OptimisticLockingFailureException ex) {
				// its run ended, or went on ending, meanwhile: look again
				if (attempt == RECOVER_ATTEMPTS) {
					throw ex;
				}
				Thread.sleep(100L * attempt);
				current = JobExecutions.find(this.jobRepository, execution.getId());
			}
		}
		logger.info("Execution {} ended by itself ({})", execution.getId(),
				(current != null) ? current.getStatus() : "gone");
	}

	/**
	 * Ends what {@code JobOperator.recover} leaves half done: it marks the execution and
	 * its running steps FAILED with an end time, but their exit codes stay UNKNOWN and
	 * EXECUTING, which read as a run still at work.
	 */
	private void endRecovered(long executionId, String why) {
		JobExecution recovered = JobExecutions.find(this.jobRepository, executionId);
		if (recovered == null) {
			return;
		}
		for (StepExecution step : recovered.getStepExecutions()) {
			if (step.getStatus() == BatchStatus.FAILED
					&& ExitStatus.EXECUTING.getExitCode().equals(step.getExitStatus().getExitCode())) {
				step.setExitStatus(new ExitStatus(ExitStatus.FAILED.getExitCode(), why));
				this.jobRepository.update(step);
			}
		}
		recovered.setExitStatus(new ExitStatus(ExitStatus.FAILED.getExitCode(), why));
		this.jobRepository.update(recovered);
	}

	/**
	 * Whether the process that runs {@code execution} may still live (and end it by
	 * itself).
	 */
	private boolean mayBeAlive(JobExecution execution) {
		if (this.running.containsKey(execution.getId())) {
			return true;
		}
		Host host = hostOf(execution);
		if (host.pid() == null || !ProcessIdentity.host().equals(host.host())) {
			return true;
		}
		return host.pid() != ProcessIdentity.pid()
				&& ProcessHandle.of(host.pid()).map(ProcessHandle::isAlive).orElse(false);
	}

	/** Where {@code execution} runs or ran: {@code pid N on HOST}. */
	public String launchedBy(JobExecution execution) {
		Host host = hostOf(execution);
		return "pid " + ((host.pid() != null) ? host.pid() : "?") + " on "
				+ ((host.host() != null) ? host.host() : "?");
	}

	/**
	 * The process that runs or ran {@code execution} (fields {@code null} where not
	 * known).
	 */
	public Host hostOf(JobExecution execution) {
		return this.jdbc
			.query("select host, pid from job_execution_process where job_execution_id = ?",
					(rs, row) -> new Host(rs.getString("host"), rs.getLong("pid")), execution.getId())
			.stream()
			.findFirst()
			.orElseGet(() -> fromParameters(execution));
	}

	/**
	 * Executions started before {@code job_execution_process} existed kept their process
	 * as job parameters.
	 */
	private static Host fromParameters(JobExecution execution) {
		var host = execution.getJobParameters().getParameter("host");
		var pid = execution.getJobParameters().getParameter("pid");
		return new Host((host != null) ? String.valueOf(host.value()) : null,
				(pid != null) ? Long.valueOf(String.valueOf(pid.value())) : null);
	}

	/**
	 * A process that runs job executions.
	 *
	 * @param host its host name
	 * @param pid its process ID
	 */
	public record Host(@Nullable String host, @Nullable Long pid) {
	}

	/** A launch: starts (or restarts) a job with the job operator. */
	@FunctionalInterface
	public interface JobStart {

		JobExecution start(JobOperator jobOperator) throws Exception;

	}

	private record Run(JobExecution execution, @Nullable JobLock lock) {
	}

	private static final class Launch {

		private final JobLock lock;

		private final Consumer<JobExecution> started;

		private volatile @Nullable JobExecution execution;

		Launch(JobLock lock, Consumer<JobExecution> started) {
			this.lock = lock;
			this.started = started;
		}

	}

}
