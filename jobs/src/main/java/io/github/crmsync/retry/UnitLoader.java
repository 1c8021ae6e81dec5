package io.github.crmsync.retry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.github.crmsync.failures.ErrorCode;
import io.github.crmsync.failures.SyncFailure;
import io.github.crmsync.catalog.RecordKey;
import io.github.crmsync.source.AccountLink;
import io.github.crmsync.source.SourceRecord;
import io.github.crmsync.source.SourceRecordRepository;
import io.github.crmsync.support.DaemonThreads;

/**
 * Expands failures into their {@link ResyncUnit}s: the records of a slice of failures,
 * their descendants and their billing accounts in two queries, then a lookup per failure,
 * never a database round trip per item.
 * <p>
 * {@link #load} works on a thread of its own, on a connection of its own outside the
 * chunk's transaction (source records are only read), so the writer can send one slice to
 * the CRM while the next one loads.
 * <p>
 * Checks before the CRM: a record that no longer exists fails with DACO-99; a record
 * whose billing account has no CRM ID fails with DACO-02 (and nothing of its unit is
 * sent), and so does one whose billing account's CRM ID cannot be a Salesforce Account ID
 * ({@link AccountLink}; the import refuses such an ID, but one may have been stored
 * before it did, or by SQL): the CRM could only refuse it on every record of the account,
 * and retrying cannot help until a person links the account, which is what DACO-02 means
 * (the daily retry leaves it alone; {@code retry --error-code DACO-02} after the link is
 * fixed). Only that account's units fail: the rest of the chunk is sent.
 * <p>
 * Every other unit carries its billing account's CRM ID, which links each of its records
 * to the account's Salesforce Account.
 */
class UnitLoader implements AutoCloseable {

	private final SourceRecordRepository sourceRecords;

	private final ExecutorService executor = Executors.newSingleThreadExecutor(DaemonThreads.named("unit-loader-"));

	UnitLoader(SourceRecordRepository sourceRecords) {
		this.sourceRecords = sourceRecords;
	}

	/** Starts loading the units of {@code failures}, in their order. */
	Future<List<ResyncUnit>> load(List<SyncFailure> failures) {
		return this.executor.submit(() -> expand(failures));
	}

	private List<ResyncUnit> expand(List<SyncFailure> failures) {
		Set<RecordKey> keys = failures.stream()
			.map((failure) -> new RecordKey(failure.objectType(), failure.zuoraId()))
			.collect(Collectors.toSet());
		Map<RecordKey, List<SourceRecord>> units = this.sourceRecords.findWithDescendants(keys);
		Set<String> accounts = units.values()
			.stream()
			.map((records) -> records.get(0).accountId())
			.filter(Objects::nonNull)
			.collect(Collectors.toSet());
		Map<String, String> accountCrmIds = accounts.isEmpty() ? Map.of()
				: this.sourceRecords.findAccountCrmIds(accounts);
		List<ResyncUnit> expanded = new ArrayList<>(failures.size());
		for (SyncFailure failure : failures) {
			expanded.add(unit(failure, units, accountCrmIds));
		}
		return expanded;
	}

	private static ResyncUnit unit(SyncFailure failure, Map<RecordKey, List<SourceRecord>> units,
			Map<String, String> accountCrmIds) {
		RecordKey key = new RecordKey(failure.objectType(), failure.zuoraId());
		List<SourceRecord> records = units.get(key);
		if (records == null) {
			return new ResyncUnit(failure, List.of(), new ResyncUnit.Problem(ErrorCode.DACO_99, "Source record " + key
					+ " no longer exists in the billing system: nothing to re-sync (purge the failure if it is gone for good)"),
					null);
		}
		AccountLink link = AccountLink.of(records.get(0), accountCrmIds);
		if (link.problem() != null) {
			return new ResyncUnit(failure, records, new ResyncUnit.Problem(ErrorCode.DACO_02, link.problem()), null);
		}
		return new ResyncUnit(failure, records, null, link.crmId());
	}

	/** Stops the loading thread. */
	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
