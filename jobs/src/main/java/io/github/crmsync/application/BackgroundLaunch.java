package io.github.crmsync.application;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A launch that runs on a worker thread, holding its job's lock there: its execution ID
 * is known as soon as the job starts, its outcome when it ends. The command line waits
 * for the outcome; a web page takes the ID and shows the run while it works.
 */
public final class BackgroundLaunch {

	private final CompletableFuture<Long> execution = new CompletableFuture<>();

	private final CompletableFuture<LaunchResult> result = new CompletableFuture<>();

	void started(long executionId) {
		this.execution.complete(executionId);
	}

	void ended(LaunchResult outcome) {
		this.execution.complete(null);
		this.result.complete(outcome);
	}

	void failed(Throwable failure) {
		this.execution.complete(null);
		this.result.completeExceptionally(failure);
	}

	/**
	 * The ID of the execution the launch started, once it started; empty if it ended
	 * without starting one (refused, already completed) or did not start within
	 * {@code timeout}.
	 */
	public Optional<Long> executionId(Duration timeout) throws InterruptedException {
		try {
			return Optional.ofNullable(this.execution.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
		}
		catch (ExecutionException | TimeoutException ex) {
			return Optional.empty();
		}
	}

	/** The outcome, when the launch ended. */
	public CompletableFuture<LaunchResult> result() {
		return this.result;
	}

}
