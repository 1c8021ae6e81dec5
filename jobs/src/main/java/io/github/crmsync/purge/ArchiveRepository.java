package io.github.crmsync.purge;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.github.crmsync.failures.FailureSelection;
import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.support.Rows;
import io.github.crmsync.support.SqlArrays;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The archive of purged failures ({@code sync_failure_archive}): every statement on it. A
 * purge's chunk moves rows into it, a restore moves them back, and every purge drops what
 * is older than the retention. Each write to the failure list takes
 * {@link SyncFailureRepository#LOCK_FOR_CHUNK_WRITES} first, as every writer of the list
 * does, so that two writers never lock rows in different orders.
 */
@Repository
public class ArchiveRepository {

	private final NamedParameterJdbcTemplate jdbc;

	ArchiveRepository(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Moves the failures {@code ids} that still match {@code selection} (a row that a
	 * retry changed so that it no longer matches, or re-synced, stays out) from the list
	 * to the archive, in one statement.
	 * @return how many moved
	 */
	public long archive(Collection<Long> ids, FailureSelection selection, Instant purgedAt, long executionId) {
		MapSqlParameterSource params = new MapSqlParameterSource(selection.parameters())
			.addValue("ids", SqlArrays.bigint(ids), Types.ARRAY)
			.addValue("purgedAt", OffsetDateTime.ofInstant(purgedAt, ZoneOffset.UTC))
			.addValue("executionId", executionId);
		this.jdbc.getJdbcOperations().execute(SyncFailureRepository.LOCK_FOR_CHUNK_WRITES);
		Long moved = this.jdbc.queryForObject("""
				with moved as (
					delete from sync_failure where id = any(:ids) and %s
					returning %s
				), archived as (
					insert into sync_failure_archive (%2$s, purged_at, job_execution_id)
					select %2$s, :purgedAt, :executionId from moved
					returning id)
				select count(*) from archived""".formatted(selection.condition(), SyncFailureRepository.COLUMNS),
				params, Long.class);
		return (moved != null) ? moved : 0;
	}

	/** Drops the archived failures purged before {@code cutoff}; returns how many. */
	public int dropPurgedBefore(Instant cutoff) {
		return this.jdbc.update("delete from sync_failure_archive where purged_at < :cutoff",
				Map.of("cutoff", OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)));
	}

	/** How many failures purge execution {@code executionId} left in the archive. */
	public long countArchivedBy(long executionId) {
		Long archived = this.jdbc.queryForObject(
				"select count(*) from sync_failure_archive where job_execution_id = :executionId",
				Map.of("executionId", executionId), Long.class);
		return (archived != null) ? archived : 0;
	}

	/**
	 * Puts back what purge execution {@code executionId} archived, never hiding a newer
	 * failure behind an older one, in the caller's transaction: of each record the purge
	 * archived, its newest archived failure comes back (with its ID) where the list holds
	 * no failure of that record, or an older one, whose place it takes (keeping the
	 * earlier {@code first_failed_at} and the larger {@code attempts} of the two, as both
	 * count the attempts of one record). It stays archived where the list holds a failure
	 * of the record as new or newer (same {@code sync_date}: the one reported last,
	 * listed, wins, as in an import), or another purge archived a newer one (restoring
	 * this one would hide it; restore that purge). "Newer" is a later {@code sync_date},
	 * as in an import.
	 */
	public RestoreReport restore(long executionId) {
		Map<String, Object> params = Map.of("executionId", executionId);
		this.jdbc.getJdbcOperations().execute(SyncFailureRepository.LOCK_FOR_CHUNK_WRITES);
		// of each record, the newest failure this purge archived, where nothing as new or
		// newer is listed or archived
		this.jdbc.update("""
				create temporary table restoring on commit drop as
				select a.id, a.zuora_id, a.object_type, a.error_code, a.error_message, a.sync_date,
				       least(a.first_failed_at, f.first_failed_at) as first_failed_at,
				       greatest(a.attempts, f.attempts) as attempts, f.id as replaces
				from (select distinct on (object_type, zuora_id) * from sync_failure_archive
				      where job_execution_id = :executionId
				      order by object_type, zuora_id, sync_date desc, id desc) a
				left join sync_failure f on f.object_type = a.object_type and f.zuora_id = a.zuora_id
				where (f.id is null or f.sync_date < a.sync_date)
				and not exists (select 1 from sync_failure_archive n
					where n.object_type = a.object_type and n.zuora_id = a.zuora_id
					and n.job_execution_id <> :executionId and (n.sync_date, n.id) > (a.sync_date, a.id))""", params);
		long replaced = this.jdbc.update("delete from sync_failure f using restoring r where f.id = r.replaces",
				params);
		Long restored = this.jdbc.queryForObject("""
				with restored as (
					insert into sync_failure (%1$s) overriding system value
					select %1$s from restoring
					returning id
				), removed as (
					delete from sync_failure_archive a using restored r where a.id = r.id returning a.id)
				select count(*) from removed""".formatted(SyncFailureRepository.COLUMNS), params, Long.class);
		// what stays archived: behind a failure listed (as new or newer), else behind a
		// newer one of another purge
		Map<String, Object> left = this.jdbc.queryForMap(
				"""
						select count(*) filter (where listed) as newer_listed, count(*) filter (where not listed) as newer_archived
						from (select exists (select 1 from sync_failure f
								where f.object_type = a.object_type and f.zuora_id = a.zuora_id and f.sync_date >= a.sync_date)
								as listed
							from sync_failure_archive a where a.job_execution_id = :executionId) s""",
				params);
		List<Long> newerArchivedBy = this.jdbc.queryForList("""
				select distinct n.job_execution_id from sync_failure_archive a
				join sync_failure_archive n on n.object_type = a.object_type and n.zuora_id = a.zuora_id
					and n.job_execution_id <> :executionId and (n.sync_date, n.id) > (a.sync_date, a.id)
				where a.job_execution_id = :executionId
				and not exists (select 1 from sync_failure f
					where f.object_type = a.object_type and f.zuora_id = a.zuora_id and f.sync_date >= a.sync_date)
				order by 1""", params, Long.class);
		return new RestoreReport(executionId, (restored != null) ? restored : 0, replaced,
				Rows.count(left, "newer_listed"), Rows.count(left, "newer_archived"), newerArchivedBy);
	}

}
