package io.github.crmsync.crm;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.github.crmsync.catalog.ObjectCatalog;
import io.github.crmsync.catalog.ObjectType;
import io.github.crmsync.catalog.RecordKey;
import io.github.crmsync.support.DaemonThreads;
import org.jspecify.annotations.Nullable;
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
public class CrmCalls implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(CrmCalls.class);

	private final CrmPort crm;

	private final RetryPolicy policy;

	private final CrmRetrySettings settings;

	private final long maxCalls;

	private final AtomicLong calls = new AtomicLong();

	private final AtomicLong callsThisRun = new AtomicLong();

	private final AtomicReference<String> apiUsage = new AtomicReference<>();

	private @Nullable ExecutorService executor;

	public CrmCalls(CrmPort crm, CrmRetrySettings settings) {
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
	 * Upserts records of several types, parents before children: type by type in the
	 * catalog's sync order, all calls of a type ({@link #upsertAll}) finished before the
	 * next type's start. A record already in {@code deliveries} is not sent again (a
	 * record once per chunk, however many units hold it); a record whose parent failed in
	 * {@code deliveries} is not sent and fails as its parent did, naming it, since the
	 * CRM would refuse it. What became of each record is added to {@code deliveries}.
	 */
	public void upsertInSyncOrder(ObjectCatalog catalog, Collection<Outgoing> records,
			Map<RecordKey, Delivery> deliveries) {
		Map<String, Map<RecordKey, Outgoing>> byType = new HashMap<>();
		for (Outgoing record : records) {
			if (!deliveries.containsKey(record.key())) {
				byType.computeIfAbsent(record.key().objectType(), (type) -> new LinkedHashMap<>())
					.putIfAbsent(record.key(), record);
			}
		}
		for (ObjectType type : catalog.types()) {
			Map<RecordKey, Outgoing> ofType = byType.get(type.name());
			if (ofType == null) {
				continue;
			}
			List<Outgoing> toSend = new ArrayList<>(ofType.size());
			for (Outgoing record : ofType.values()) {
				Delivery parent = (record.parent() != null) ? deliveries.get(record.parent()) : null;
				if (parent != null && !parent.outcome().succeeded()) {
					deliveries.put(record.key(),
							new Delivery(new CrmOutcome(record.record().externalId(), parent.outcome().status(),
									"Not sent: its parent " + record.parent() + " failed to sync in the same run"),
									false));
				}
				else {
					toSend.add(record);
				}
			}
			List<CrmOutcome> outcomes = upsertAll(type, toSend.stream().map(Outgoing::record).toList());
			Map<String, CrmOutcome> byExternalId = new HashMap<>();
			outcomes.forEach((outcome) -> byExternalId.putIfAbsent(outcome.externalId(), outcome));
			for (Outgoing record : toSend) {
				CrmOutcome outcome = byExternalId.get(record.record().externalId());
				deliveries
					.put(record.key(),
							new Delivery((outcome != null) ? outcome : CrmOutcome
								.unexpected(record.record().externalId(), "The CRM returned no result for this record"),
									true));
			}
		}
	}

	/**
	 * Upserts {@code records}, all of {@code type}, independent of each other; returns
	 * their outcomes in order: in one bulk call above the port's
	 * {@link CrmPort#bulkThreshold() threshold}, else in calls of at most
	 * {@value CrmPort#MAX_BATCH_SIZE}, as many in flight at once as the port takes.
	 */
	public List<CrmOutcome> upsertAll(ObjectType type, List<CrmRecord> records) {
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
		// the first failure stops the batches not yet started at once, in the worker that
		// meets it, before this thread even hears of it and cancels them
		AtomicBoolean failed = new AtomicBoolean();
		batches.forEach((batch) -> futures.add(service.submit(() -> {
			if (failed.get()) {
				throw new CancellationException("not sent: an earlier call of this type failed");
			}
			try {
				return upsert(type, batch);
			}
			catch (RuntimeException ex) {
				failed.set(true);
				throw ex;
			}
		})));
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

	public List<CrmOutcome> upsert(ObjectType type, List<CrmRecord> records) {
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
	public long takeCalls() {
		return this.calls.getAndSet(0);
	}

	/** The CRM's API usage last reported to one of these calls, or {@code null}. */
	public @Nullable String apiUsage() {
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

		private volatile @Nullable Throwable lastFailure;

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
					Throwable failure = this.lastFailure;
					logger.warn("CRM call failed, retrying in {} ms: {}", wait,
							(failure != null) ? failure.getMessage() : "?");
					return wait;
				};
			};
		}

	}

	/**
	 * A record to upsert in sync order.
	 *
	 * @param key its type and Zuora ID
	 * @param parent its parent's key, or {@code null}
	 * @param record what the CRM receives
	 */
	public record Outgoing(RecordKey key, @Nullable RecordKey parent, CrmRecord record) {
	}

	/**
	 * What became of one record.
	 *
	 * @param outcome the CRM's answer, or for a record not sent, its parent's failure
	 * @param sent whether it went to the CRM
	 */
	public record Delivery(CrmOutcome outcome, boolean sent) {
	}

}
