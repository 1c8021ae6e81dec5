package io.github.crmsync.retry;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.crmsync.failures.ErrorCode;
import io.github.crmsync.failures.SyncFailure;
import io.github.crmsync.source.RecordKey;
import io.github.crmsync.source.SourceRecord;
import io.github.crmsync.source.SourceRecordRepository;

import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Expands each failure into its {@link ResyncUnit}. Spring Batch reads a whole chunk before processing it, so the
 * records, descendants and billing accounts of the chunk are loaded once, in two queries, before the first item is
 * processed ({@link #beforeChunk}); processing an item is then a lookup, never a database round trip.
 * <p>
 * Checks before the CRM: a record that no longer exists fails with DACO-99; a record whose billing account has no
 * CRM ID fails with DACO-02 (and nothing of its unit is sent).
 */
class ResyncUnitProcessor implements ItemProcessor<SyncFailure, ResyncUnit>, ChunkListener<SyncFailure, ResyncUnit> {

	private final SourceRecordRepository sourceRecords;

	private Map<RecordKey, List<SourceRecord>> units = Map.of();

	private Map<String, String> accountCrmIds = Map.of();

	ResyncUnitProcessor(SourceRecordRepository sourceRecords) {
		this.sourceRecords = sourceRecords;
	}

	@Override
	public void beforeChunk(Chunk<SyncFailure> chunk) {
		Set<RecordKey> keys = chunk.getItems()
			.stream()
			.map((failure) -> new RecordKey(failure.objectType(), failure.zuoraId()))
			.collect(Collectors.toSet());
		this.units = this.sourceRecords.findWithDescendants(keys);
		Set<String> accounts = this.units.values()
			.stream()
			.map((records) -> records.get(0).accountId())
			.filter(Objects::nonNull)
			.collect(Collectors.toSet());
		this.accountCrmIds = accounts.isEmpty() ? Map.of() : this.sourceRecords.findAccountCrmIds(accounts);
	}

	@Override
	public ResyncUnit process(SyncFailure failure) {
		RecordKey key = new RecordKey(failure.objectType(), failure.zuoraId());
		List<SourceRecord> records = this.units.get(key);
		if (records == null) {
			return new ResyncUnit(failure, List.of(), new ResyncUnit.Problem(ErrorCode.DACO_99, "Source record " + key
					+ " no longer exists in the billing system: nothing to re-sync (purge the failure if it is gone for good)"));
		}
		SourceRecord root = records.get(0);
		if (!linked(root)) {
			String account = (root.accountId() != null) ? root.accountId() : root.zuoraId();
			return new ResyncUnit(failure, records, new ResyncUnit.Problem(ErrorCode.DACO_02,
					"Missing CRM ID: account " + account + " is not linked to a CRM account"));
		}
		return new ResyncUnit(failure, records, null);
	}

	private boolean linked(SourceRecord record) {
		if ("Account".equals(record.objectType()) && (record.accountId() == null || record.accountId().equals(record.zuoraId()))) {
			return record.crmId() != null;
		}
		return record.accountId() == null || this.accountCrmIds.get(record.accountId()) != null;
	}

}
