package io.github.crmsync.application;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import io.github.crmsync.support.JobLock;
import io.github.crmsync.support.ProcessRuns;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Service;

/**
 * How every job is launched, whatever the front end: holding its kind's {@link JobLock}
 * (one run per lock at a time: a second launch gets {@code ANOTHER_RUN_ACTIVE} naming the
 * active run), after recovering the executions that runs of its lock left behind (holding
 * the lock proves them dead), each execution recorded with its process and fenced by its
 * lock ({@link ProcessRuns}). A launch runs on the caller's thread ({@link #run}) or on a
 * worker thread of its own ({@link #submit}), which holds the lock there and hands out
 * the execution's ID as soon as the job starts.
 */
@Service
public class JobLaunches implements DisposableBean {

	private final DataSource dataSource;

	private final JobRepository jobRepository;

	private final ProcessRuns runs;

	/**
	 * Not daemon threads: a process (the console) must not exit under a run it launched;
	 * one thread per launch, since a launch waits for its lock no more than a moment.
	 */
	private final ExecutorService background = Executors
		.newCachedThreadPool(new CustomizableThreadFactory("job-launch-"));

	JobLaunches(DataSource dataSource, JobRepository jobRepository, ProcessRuns runs) {
		this.dataSource = dataSource;
		this.jobRepository = jobRepository;
		this.runs = runs;
	}

	/** Runs {@code launch} on this thread, holding the lock of {@code kind}. */
	public LaunchResult run(JobKind kind, Launch launch) throws Exception {
		return run(kind, launch, (execution) -> {
		});
	}

	/** Runs {@code launch} on a worker thread, holding the lock of {@code kind} there. */
	public BackgroundLaunch submit(JobKind kind, Launch launch) {
		BackgroundLaunch background = new BackgroundLaunch();
		this.background.execute(() -> {
			try {
				background.ended(run(kind, launch, (execution) -> background.started(execution.getId())));
			}
			catch (Throwable ex) {
				background.failed(ex);
			}
		});
		return background;
	}

	private LaunchResult run(JobKind kind, Launch launch, Consumer<JobExecution> started) throws Exception {
		try (JobLock lock = JobLock.tryAcquire(this.dataSource, kind.lock())) {
			if (lock == null) {
				return new LaunchResult(LaunchResult.Outcome.ANOTHER_RUN_ACTIVE, null,
						"another " + kind.runNoun() + " is active: " + describeRunning(kind));
			}
			for (JobKind sharing : kind.sharingItsLock()) {
				for (JobExecution running : this.jobRepository.findRunningJobExecutions(sharing.jobName())) {
					this.runs.recover(running);
				}
			}
			return launch.launch((start) -> this.runs.launch(lock, start, started));
		}
	}

	private String describeRunning(JobKind kind) {
		Set<JobExecution> running = new LinkedHashSet<>();
		kind.sharingItsLock()
			.forEach((sharing) -> running.addAll(this.jobRepository.findRunningJobExecutions(sharing.jobName())));
		if (running.isEmpty()) {
			return "it holds the " + kind.lockNoun() + " (" + kind.lock() + ")";
		}
		return running.stream()
			.map((execution) -> "execution " + execution.getId() + " (" + execution.getJobInstance().getJobName() + ", "
					+ this.runs.launchedBy(execution) + ", started " + Executions.instant(execution.getStartTime())
					+ ")")
			.collect(Collectors.joining("; "));
	}

	@Override
	public void destroy() {
		this.background.shutdown();
	}

	/** What a launch does once it holds its lock. */
	@FunctionalInterface
	public interface Launch {

		LaunchResult launch(Locked locked) throws Exception;

	}

	/** Starts (or restarts) a job under the lock the launch holds. */
	@FunctionalInterface
	public interface Locked {

		JobExecution start(ProcessRuns.JobStart start) throws Exception;

	}

}
