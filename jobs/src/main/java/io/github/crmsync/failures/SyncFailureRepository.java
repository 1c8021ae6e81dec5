package io.github.crmsync.failures;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.github.crmsync.catalog.RecordKey;
import io.github.crmsync.support.SqlArrays;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Queries over the failure list. Lists stream: PostgreSQL sends rows in fetch-size
 * batches only inside a transaction, so every list runs in a read-only one and holds one
 * batch in memory at a time.
 */
@Repository
public class SyncFailureRepository {

	private static final int FETCH_SIZE = 1_000;

	/**
	 * Taken by every chunk that writes to the failure list (a retry's outcomes, a purge's
	 * move to the archive) before its first row: held until the chunk commits or rolls
	 * back, it keeps a retry and a purge from locking the same rows in different orders,
	 * which PostgreSQL ends by aborting one of them ("deadlock detected").
	 */
	public static final String LOCK_FOR_CHUNK_WRITES = "select pg_advisory_xact_lock(hashtext('crm-sync-jobs:writes'))";

	/**
	 * The columns of {@code sync_failure}, as every statement that reads a whole row
	 * lists them.
	 */
	public static final String COLUMNS = "id, zuora_id, object_type, error_code, error_message, sync_date, "
			+ "first_failed_at, attempts";

	/**
	 * A condition on {@code sync_failure}: the failure's object type is enabled for sync.
	 */
	public static final String OF_ENABLED_TYPE = "object_type in (select name from sync_object_type where enabled)";

	private final NamedParameterJdbcTemplate jdbc;

	private final TransactionTemplate readOnly;

	private final TransactionTemplate readWrite;

	SyncFailureRepository(DataSource dataSource, PlatformTransactionManager transactionManager) {
		JdbcTemplate template = new JdbcTemplate(dataSource);
		template.setFetchSize(FETCH_SIZE);
		this.jdbc = new NamedParameterJdbcTemplate(template);
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
		this.readWrite = new TransactionTemplate(transactionManager);
	}

	/** Keeps the Zuora IDs an operator selected under a request ID, for a job to read. */
	public void storeSelection(String requestId, List<String> ids) {
		if (!ids.isEmpty()) {
			this.jdbc.update("""
					insert into failure_selection (request_id, zuora_id)
					select :requestId, id from unnest(:ids) as id on conflict do nothing""",
					new MapSqlParameterSource().addValue("requestId", requestId)
						.addValue("ids", SqlArrays.text(ids), Types.ARRAY));
		}
	}

	/**
	 * What a selection holds, without changing anything: counts by object type and error
	 * code, and the first rows by ID. The selected IDs are stored for the query in a
	 * transaction that is rolled back.
	 * @param condition a further condition (the enabled-type filter of a retry), or
	 * {@code "true"}
	 */
	public Preview preview(FailureSelection selection, List<String> ids, String condition, int firstRows) {
		return this.readWrite.execute((status) -> {
			status.setRollbackOnly();
			if (selection.idsRequest() != null) {
				storeSelection(selection.idsRequest(), ids);
			}
			String where = selection.condition() + " and " + condition;
			MapSqlParameterSource params = new MapSqlParameterSource(selection.parameters()).addValue("firstRows",
					firstRows);
			Map<String, Map<ErrorCode, Long>> byType = new LinkedHashMap<>();
			long[] total = { 0 };
			this.jdbc.query("""
					select f.object_type, f.error_code, count(*) as failures
					from sync_failure f join sync_object_type t on t.name = f.object_type
					where %s group by t.sync_order, f.object_type, f.error_code
					order by t.sync_order, f.error_code""".formatted(where), params, (ResultSet rs) -> {
				Map<ErrorCode, Long> counts = byType.computeIfAbsent(rs.getString("object_type"), (type) -> zeros());
				counts.put(ErrorCode.fromCode(rs.getString("error_code")).orElseThrow(), rs.getLong("failures"));
				total[0] += rs.getLong("failures");
			});
			List<SyncFailure> first = this.jdbc.query(
					"select " + COLUMNS + " from sync_failure where " + where + " order by id limit :firstRows", params,
					(rs, row) -> map(rs));
			return new Preview(new FailureSummary(total[0], byType), first);
		});
	}

	/** What a dry run shows. */
	public record Preview(FailureSummary counts, List<SyncFailure> firstRows) {
	}

