package io.github.crmsync.failures;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.github.crmsync.source.RecordKey;
import io.github.crmsync.support.SqlArrays;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Queries over the failure list. Lists stream: PostgreSQL sends rows in fetch-size batches only inside a
 * transaction, so every list runs in a read-only one and holds one batch in memory at a time.
 */
@Repository
public class SyncFailureRepository {

	private static final int FETCH_SIZE = 1_000;

	private final NamedParameterJdbcTemplate jdbc;

	private final TransactionTemplate readOnly;

	SyncFailureRepository(DataSource dataSource, PlatformTransactionManager transactionManager) {
		JdbcTemplate template = new JdbcTemplate(dataSource);
		template.setFetchSize(FETCH_SIZE);
		this.jdbc = new NamedParameterJdbcTemplate(template);
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
	}

	/** Streams the failures that {@code query} selects, newest sync date first. */
	public void forEach(FailureQuery query, Consumer<SyncFailure> action) {
		StringBuilder sql = new StringBuilder("""
				select id, zuora_id, object_type, error_code, error_message, sync_date, first_failed_at, attempts
				from sync_failure where true""");
		MapSqlParameterSource params = new MapSqlParameterSource();
		if (query.objectType() != null) {
			sql.append(" and object_type = :objectType");
			params.addValue("objectType", query.objectType());
		}
		if (query.errorCode() != null) {
			sql.append(" and error_code = :errorCode");
			params.addValue("errorCode", query.errorCode().code());
		}
		sql.append(" order by sync_date desc, id desc");
		if (query.limit() > 0) {
			sql.append(" limit :limit");
			params.addValue("limit", query.limit());
		}
		this.readOnly.executeWithoutResult(
				(status) -> this.jdbc.query(sql.toString(), params, (ResultSet rs) -> action.accept(map(rs))));
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
	 * Writes a chunk's retry outcomes with two statements: deletes the failures of the records that re-synced, and
	 * records a new failed attempt (sync date, attempts + 1, the new error) on the rows that failed again.
	 * @return the number of rows deleted
	 */
	public int applyRetryOutcomes(Collection<RecordKey> resynced, Collection<FailedAttempt> failed, Instant at) {
		int deleted = 0;
		if (!resynced.isEmpty()) {
			deleted = this.jdbc.update("""
					delete from sync_failure f
					using unnest(:types, :ids) as r (object_type, zuora_id)
					where f.object_type = r.object_type and f.zuora_id = r.zuora_id""",
					new MapSqlParameterSource()
						.addValue("types", SqlArrays.text(resynced.stream().map(RecordKey::objectType).toList()), Types.ARRAY)
						.addValue("ids", SqlArrays.text(resynced.stream().map(RecordKey::zuoraId).toList()), Types.ARRAY));
		}
		if (!failed.isEmpty()) {
			this.jdbc.update("""
					update sync_failure f set sync_date = greatest(:at, f.sync_date), attempts = f.attempts + 1,
						error_code = u.error_code, error_message = u.error_message
					from unnest(:ids, :codes, :messages) as u (id, error_code, error_message)
					where f.id = u.id""",
					new MapSqlParameterSource().addValue("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
						.addValue("ids", SqlArrays.bigint(failed.stream().map(FailedAttempt::id).toList()), Types.ARRAY)
						.addValue("codes", SqlArrays.text(failed.stream().map((f) -> f.errorCode().code()).toList()), Types.ARRAY)
						.addValue("messages", SqlArrays.text(failed.stream().map(FailedAttempt::errorMessage).toList()), Types.ARRAY));
		}
		return deleted;
	}

	/** A failure row that failed again. */
	public record FailedAttempt(long id, ErrorCode errorCode, String errorMessage) {
	}

	public static SyncFailure map(ResultSet rs) throws SQLException {
		return new SyncFailure(rs.getLong("id"), rs.getString("zuora_id"), rs.getString("object_type"),
				ErrorCode.fromCode(rs.getString("error_code")).orElseThrow(), rs.getString("error_message"),
				rs.getObject("sync_date", OffsetDateTime.class).toInstant(),
				rs.getObject("first_failed_at", OffsetDateTime.class).toInstant(),
				rs.getInt("attempts"));
	}

}
