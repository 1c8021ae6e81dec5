package io.github.crmsync.support;

import java.net.InetAddress;
import java.net.UnknownHostException;

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

}
