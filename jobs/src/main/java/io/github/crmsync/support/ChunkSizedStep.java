package io.github.crmsync.support;

import java.util.function.IntFunction;

import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;

/**
 * A chunk-oriented step whose chunk size each launch gives as the job parameter
 * {@value #CHUNK_SIZE}, without being a job-scoped bean. Spring Batch's chunk-oriented
 * step takes its chunk size when it is built; a job-scoped step bean, the usual way to
 * give it one per run, is what Spring Batch advises against (spring-batch#3900): it
 * cannot be looked up outside a running job, so {@code JobOperator.stop} fails on it.
 * This step is a plain singleton that builds the chunk-oriented step for each execution
 * from its parameter; its reader and writer stay step-scoped.
 */
public final class ChunkSizedStep implements Step {

	/**
	 * The job parameter that gives the chunk size (failures per chunk, one transaction
	 * each).
	 */
	public static final String CHUNK_SIZE = "chunkSize";

	private final String name;

	private final IntFunction<Step> steps;

	/**
	 * @param name the step's name
	 * @param steps builds the step for a chunk size
	 */
	public ChunkSizedStep(String name, IntFunction<Step> steps) {
		this.name = name;
		this.steps = steps;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public void execute(StepExecution stepExecution) throws JobInterruptedException {
		Long chunkSize = stepExecution.getJobExecution().getJobParameters().getLong(CHUNK_SIZE);
		if (chunkSize == null || chunkSize < 1 || chunkSize > Integer.MAX_VALUE) {
			throw new IllegalStateException("Execution " + stepExecution.getJobExecutionId() + " has no valid "
					+ CHUNK_SIZE + " parameter: " + chunkSize);
		}
		this.steps.apply(chunkSize.intValue()).execute(stepExecution);
	}

}
