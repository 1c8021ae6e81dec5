package io.github.crmsync.support;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * This process, as an operator finds it ({@code host}, {@code pid}), and who asked for a
 * run.
 */
public final class ProcessIdentity {

	private ProcessIdentity() {
	}

	public static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown";
		}
	}

	public static long pid() {
		return ProcessHandle.current().pid();
	}

	/**
	 * Adds who asked ({@code requestedBy}), non-identifying. The process that runs an
	 * execution is recorded per execution ({@link ProcessRuns}), not as a parameter: a
	 * restart copies its parameters from the execution it resumes.
	 */
	public static JobParametersBuilder addTo(JobParametersBuilder builder, String requestedBy) {
		return builder.addString("requestedBy", requestedBy, false);
	}

}
