package io.github.crmsync.purge;

import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.github.crmsync.failures.FailureSelection;
import io.github.crmsync.failures.SyncFailure;
import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.support.ProcessRuns;
import io.github.crmsync.support.SqlArrays;

import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Moves a chunk of failures to the archive with one statement (after
 * {@link SyncFailureRepository#LOCK_FOR_CHUNK_WRITES}, so that a retry's chunk and this
 * one never deadlock): deleted and archived together, only those that still match the
 * selection (a row that a retry changed so that it no longer matches, or re-synced, stays
 * out). The count of rows moved is added to the step's context when the chunk commits. A
 * chunk commits only while its run holds the purge lock ({@link ProcessRuns#verifyLock}).
 */
class PurgeWriter implements ItemWriter<SyncFailure>, ChunkListener<SyncFailure, SyncFailure>, StepExecutionListener {

	static final String PURGED = "crmsync.purge.purged";

	private final NamedParameterJdbcTemplate jdbc;

	private final FailureSelection selection;

	private final ProcessRuns runs;

	private final Clock clock;

	private StepExecution stepExecution;

	private long pending;

	PurgeWriter(NamedParameterJdbcTemplate jdbc, FailureSelection selection, ProcessRuns runs, Clock clock) {
		this.runs = runs;
		this.jdbc = jdbc;
		this.selection = selection;
		this.clock = clock;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.stepExecution = stepExecution;
	}

	@Override
	public void write(Chunk<? extends SyncFailure> chunk) {
		this.runs.verifyLock(this.stepExecution.getJobExecutionId());
		MapSqlParameterSource params = new MapSqlParameterSource(this.selection.parameters())
			.addValue("ids", SqlArrays.bigint(chunk.getItems().stream().map(SyncFailure::id).toList()), Types.ARRAY)
			.addValue("purgedAt", OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC))
			.addValue("executionId", this.stepExecution.getJobExecutionId());
		this.jdbc.getJdbcOperations().execute(SyncFailureRepository.LOCK_FOR_CHUNK_WRITES);
		Long moved = this.jdbc.queryForObject("""
				with moved as (
					delete from sync_failure where id = any(:ids) and %s
					returning id, zuora_id, object_type, error_code, error_message, sync_date, first_failed_at, attempts
				), archived as (
					insert into sync_failure_archive (id, zuora_id, object_type, error_code, error_message, sync_date,
						first_failed_at, attempts, purged_at, job_execution_id)
					select id, zuora_id, object_type, error_code, error_message, sync_date, first_failed_at, attempts,
					       :purgedAt, :executionId from moved
					returning id)
				select count(*) from archived""".formatted(this.selection.condition()), params, Long.class);
		this.pending += (moved != null) ? moved : 0;
	}

	@Override
	public void afterChunk(Chunk<SyncFailure> chunk) {
		var context = this.stepExecution.getExecutionContext();
		context.putLong(PURGED, context.getLong(PURGED, 0L) + this.pending);
		this.pending = 0;
	}

	@Override
	public void onChunkError(Exception exception, Chunk<SyncFailure> chunk) {
		this.pending = 0;
	}

}
