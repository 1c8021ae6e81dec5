package io.github.crmsync.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.crmsync.application.JobControl;
import io.github.crmsync.support.ProcessRuns;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ApplicationContext;

/**
 * What SIGTERM does (Kubernetes' way of ending a pod): the jobs this process runs are
 * asked to stop after their current chunk, and the process waits for the command to end
 * (within {@code crm-sync.shutdown.timeout}, default 9 minutes: keep the pod's
 * terminationGracePeriodSeconds above it) before it exits with the command's exit code
 * (1: the execution ended STOPPED; the next launch of the same slot resumes it).
 * <p>
 * Spring's own shutdown hook is off, and so is the embedded database's: they would close
 * the context, and the database with it, under the running chunk. The command closes the
 * context itself when it ends; a command that runs no job has it closed by this hook, so
 * that an embedded database never outlives the process.
 */
final class GracefulShutdown {

	/**
	 * Only on SIGTERM: a logger made at class loading would start the logging system on
	 * every start, {@code --version} and {@code --help} included, which then took 0.1 s
	 * longer.
	 */
	private static Logger logger() {
		return LoggerFactory.getLogger(GracefulShutdown.class);
	}

	private static volatile boolean inProgress;

	private final CountDownLatch finished = new CountDownLatch(1);

	private volatile int exitCode = CrmSyncCli.EXIT_FAILED;

	private final Services services;

	private GracefulShutdown(Services services) {
		this.services = services;
	}

	static GracefulShutdown install(Services services) {
		GracefulShutdown shutdown = new GracefulShutdown(services);
		Runtime.getRuntime().addShutdownHook(new Thread(shutdown::onShutdown, "graceful-shutdown"));
		return shutdown;
	}

	/**
	 * Whether the JVM is shutting down: then {@code System.exit} would block, the hook
	 * ends the process.
	 */
	static boolean inProgress() {
		return inProgress;
	}

	/** The command ended (its context closed) with {@code exitCode}. */
	void finished(int exitCode) {
		this.exitCode = exitCode;
		this.finished.countDown();
	}

	private void onShutdown() {
		if (this.finished.getCount() == 0) {
			return;
		}
		inProgress = true;
		ApplicationContext context = this.services.started();
		int stopped = (context != null) ? stopOwnExecutions(context) : 0;
		if (context != null && stopped > 0) {
			Duration timeout = context.getEnvironment()
				.getProperty("crm-sync.shutdown.timeout", Duration.class, Duration.ofMinutes(9));
			try {
				// the command closes the context (and an embedded database with it) once
				// its job ended
				if (this.finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					flush();
					Runtime.getRuntime().halt(this.exitCode);
				}
				logger().warn("The job did not stop within {}: exiting anyway; recover and restart the execution",
						timeout);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		// nothing (more) to wait for: close the context, so that an embedded database
		// stops with the process (this
		// waits for a context still starting)
		this.services.close();
	}

	/**
	 * Asks the executions this process runs (launched, resumed or restarted by it) to
	 * stop.
	 */
	private static int stopOwnExecutions(ApplicationContext context) {
		List<JobExecution> running = context.getBean(ProcessRuns.class).running();
		if (running.isEmpty()) {
			// beans are made lazily: a command that runs no job never makes the job
			// control, and SIGTERM should not make it either
			return 0;
		}
		JobControl control = context.getBean(JobControl.class);
		int stopped = 0;
		for (JobExecution execution : running) {
			try {
				logger().info("SIGTERM: asking execution {} ({}) to stop after its current chunk", execution.getId(),
						execution.getJobInstance().getJobName());
				// a copy of its own: the running job owns the execution object it works
				// with
				control.requestStop(control.find(execution.getId()));
				stopped++;
			}
			catch (Exception ex) {
				logger().warn("Cannot stop execution {}: {}", execution.getId(), ex.getMessage());
			}
		}
		return stopped;
	}

	private static void flush() {
		for (PrintStream stream : new PrintStream[] { System.out, System.err }) {
			stream.flush();
		}
	}

}
