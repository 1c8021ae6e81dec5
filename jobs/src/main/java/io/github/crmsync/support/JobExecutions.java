package io.github.crmsync.support;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;

/**
 * Looks up job executions by the ID an operator typed.
 */
public final class JobExecutions {

	private JobExecutions() {
	}

	/**
	 * The execution, or {@code null} if there is none
	 * ({@link JobRepository#getJobExecution(long)} throws for an unknown ID in Spring
	 * Batch 6.0 instead of returning {@code null} as it says).
	 */
	/**
	 * {@code execution} as the job repository holds it once it ended (with its steps and
	 * contexts).
	 */
	public static JobExecution reloaded(JobRepository jobRepository, JobExecution execution) {
		JobExecution stored = find(jobRepository, execution.getId());
		return (stored != null) ? stored : execution;
	}

	public static @Nullable JobExecution find(JobRepository jobRepository, long executionId) {
		try {
			return jobRepository.getJobExecution(executionId);
		}
		catch (EmptyResultDataAccessException ex) {
			return null;
		}
	}

}
