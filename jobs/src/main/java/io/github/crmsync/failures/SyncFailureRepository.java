package io.github.crmsync.failures;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import javax.sql.DataSource;

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

	static SyncFailure map(ResultSet rs) throws SQLException {
		return new SyncFailure(rs.getLong("id"), rs.getString("zuora_id"), rs.getString("object_type"),
				ErrorCode.fromCode(rs.getString("error_code")).orElseThrow(), rs.getString("error_message"),
				rs.getObject("sync_date", OffsetDateTime.class).toInstant(),
				rs.getObject("first_failed_at", OffsetDateTime.class).toInstant(),
				rs.getInt("attempts"));
	}

}
