package io.github.crmsync.retry;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.github.crmsync.catalog.ObjectType;
import io.github.crmsync.crm.CrmLimitExceededException;
import io.github.crmsync.crm.CrmOutcome;
import io.github.crmsync.crm.CrmPort;
import io.github.crmsync.crm.CrmRecord;
import io.github.crmsync.crm.CrmUnavailableException;
import io.github.crmsync.support.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Calls the CRM port, retrying transient trouble ({@link CrmUnavailableException}) with
 * exponential backoff and jitter, and counts every call made (retries included: each one
 * spends API allowance).
 * <ul>
 * <li>A CRM that says when to come back ({@code Retry-After}) is waited for that long, if
 * that is no longer than the longest backoff ({@code crm.retry.max-delay}); a longer wait
 * ends the retries at once, since the chunk's transaction is open meanwhile.</li>
 * <li>The port's {@link CrmPort#maxCallsPerRun() call budget} holds for the lifetime of
 * this object (one step execution): the call that would go beyond it is not made.</li>
 * <li>The batches of {@link #upsertAll} go out up to {@link CrmPort#maxConcurrentCalls()}
 * at a time, from worker threads; for a port that takes one call at a time (the sandbox,
 * which works in the chunk's transaction) they go out one after the other from the
 * caller's thread. The first failure cancels the batches not yet sent. Above the port's
 * bulk threshold the records go in one bulk call instead (one call, however many requests
 * it makes).</li>
 * </ul>
 */
class CrmCalls implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(CrmCalls.class);

	private final CrmPort crm;

	private final RetryPolicy policy;

	private final CrmRetrySettings settings;

	private final long maxCalls;

	private final AtomicLong calls = new AtomicLong();

	private final AtomicLong callsThisRun = new AtomicLong();

	private final AtomicReference<String> apiUsage = new AtomicReference<>();

	private ExecutorService executor;

	CrmCalls(CrmPort crm, CrmRetrySettings settings) {
		this.crm = crm;
		this.settings = settings;
		this.maxCalls = crm.maxCallsPerRun();
		this.policy = RetryPolicy.builder()
			.includes(CrmUnavailableException.class)
			.maxRetries(settings.maxRetries())
			.delay(settings.delay())
			.multiplier(settings.multiplier())
			.maxDelay(settings.maxDelay())
			.jitter(settings.delay().dividedBy(4).isZero() ? Duration.ZERO : settings.delay().dividedBy(4))
			.build();
	}

	/**
	 * Upserts {@code records}, all of {@code type}, independent of each other; returns
	 * their outcomes in order: in one bulk call above the port's
	 * {@link CrmPort#bulkThreshold() threshold}, else in calls of at most
	 * {@value CrmPort#MAX_BATCH_SIZE}, as many in flight at once as the port takes.
	 */
	List<CrmOutcome> upsertAll(ObjectType type, List<CrmRecord> records) {
		if (records.size() > this.crm.bulkThreshold()) {
			return retrying(type, records, () -> this.crm.upsertBulk(type, records));
		}
		List<List<CrmRecord>> batches = new ArrayList<>();
		for (int from = 0; from < records.size(); from += CrmPort.MAX_BATCH_SIZE) {
			batches.add(records.subList(from, Math.min(records.size(), from + CrmPort.MAX_BATCH_SIZE)));
		}
		List<CrmOutcome> outcomes = new ArrayList<>(records.size());
		upsertBatches(type, batches).forEach(outcomes::addAll);
		return outcomes;
	}

	private List<List<CrmOutcome>> upsertBatches(ObjectType type, List<List<CrmRecord>> batches) {
		int inFlight = Math.min(this.crm.maxConcurrentCalls(), batches.size());
		if (inFlight <= 1) {
			return batches.stream().map((batch) -> upsert(type, batch)).toList();
		}
		CompletionService<List<CrmOutcome>> service = new ExecutorCompletionService<>(executor());
		List<Future<List<CrmOutcome>>> futures = new ArrayList<>(batches.size());
		batches.forEach((batch) -> futures.add(service.submit(() -> upsert(type, batch))));
		try {
			for (int done = 0; done < futures.size(); done++) {
				service.take().get();
			}
			List<List<CrmOutcome>> outcomes = new ArrayList<>(futures.size());
			for (Future<List<CrmOutcome>> future : futures) {
				outcomes.add(future.get());
			}
			return outcomes;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for CRM calls", ex);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(ex.getCause());
		}
		finally {
			futures.forEach((future) -> future.cancel(true));
		}
	}

	private synchronized ExecutorService executor() {
		if (this.executor == null) {
			this.executor = Executors.newFixedThreadPool(this.crm.maxConcurrentCalls(),
					DaemonThreads.named("crm-call-"));
		}
		return this.executor;
	}

	/** Stops the worker threads, if any were started. */
	@Override
	public synchronized void close() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	List<CrmOutcome> upsert(ObjectType type, List<CrmRecord> records) {
		return retrying(type, records, () -> this.crm.upsert(type, records));
	}

	private List<CrmOutcome> retrying(ObjectType type, List<CrmRecord> records, Supplier<List<CrmOutcome>> call) {
		RetryTemplate retryTemplate = new RetryTemplate(new RetryAfterPolicy(this.policy, this.settings.maxDelay()));
		try {
			return retryTemplate.execute(() -> counted(call));
		}
		catch (RetryException ex) {
			Throwable cause = ex.getLastException();
			if (cause instanceof CrmUnavailableException unavailable) {
				String after = unavailable.retryAfter()
					.filter((wait) -> wait.compareTo(this.settings.maxDelay()) > 0)
					.map((wait) -> ", asked to wait " + seconds(wait) + ", longer than crm.retry.max-delay "
							+ seconds(this.settings.maxDelay()))
					.orElse("");
				int attempts = ex.getRetryCount() + 1;
				throw new CrmUnavailableException(
						"CRM unavailable after " + attempts + ((attempts == 1) ? " attempt" : " attempts") + " ("
								+ type.name() + ", " + records.size() + " records" + after + "): " + cause.getMessage(),
						cause);
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(cause);
		}
	}

	private List<CrmOutcome> counted(Supplier<List<CrmOutcome>> call) {
		if (this.callsThisRun.incrementAndGet() > this.maxCalls) {
			this.callsThisRun.decrementAndGet();
			throw new CrmLimitExceededException("This run reached its budget of " + this.maxCalls
					+ " CRM calls (crm.salesforce.max-calls-per-run): stopped before calling again; restart the run "
					+ "to go on");
		}
		this.calls.incrementAndGet();
		try {
			return call.get();
		}
		finally {
			String usage = this.crm.lastApiUsage();
			if (usage != null) {
				this.apiUsage.set(usage);
			}
		}
	}

	private static String seconds(Duration duration) {
		return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
	}

	/** Calls made so far (and resets the count). */
	long takeCalls() {
		return this.calls.getAndSet(0);
	}

	/** The CRM's API usage last reported to one of these calls, or {@code null}. */
	String apiUsage() {
		return this.apiUsage.get();
	}

	/**
	 * The configured policy, made to wait at least as long as the CRM asked to
	 * ({@code Retry-After}) and to give up when it asked for longer than
	 * {@code maxDelay}. One per call: it remembers what the last failure asked for.
	 */
	private static final class RetryAfterPolicy implements RetryPolicy {

		private final RetryPolicy delegate;

		private final Duration maxDelay;

		private volatile long askedMillis;

		private volatile Throwable lastFailure;

		RetryAfterPolicy(RetryPolicy delegate, Duration maxDelay) {
			this.delegate = delegate;
			this.maxDelay = maxDelay;
		}

		@Override
		public boolean shouldRetry(Throwable throwable) {
			Duration asked = (throwable instanceof CrmUnavailableException unavailable)
					? unavailable.retryAfter().orElse(Duration.ZERO) : Duration.ZERO;
			this.askedMillis = asked.toMillis();
			this.lastFailure = throwable;
			return asked.compareTo(this.maxDelay) <= 0 && this.delegate.shouldRetry(throwable);
		}

		@Override
		public Duration getTimeout() {
			return this.delegate.getTimeout();
		}

		/**
		 * The delegate's backoff, at least what was asked; none for a call cancelled
		 * meanwhile.
		 */
		@Override
		public BackOff getBackOff() {
			return () -> {
				BackOffExecution execution = this.delegate.getBackOff().start();
				return () -> {
					long next = execution.nextBackOff();
					if (next == BackOffExecution.STOP || Thread.currentThread().isInterrupted()) {
						return BackOffExecution.STOP;
					}
					long wait = Math.max(next, this.askedMillis);
					logger.warn("CRM call failed, retrying in {} ms: {}", wait, this.lastFailure.getMessage());
					return wait;
				};
			};
		}

	}

}