	/** Streams the failures that {@code query} selects, newest sync date first. */
	public void forEach(FailureQuery query, Consumer<SyncFailure> action) {
		StringBuilder sql = new StringBuilder("select " + COLUMNS + " from sync_failure where true");
		MapSqlParameterSource params = new MapSqlParameterSource();
		if (query.objectType() != null) {
			sql.append(" and object_type = :objectType");
			params.addValue("objectType", query.objectType());
		}
		if (query.errorCode() != null) {
			sql.append(" and error_code = :errorCode");
			params.addValue("errorCode", query.errorCode().code());
		}
		if (query.search() != null) {
			sql.append(" and error_message ilike :search escape '\\'");
			params.addValue("search",
					"%" + query.search().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
		}
		if (query.since() != null) {
			sql.append(" and sync_date >= :since");
			params.addValue("since", OffsetDateTime.ofInstant(query.since(), ZoneOffset.UTC));
		}
		if (query.until() != null) {
			sql.append(" and sync_date < :until");
			params.addValue("until", OffsetDateTime.ofInstant(query.until(), ZoneOffset.UTC));
		}
		sql.append(" order by sync_date desc, id desc");
		if (query.limit() > 0) {
			sql.append(" limit :limit");
			params.addValue("limit", query.limit());
		}
		this.readOnly.executeWithoutResult(
				(status) -> this.jdbc.query(sql.toString(), params, (ResultSet rs) -> action.accept(map(rs))));
	}

	/** Every failure of a Zuora ID (one per object type that has it), by object type. */
	public List<SyncFailure> findByZuoraId(String zuoraId) {
		return this.jdbc.query(
				"select " + COLUMNS + " from sync_failure where zuora_id = :zuoraId order by object_type",
				Map.of("zuoraId", zuoraId), (rs, row) -> map(rs));
	}

	/** The failure of row {@code id}, if listed. */
	public Optional<SyncFailure> findById(long id) {
		return this.jdbc
			.query("select " + COLUMNS + " from sync_failure where id = :id", Map.of("id", id), (rs, row) -> map(rs))
			.stream()
			.findFirst();
	}

	/** The failures listed for {@code keys}. */
	public List<SyncFailure> findByKeys(Collection<RecordKey> keys) {
		if (keys.isEmpty()) {
			return List.of();
		}
		return this.jdbc.query("""
				select f.* from sync_failure f join unnest(:types, :ids) as k (object_type, zuora_id)
					on f.object_type = k.object_type and f.zuora_id = k.zuora_id""",
				new MapSqlParameterSource()
					.addValue("types", SqlArrays.text(keys.stream().map(RecordKey::objectType).toList()), Types.ARRAY)
					.addValue("ids", SqlArrays.text(keys.stream().map(RecordKey::zuoraId).toList()), Types.ARRAY),
				(rs, row) -> map(rs));
	}

	/** The highest failure ID listed now (0 for an empty list): IDs only grow. */
	public long maxId() {
		Long max = this.jdbc.queryForObject("select coalesce(max(id), 0) from sync_failure", Map.of(), Long.class);
		return (max != null) ? max : 0;
	}

	public FailureSummary summary() {
		Map<String, Map<ErrorCode, Long>> byType = new LinkedHashMap<>();
		long[] total = { 0 };
		this.jdbc.query("""
				select f.object_type, f.error_code, count(*) as failures
				from sync_failure f join sync_object_type t on t.name = f.object_type
				group by t.sync_order, f.object_type, f.error_code
				order by t.sync_order, f.error_code""", (ResultSet rs) -> {
			Map<ErrorCode, Long> counts = byType.computeIfAbsent(rs.getString("object_type"), (type) -> zeros());
			long count = rs.getLong("failures");
			counts.put(ErrorCode.fromCode(rs.getString("error_code")).orElseThrow(), count);
			total[0] += count;
		});
		return new FailureSummary(total[0], byType);
	}

	private static Map<ErrorCode, Long> zeros() {
		Map<ErrorCode, Long> counts = new EnumMap<>(ErrorCode.class);
		for (ErrorCode code : ErrorCode.values()) {
			counts.put(code, 0L);
		}
		return counts;
	}

	/**
	 * Writes a chunk's retry outcomes with two statements (after
	 * {@link #LOCK_FOR_CHUNK_WRITES}), each guarded so that a row that someone else
	 * changed in the meantime is never overwritten:
	 * <ul>
	 * <li>deletes the failures of the records that re-synced, unless a failure was
	 * recorded after the records were sent ({@code sync_date > sentAt});</li>
	 * <li>records a new failed attempt (sync date, attempts + 1, the new error) on the
	 * rows that failed again, unless their sync date or attempts moved since they were
	 * read (or they were purged). The count stops growing at
	 * {@link SyncFailure#MAX_ATTEMPTS}: one row stored with the column's maximum must not
	 * fail the statement ("integer out of range"), and with it its chunk, on every
	 * run.</li>
	 * </ul>
	 * @return what the statements did, from the rows they touched
	 */
	public RetryWrite applyRetryOutcomes(Collection<RecordKey> resynced, Instant sentAt,
			Collection<FailedAttempt> failed, Instant at) {
		Set<Long> deleted = new HashSet<>();
		if (!resynced.isEmpty() || !failed.isEmpty()) {
			this.jdbc.getJdbcOperations().execute(LOCK_FOR_CHUNK_WRITES);
		}
		if (!resynced.isEmpty()) {
			this.jdbc.query("""
					delete from sync_failure f
					using unnest(:types, :ids) as r (object_type, zuora_id)
					where f.object_type = r.object_type and f.zuora_id = r.zuora_id and f.sync_date <= :sentAt
					returning f.id""", new MapSqlParameterSource()
				.addValue("types", SqlArrays.text(resynced.stream().map(RecordKey::objectType).toList()), Types.ARRAY)
				.addValue("ids", SqlArrays.text(resynced.stream().map(RecordKey::zuoraId).toList()), Types.ARRAY)
				.addValue("sentAt", OffsetDateTime.ofInstant(sentAt, ZoneOffset.UTC)), (ResultSet rs) -> {
					deleted.add(rs.getLong(1));
				});
		}
		Map<ErrorCode, Long> updated = new EnumMap<>(ErrorCode.class);
		for (ErrorCode code : ErrorCode.values()) {
			updated.put(code, 0L);
		}
		if (!failed.isEmpty()) {
			this.jdbc.query("""
					update sync_failure f set sync_date = greatest(:at, f.sync_date),
						attempts = case when f.attempts < :maxAttempts then f.attempts + 1 else f.attempts end,
						error_code = u.error_code, error_message = u.error_message
					from unnest(:ids, :codes, :messages, cast(:readSyncDates as timestamptz[]), :readAttempts)
						as u (id, error_code, error_message, read_sync_date, read_attempts)
					where f.id = u.id and f.sync_date = u.read_sync_date and f.attempts = u.read_attempts
					returning f.error_code""", new MapSqlParameterSource()
				.addValue("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
				.addValue("maxAttempts", SyncFailure.MAX_ATTEMPTS)
				.addValue("ids", SqlArrays.bigint(failed.stream().map(FailedAttempt::id).toList()), Types.ARRAY)
				.addValue("codes", SqlArrays.text(failed.stream().map((f) -> f.errorCode().code()).toList()),
						Types.ARRAY)
				.addValue("messages", SqlArrays.text(failed.stream().map(FailedAttempt::errorMessage).toList()),
						Types.ARRAY)
				.addValue("readSyncDates",
						SqlArrays.text(failed.stream().map((f) -> f.readSyncDate().toString()).toList()), Types.ARRAY)
				.addValue("readAttempts", SqlArrays.integer(failed.stream().map(FailedAttempt::readAttempts).toList()),
						Types.ARRAY),
					(ResultSet rs) -> {
						updated.merge(ErrorCode.fromCode(rs.getString(1)).orElseThrow(), 1L, Long::sum);
					});
		}
		return new RetryWrite(deleted, updated);
	}

	/**
	 * A failure row that failed again.
	 *
	 * @param id the row
	 * @param errorCode the new error code
	 * @param errorMessage the new message
	 * @param readSyncDate the sync date the row had when read
	 * @param readAttempts the attempts the row had when read
	 */
	public record FailedAttempt(long id, ErrorCode errorCode, String errorMessage, Instant readSyncDate,
			int readAttempts) {
	}

	/**
	 * What {@link #applyRetryOutcomes} did.
	 *
	 * @param deletedIds the rows deleted
	 * @param updatedByCode the rows updated, by their new error code
	 */
	public record RetryWrite(Set<Long> deletedIds, Map<ErrorCode, Long> updatedByCode) {
	}

	public static SyncFailure map(ResultSet rs) throws SQLException {
		return new SyncFailure(rs.getLong("id"), rs.getString("zuora_id"), rs.getString("object_type"),
				ErrorCode.fromCode(rs.getString("error_code")).orElseThrow(), rs.getString("error_message"),
				rs.getObject("sync_date", OffsetDateTime.class).toInstant(),
				rs.getObject("first_failed_at", OffsetDateTime.class).toInstant(), rs.getInt("attempts"));
	}

}
