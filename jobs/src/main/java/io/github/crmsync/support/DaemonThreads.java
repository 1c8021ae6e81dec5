package io.github.crmsync.support;

import java.util.concurrent.ThreadFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Threads that never keep the JVM alive (a command exits when its work is done), named
 * for thread dumps and logs.
 */
public final class DaemonThreads {

	private DaemonThreads() {
	}

	/**
	 * A factory of daemon threads named {@code prefix} and a number: {@code crm-call-1},
	 * {@code crm-call-2}, …
	 */
	public static ThreadFactory named(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

}
