package io.github.crmsync.support;

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
	 * The execution, or {@code null} if there is none ({@link JobRepository#getJobExecution(long)} throws for an
	 * unknown ID in Spring Batch 6.0 instead of returning {@code null} as it says).
	 */
	public static JobExecution find(JobRepository jobRepository, long executionId) {
		try {
			return jobRepository.getJobExecution(executionId);
		}
		catch (EmptyResultDataAccessException ex) {
			return null;
		}
	}

}
