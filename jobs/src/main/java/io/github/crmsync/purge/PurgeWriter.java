package io.github.crmsync.purge;

import java.time.Clock;

import io.github.crmsync.failures.FailureSelection;
import io.github.crmsync.failures.SyncFailure;
import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.support.ProcessRuns;

import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

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

	private final ArchiveRepository archive;

	private final FailureSelection selection;

	private final ProcessRuns runs;

	private final Clock clock;

	private StepExecution stepExecution;

	private long pending;

	PurgeWriter(ArchiveRepository archive, FailureSelection selection, ProcessRuns runs, Clock clock) {
		this.runs = runs;
		this.archive = archive;
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
		this.pending += this.archive.archive(chunk.getItems().stream().map(SyncFailure::id).toList(), this.selection,
				this.clock.instant(), this.stepExecution.getJobExecutionId());
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
