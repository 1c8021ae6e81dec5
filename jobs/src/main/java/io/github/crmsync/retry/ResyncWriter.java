package io.github.crmsync.retry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import io.github.crmsync.catalog.CatalogRepository;
import io.github.crmsync.catalog.ObjectCatalog;
import io.github.crmsync.catalog.ObjectType;
import io.github.crmsync.catalog.RecordKey;
import io.github.crmsync.crm.CrmCalls.Delivery;
import io.github.crmsync.crm.CrmCalls.Outgoing;
import io.github.crmsync.crm.CrmCalls;
import io.github.crmsync.crm.CrmOutcome;
import io.github.crmsync.crm.CrmPort;
import io.github.crmsync.crm.CrmRecord;
import io.github.crmsync.failures.ErrorCode;
import io.github.crmsync.failures.SyncFailure;
import io.github.crmsync.failures.SyncFailureRepository.FailedAttempt;
import io.github.crmsync.failures.SyncFailureRepository.RetryWrite;
import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.source.SourceRecord;
import io.github.crmsync.support.ProcessRuns;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Re-syncs a chunk of failures: expands them into units, sends the units' records to the
 * CRM and writes the outcomes back, in the chunk's transaction.
 * <ul>
 * <li>The chunk goes in slices of {@value #SLICE_SIZE} failures: while one slice's
 * records are with the CRM, the next slice's records load ({@link UnitLoader}, on its own
 * thread and connection), so neither the database nor the CRM waits for the other for
 * long. The outcomes are written once, at the end of the chunk, so that the lock every
 * writer of the failure list takes is held only from then to the commit, never during CRM
 * calls.</li>
 * <li>Every record is sent once per chunk, even when several units hold it, grouped by
 * object type in sync order (parents before children; the slices follow the sync order of
 * the failures' types), at most {@value CrmPort#MAX_BATCH_SIZE} per call (or all of a
 * slice in one bulk call above the CRM's bulk threshold). The calls of one type go out
 * together, as many at once as the CRM takes ({@link CrmCalls#upsertAll}), and all finish
 * before the next type's start. A record whose parent failed in this chunk is not sent
 * and fails naming the parent.</li>
 * <li>A unit re-synced when its record and every cascaded record succeeded: its row and
 * the rows of the records that re-synced are deleted. Any other unit's row gets a new
 * attempt: sync date now, attempts + 1 (up to
 * {@link io.github.crmsync.failures.SyncFailure#MAX_ATTEMPTS}), the new error.</li>
 * <li>Two statements per chunk, whatever its size, guarded: a row that someone else
 * changed (or purged) after it was read is left as it is and counted as such. A CRM that
 * stays unavailable after the retries throws: the chunk rolls back and its rows are
 * untouched.</li>
 * </ul>
 * Counts are added to the step's execution context only when the chunk commits
 * ({@link #afterChunk}). A chunk commits only while its run holds its job lock: it
 * verifies it before its CRM calls and before writing outcomes.
 */
class ResyncWriter implements ItemWriter<SyncFailure>, ChunkListener<SyncFailure, SyncFailure>, StepExecutionListener {

	/**
	 * How many failures are loaded at once: the next slice loads while this one is sent.
	 */
	static final int SLICE_SIZE = 5_000;

	private final CrmCalls crm;

	private final UnitLoader loader;

	private final CatalogRepository catalogRepository;

	private final SyncFailureRepository failures;

	private final ProcessRuns runs;

	private final Clock clock;

	private ObjectCatalog catalog;

	private StepExecution stepExecution;

	private RetryCounts pending = RetryCounts.zero();

	ResyncWriter(CrmCalls crm, UnitLoader loader, CatalogRepository catalogRepository, SyncFailureRepository failures,
			ProcessRuns runs, Clock clock) {
		this.runs = runs;
		this.crm = crm;
		this.loader = loader;
		this.catalogRepository = catalogRepository;
		this.failures = failures;
		this.clock = clock;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.stepExecution = stepExecution;
		this.catalog = this.catalogRepository.load();
		RetryCounts.from(stepExecution.getExecutionContext()).markStart(stepExecution.getExecutionContext());
	}

	@Override
	public void write(Chunk<? extends SyncFailure> chunk) {
		// before the CRM calls: a run that took the lock over waits for this chunk to end
		this.runs.verifyLock(this.stepExecution.getJobExecutionId());
		this.crm.takeCalls();
		Instant sentAt = this.clock.instant();
		List<List<SyncFailure>> slices = slices(chunk.getItems());
		Map<RecordKey, Delivery> deliveries = new HashMap<>();
		List<FailedAttempt> failed = new ArrayList<>();
		Set<RecordKey> failedRoots = new HashSet<>();
		Future<List<ResyncUnit>> next = slices.isEmpty() ? null : this.loader.load(slices.get(0));
		try {
			for (int i = 0; i < slices.size(); i++) {
				List<ResyncUnit> units = loaded(Objects.requireNonNull(next));
				next = (i + 1 < slices.size()) ? this.loader.load(slices.get(i + 1)) : null;
				send(units, deliveries);
				for (ResyncUnit unit : units) {
					FailedAttempt attempt = outcome(unit, deliveries);
					if (attempt != null) {
						failed.add(attempt);
						failedRoots.add(new RecordKey(unit.failure().objectType(), unit.failure().zuoraId()));
					}
				}
			}
		}
		finally {
			if (next != null) {
				next.cancel(true);
			}
		}
		Set<RecordKey> resynced = new HashSet<>();
		deliveries.forEach((key, delivery) -> {
			if (delivery.outcome().succeeded() && !failedRoots.contains(key)) {
				resynced.add(key);
			}
		});
		// the lock may have been lost while the CRM worked: then nothing of this chunk
		// commits
		this.runs.verifyLock(this.stepExecution.getJobExecutionId());
		RetryWrite written = this.failures.applyRetryOutcomes(resynced, sentAt, failed, this.clock.instant());
		long rootsDeleted = chunk.getItems()
			.stream()
			.filter((failure) -> written.deletedIds().contains(failure.id()))
			.count();
		long updated = written.updatedByCode().values().stream().mapToLong(Long::longValue).sum();
		long sent = deliveries.values().stream().filter(Delivery::sent).count();
		this.pending = this.pending.plus(
				new RetryCounts(rootsDeleted, written.updatedByCode(), sent, written.deletedIds().size() - rootsDeleted,
						this.crm.takeCalls(), chunk.size() - rootsDeleted - updated, this.crm.apiUsage()));
	}

	/**
	 * The chunk's failures in slices of {@value #SLICE_SIZE}, ordered by their object
	 * type's sync order (and as read within a type): a record's parent is then always
	 * sent in an earlier slice than the record, or in the same one before it, as if the
	 * chunk were sent whole.
	 */
	private List<List<SyncFailure>> slices(List<? extends SyncFailure> failures) {
		Map<String, Integer> order = new HashMap<>();
		List<ObjectType> types = this.catalog.types();
		for (int i = 0; i < types.size(); i++) {
			order.put(types.get(i).name(), i);
		}
		List<SyncFailure> sorted = new ArrayList<>(failures);
		sorted.sort(Comparator
			.comparingInt((SyncFailure failure) -> order.getOrDefault(failure.objectType(), Integer.MAX_VALUE)));
		List<List<SyncFailure>> slices = new ArrayList<>();
		for (int from = 0; from < sorted.size(); from += SLICE_SIZE) {
			slices.add(sorted.subList(from, Math.min(sorted.size(), from + SLICE_SIZE)));
		}
		return slices;
	}

	private static List<ResyncUnit> loaded(Future<List<ResyncUnit>> units) {
		try {
			return units.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while loading source records", ex);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * Sends the records of {@code units} not yet sent in this chunk, parents before
	 * children ({@link CrmCalls#upsertInSyncOrder}), each linked to its unit's CRM
	 * account, and adds what became of them to {@code deliveries}.
	 */
	private void send(List<ResyncUnit> units, Map<RecordKey, Delivery> deliveries) {
		List<Outgoing> outgoing = new ArrayList<>();
		for (ResyncUnit unit : units) {
			if (unit.problem() == null) {
				for (SourceRecord record : unit.records()) {
					String parentType = this.catalog.find(record.objectType()).map(ObjectType::parent).orElse(null);
					RecordKey parent = (parentType != null && record.parentId() != null)
							? new RecordKey(parentType, record.parentId()) : null;
					outgoing.add(new Outgoing(key(record), parent,
							new CrmRecord(record.zuoraId(), record.parentId(), record.fields(), unit.crmAccountId())));
				}
			}
		}
		this.crm.upsertInSyncOrder(this.catalog, outgoing, deliveries);
	}

	/** The unit's failed attempt, or {@code null} when it re-synced. */
	private static @Nullable FailedAttempt outcome(ResyncUnit unit, Map<RecordKey, Delivery> deliveries) {
		SyncFailure failure = unit.failure();
		ResyncUnit.Problem problem = unit.problem();
		if (problem != null) {
			return attempt(failure, problem.code(), problem.message());
		}
		SourceRecord root = unit.records().get(0);
		for (SourceRecord record : unit.records()) {
			CrmOutcome outcome = Objects.requireNonNull(deliveries.get(key(record)), "sent in this chunk").outcome();
			if (!outcome.succeeded()) {
				String said = Objects.requireNonNullElse(outcome.message(), "the CRM gave no reason");
				String message = (record == root) ? said
						: key(record) + " (cascaded from " + key(root) + ") failed: " + said;
				return attempt(failure, ErrorCode.of(outcome), message);
			}
		}
		return null;
	}

	private static FailedAttempt attempt(SyncFailure failure, ErrorCode code, String message) {
		return new FailedAttempt(failure.id(), code, message, failure.syncDate(), failure.attempts());
	}

	private static RecordKey key(SourceRecord record) {
		return new RecordKey(record.objectType(), record.zuoraId());
	}

	@Override
	public void afterChunk(Chunk<SyncFailure> chunk) {
		RetryCounts committed = RetryCounts.from(this.stepExecution.getExecutionContext()).plus(this.pending);
		committed.into(this.stepExecution.getExecutionContext());
		this.pending = RetryCounts.zero();
	}

	@Override
	public @Nullable ExitStatus afterStep(StepExecution stepExecution) {
		this.crm.close();
		this.loader.close();
		return null;
	}

	/**
	 * A chunk that rolls back changed no row, so its counts go; its CRM calls were made
	 * all the same and spent API allowance, so they count, and so does the API usage they
	 * saw (Spring Batch saves the context when the step ends).
	 */
	@Override
	public void onChunkError(Exception exception, Chunk<SyncFailure> chunk) {
		RetryCounts.from(this.stepExecution.getExecutionContext())
			.plus(RetryCounts.calls(this.crm.takeCalls(), this.crm.apiUsage()))
			.into(this.stepExecution.getExecutionContext());
		this.pending = RetryCounts.zero();
	}

}
