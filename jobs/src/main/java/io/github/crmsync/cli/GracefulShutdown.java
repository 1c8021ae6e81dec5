package io.github.crmsync.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.crmsync.operations.JobControl;
import io.github.crmsync.operations.JobNames;
import io.github.crmsync.support.ProcessIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ApplicationContext;

/**
 * What SIGTERM does (Kubernetes' way of ending a pod): the jobs this process runs are asked to stop after their
 * current chunk, and the process waits for the command to end (within {@code crm-sync.shutdown.timeout}, default
 * 9 minutes: keep the pod's terminationGracePeriodSeconds above it) before it exits with the command's exit code
 * (1: the execution ended STOPPED; the next launch of the same slot resumes it).
 * <p>
 * Spring's own shutdown hook is off: it would close the context, and the database with it, under the running
 * chunk. The command closes the context itself when it ends.
 */
final class GracefulShutdown {

	private static final Logger logger = LoggerFactory.getLogger(GracefulShutdown.class);

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

	/** Whether the JVM is shutting down: then {@code System.exit} would block, the hook ends the process. */
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
		if (context == null) {
			return;
		}
		int stopped = stopOwnExecutions(context);
		if (stopped == 0) {
			return;
		}
		Duration timeout = context.getEnvironment()
			.getProperty("crm-sync.shutdown.timeout", Duration.class, Duration.ofMinutes(9));
		try {
			if (this.finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				flush();
				Runtime.getRuntime().halt(this.exitCode);
			}
			logger.warn("The job did not stop within {}: exiting anyway; recover and restart the execution", timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static int stopOwnExecutions(ApplicationContext context) {
		JobRepository jobRepository = context.getBean(JobRepository.class);
		JobControl control = context.getBean(JobControl.class);
		int stopped = 0;
		for (String job : JobNames.ALL) {
			for (JobExecution execution : jobRepository.findRunningJobExecutions(job)) {
				JobParameter<?> pid = execution.getJobParameters().getParameter("pid");
				JobParameter<?> host = execution.getJobParameters().getParameter("host");
				if (pid != null && host != null && String.valueOf(ProcessIdentity.pid()).equals(String.valueOf(pid.value()))
						&& ProcessIdentity.host().equals(host.value())) {
					try {
						logger.info("SIGTERM: asking execution {} ({}) to stop after its current chunk",
								execution.getId(), job);
						control.requestStop(execution);
						stopped++;
					}
					catch (Exception ex) {
						logger.warn("Cannot stop execution {}: {}", execution.getId(), ex.getMessage());
					}
				}
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
