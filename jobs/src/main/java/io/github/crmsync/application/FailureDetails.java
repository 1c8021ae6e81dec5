package io.github.crmsync.application;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.crmsync.catalog.RecordKey;
import io.github.crmsync.failures.SyncFailure;
import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.source.AccountLink;
import io.github.crmsync.source.SourceRecord;
import io.github.crmsync.source.SourceRecordRepository;
import io.github.crmsync.support.InvalidInputException;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * Everything about the failures of one record: the failure's fields, its source record,
 * and per type of the records that cascade from it, how many there are and how many of
 * them are failing.
 */
@Service
public class FailureDetails {

	private final SyncFailureRepository failures;

	private final SourceRecordRepository records;

	FailureDetails(SyncFailureRepository failures, SourceRecordRepository records) {
		this.failures = failures;
		this.records = records;
	}

	/**
	 * The failures of Zuora ID {@code id} (one per object type that has it; only
	 * {@code objectType}'s if given), or, for a number that is no listed Zuora ID, the
	 * failure of that row ID (the {@code ID} column of the list).
	 */
	public List<FailureDetail> of(String id, String objectType) {
		List<SyncFailure> found = this.failures.findByZuoraId(id)
			.stream()
			.filter((failure) -> objectType == null || failure.objectType().equals(objectType))
			.toList();
		if (found.isEmpty() && id.matches("[0-9]{1,18}")) {
			found = this.failures.findById(Long.parseLong(id))
				.filter((failure) -> objectType == null || failure.objectType().equals(objectType))
				.stream()
				.toList();
		}
		if (found.isEmpty()) {
			throw new InvalidInputException("no failure is listed for Zuora ID (or row ID) '" + id + "'"
					+ ((objectType != null) ? " of type " + objectType : ""));
		}
		Map<RecordKey, List<SourceRecord>> units = this.records
			.findWithDescendants(found.stream().map(FailureDetails::key).toList());
		Set<String> accounts = units.values()
			.stream()
			.map((unit) -> AccountLink.accountOf(unit.get(0)))
			.filter(Objects::nonNull)
			.collect(Collectors.toSet());
		Map<String, String> accountCrmIds = accounts.isEmpty() ? Map.of() : this.records.findAccountCrmIds(accounts);
		List<FailureDetail> details = new ArrayList<>();
		for (SyncFailure failure : found) {
			details.add(detail(failure, units.get(key(failure)), accountCrmIds));
		}
		return details;
	}

	private FailureDetail detail(SyncFailure failure, @Nullable List<SourceRecord> unit,
			Map<String, String> accountCrmIds) {
		if (unit == null) {
			return new FailureDetail(failure, null, null, Map.of());
		}
		List<SourceRecord> children = unit.subList(1, unit.size());
		Set<RecordKey> failing = this.failures
			.findByKeys(children.stream().map((child) -> new RecordKey(child.objectType(), child.zuoraId())).toList())
			.stream()
			.map(FailureDetails::key)
			.collect(Collectors.toSet());
		Map<String, Cascaded> byType = new LinkedHashMap<>();
		for (SourceRecord child : children) {
			boolean isFailing = failing.contains(new RecordKey(child.objectType(), child.zuoraId()));
			byType.merge(child.objectType(), new Cascaded(1, isFailing ? 1 : 0),
					(a, b) -> new Cascaded(a.records() + b.records(), a.failing() + b.failing()));
		}
		return new FailureDetail(failure, unit.get(0), AccountLink.of(unit.get(0), accountCrmIds), byType);
	}

	private static RecordKey key(SyncFailure failure) {
		return new RecordKey(failure.objectType(), failure.zuoraId());
	}

	/**
	 * One failure with its record.
	 *
	 * @param failure the failure row
	 * @param source its source record, or {@code null} when it no longer exists
	 * @param link the CRM account a re-sync links it (and its cascaded records) to, as
	 * the retry decides it, or {@code null} without a source record
	 * @param cascaded per type of the records that cascade from it: how many, how many
	 * failing
	 */
	public record FailureDetail(SyncFailure failure, @Nullable SourceRecord source, @Nullable AccountLink link,
			Map<String, Cascaded> cascaded) {
	}

	/**
	 * How many records of a type cascade from a failure's record, and how many of them
	 * fail.
	 */
	public record Cascaded(long records, long failing) {
	}

}
