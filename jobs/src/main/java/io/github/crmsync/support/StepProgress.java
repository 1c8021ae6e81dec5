package io.github.crmsync.support;

import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * The progress of one chunk-oriented step execution ({@link Progress}): its total is what
 * the step has to read, counted when the step opens (for a restart, what is left after
 * the last committed chunk), and it moves on when a chunk is written. Register it on the
 * step as a stream and as a listener, a new one per step execution.
 *
 * @param <I> what the step reads
 * @param <O> what it writes
 */
public class StepProgress<I, O> implements ItemStream, ChunkListener<I, O> {

	/**
	 * The key of the step execution's context that holds the total, saved with the first
	 * chunk that commits: a step's progress is its read count of this total, for anyone
	 * who reads the job repository (the history, another process).
	 */
	public static final String TOTAL = "progress.total";

	private final Progress progress;

	private final String name;

	private final Progress.Unit unit;

	private final ToLongFunction<ExecutionContext> remaining;

	private Progress.@Nullable Task task;

	private long done;

	private long reading;

	/**
	 * @param progress where the progress goes
	 * @param name the step's name
	 * @param unit what the step reads
	 * @param remaining how much a step opened on an execution context has to read
	 */
	public StepProgress(Progress progress, String name, Progress.Unit unit,
			ToLongFunction<ExecutionContext> remaining) {
		this.progress = progress;
		this.name = name;
		this.unit = unit;
		this.remaining = remaining;
	}

	@Override
	public void open(ExecutionContext executionContext) {
		this.done = 0;
		long total = this.remaining.applyAsLong(executionContext);
		executionContext.putLong(TOTAL, total);
		this.task = this.progress.start(this.name, this.unit, () -> total);
	}

	@Override
	public void beforeChunk(Chunk<I> chunk) {
		this.reading = chunk.size();
	}

	@Override
	public void afterChunk(Chunk<O> chunk) {
		this.done += this.reading;
		Progress.Task current = this.task;
		if (current != null) {
			current.stepTo(this.done);
		}
	}

	@Override
	public void close() {
		Progress.Task current = this.task;
		this.task = null;
		if (current != null) {
			current.close();
		}
	}

}
