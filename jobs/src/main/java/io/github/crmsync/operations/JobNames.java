package io.github.crmsync.operations;

import java.util.List;

import io.github.crmsync.support.JobLock;

/**
 * The jobs of this application and the lock each kind runs under.
 */
public final class JobNames {

	public static final List<String> ALL = List.of("dailyRetryJob", "retryJob", "purgeJob");

	private JobNames() {
	}

	static String lockOf(String jobName) {
		return "purgeJob".equals(jobName) ? JobLock.PURGE : JobLock.RETRY;
	}

}
