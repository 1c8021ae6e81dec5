package io.github.crmsync.purge;

import java.util.Map;

import javax.sql.DataSource;

import io.github.crmsync.failures.FailureSelection;
import io.github.crmsync.failures.FailureSelector;
import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.support.AnotherRunActiveException;
import io.github.crmsync.support.InvalidInputException;
import io.github.crmsync.support.JobLock;
import io.github.crmsync.support.JobExecutions;
import io.github.crmsync.support.ProcessIdentity;
import io.github.crmsync.support.ProcessRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Launches {@code purgeJob} (each launch a job instance of its own) and restores what a purge archived.
 */
@Service
public class PurgeService {

	private static final Logger logger = LoggerFactory.getLogger(PurgeService.class);

	private final JobRepository jobRepository;

	private final Job purgeJob;

	private final SyncFailureRepository failures;

	private final NamedParameterJdbcTemplate jdbc;

	private final PurgeSettings settings;

	private final DataSource dataSource;

	private final ProcessRuns runs;

	PurgeService(JobRepository jobRepository, Job purgeJob, SyncFailureRepository failures,
			NamedParameterJdbcTemplate jdbc, PurgeSettings settings, DataSource dataSource, ProcessRuns runs) {
		this.dataSource = dataSource;
		this.runs = runs;
		this.jobRepository = jobRepository;
		this.purgeJob = purgeJob;
		this.failures = failures;
		this.jdbc = jdbc;
		this.settings = settings;
	}

	public PurgeReport purge(FailureSelector.Selected selected, Integer chunkSize, String requestedBy)
			throws Exception {
		return exclusively((lock) -> run(lock, selected, chunkSize, requestedBy));
	}

	private PurgeReport run(JobLock lock, FailureSelector.Selected selected, Integer chunkSize, String requestedBy)
			throws Exception {
		FailureSelection selection = selected.selection();
		if (selection.idsRequest() != null) {
			this.failures.storeSelection(selection.idsRequest(), selected.ids());
		}
		JobParametersBuilder builder = ProcessIdentity.addTo(selection.toJobParameters()
			.addLong("chunkSize", (long) ((chunkSize != null) ? chunkSize : this.settings.chunkSize()), false), requestedBy);
		JobExecution execution = this.runs.launch(lock,
				(operator) -> operator.start(this.purgeJob, builder.toJobParameters()));
		PurgeReport report = PurgeReport.of(execution);
		logger.info("purgeJob report: {}", report.asMap());
		return report;
	}

	/** Restarts a FAILED or STOPPED purge from its last committed chunk, holding the purge lock. */
	public PurgeReport restart(JobExecution execution) throws Exception {
		return exclusively((lock) -> PurgeReport.of(this.runs.launch(lock, (operator) -> operator.restart(execution))));
	}

	/** Runs {@code purge} holding the purge lock: one purge at a time. */
	private PurgeReport exclusively(Purge purge) throws Exception {
		try (JobLock lock = JobLock.tryAcquire(this.dataSource, JobLock.PURGE)) {
			if (lock == null) {
				throw new AnotherRunActiveException("another purge is active (it holds the lock " + JobLock.PURGE + ")");
			}
			return purge.run(lock);
		}
	}

	@FunctionalInterface
	private interface Purge {

		PurgeReport run(JobLock lock) throws Exception;

	}

	/**
	 * Puts back what purge execution {@code executionId} archived. A failure whose record is listed again since
	 * (a newer failure) is not restored and stays in the archive.
	 * @return restored and not restored counts
	 */
	@Transactional
	public Map<String, Long> restore(long executionId) {
		JobExecution execution = JobExecutions.find(this.jobRepository, executionId);
		if (execution == null || !PurgeJobConfiguration.JOB_NAME.equals(execution.getJobInstance().getJobName())) {
			throw new InvalidInputException("execution " + executionId + " is not a purge (purgeJob) execution");
		}
		Map<String, Object> params = Map.of("executionId", executionId);
		Long archived = this.jdbc.queryForObject(
				"select count(*) from sync_failure_archive where job_execution_id = :executionId", params, Long.class);
		if (archived == null || archived == 0) {
			throw new InvalidInputException("nothing of purge execution " + executionId
					+ " is in the archive (restored already, or dropped after the retention of "
					+ this.settings.archiveRetention() + ")");
		}
		this.jdbc.getJdbcOperations().execute(SyncFailureRepository.LOCK_FOR_CHUNK_WRITES);
		Long restored = this.jdbc.queryForObject("""
				with restored as (
					insert into sync_failure (id, zuora_id, object_type, error_code, error_message, sync_date,
						first_failed_at, attempts)
					overriding system value
					select id, zuora_id, object_type, error_code, error_message, sync_date, first_failed_at, attempts
					from sync_failure_archive where job_execution_id = :executionId
					on conflict do nothing
					returning id
				), removed as (
					delete from sync_failure_archive a using restored r where a.id = r.id returning a.id)
				select count(*) from removed""", params, Long.class);
		long put = (restored != null) ? restored : 0;
		logger.info("Restored {} failures purged by execution {}; {} left in the archive", put, executionId,
				archived - put);
		return Map.of("restored", put, "notRestored", archived - put);
	}


}
