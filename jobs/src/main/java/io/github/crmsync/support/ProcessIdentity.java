package io.github.crmsync.support;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * Who launched a job, kept as non-identifying job parameters so that an operator can find the process.
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

	/** Adds who asked ({@code requestedBy}) and this process ({@code host}, {@code pid}), non-identifying. */
	public static JobParametersBuilder addTo(JobParametersBuilder builder, String requestedBy) {
		return builder.addString("requestedBy", requestedBy, false)
			.addString("host", host(), false)
			.addLong("pid", pid(), false);
	}

}
