package io.github.crmsync.purge;

import java.util.Map;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import io.github.crmsync.failures.FailureSelection;
import io.github.crmsync.failures.FailureSelector;
import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.support.AnotherRunActiveException;
import io.github.crmsync.support.InvalidInputException;
import io.github.crmsync.support.JobLock;
import io.github.crmsync.support.JobExecutions;
import io.github.crmsync.support.JobFailures;
import io.github.crmsync.support.ProcessIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
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

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job purgeJob;

	private final SyncFailureRepository failures;

	private final NamedParameterJdbcTemplate jdbc;

	private final PurgeSettings settings;

	private final DataSource dataSource;

	PurgeService(JobOperator jobOperator, JobRepository jobRepository, Job purgeJob, SyncFailureRepository failures,
			NamedParameterJdbcTemplate jdbc, PurgeSettings settings, DataSource dataSource) {
		this.dataSource = dataSource;
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.purgeJob = purgeJob;
		this.failures = failures;
		this.jdbc = jdbc;
		this.settings = settings;
	}

	public PurgeReport purge(FailureSelector.Selected selected, Integer chunkSize, String requestedBy)
			throws Exception {
		return exclusively(() -> run(selected, chunkSize, requestedBy));
	}

	private PurgeReport run(FailureSelector.Selected selected, Integer chunkSize, String requestedBy) throws Exception {
		FailureSelection selection = selected.selection();
		if (selection.idsRequest() != null) {
			this.failures.storeSelection(selection.idsRequest(), selected.ids());
		}
		JobParametersBuilder builder = ProcessIdentity.addTo(selection.toJobParameters()
			.addLong("chunkSize", (long) ((chunkSize != null) ? chunkSize : this.settings.chunkSize()), false), requestedBy);
		JobExecution execution = this.jobOperator.start(this.purgeJob, builder.toJobParameters());
		PurgeReport report = PurgeReport.of(JobExecutions.reloaded(this.jobRepository, execution));
		logger.info("purgeJob report: {}", report.asMap());
		return report;
	}

	/** Restarts a FAILED or STOPPED purge from its last committed chunk, holding the purge lock. */
	public PurgeReport restart(JobExecution execution) throws Exception {
		return exclusively(() -> PurgeReport.of(
				JobExecutions.reloaded(this.jobRepository, this.jobOperator.restart(execution))));
	}

	/** Runs {@code purge} holding the purge lock: one purge at a time. */
	private PurgeReport exclusively(Callable<PurgeReport> purge) throws Exception {
		try (JobLock lock = JobLock.tryAcquire(this.dataSource, JobLock.PURGE)) {
			if (lock == null) {
				throw new AnotherRunActiveException("another purge is active (it holds the lock " + JobLock.PURGE + ")");
			}
			return purge.call();
		}
	}

	/**
	 * Puts back what purge execution {@code executionId} archived. A failure whose record is listed again since
	 * (a newer failure) is not restored and stays in the archive.
	 * <p>
	 * The archive alone says what a purge archived (each row keeps its {@code job_execution_id}), so a purge whose
	 * history {@code history prune} deleted stays restorable for as long as its rows are kept: the job repository is
	 * asked only to refuse the ID of another job's execution and to say why nothing is archived under an ID.
	 * @return restored and not restored counts
	 */
	@Transactional
	public Map<String, Long> restore(long executionId) {
		Map<String, Object> params = Map.of("executionId", executionId);
		// not the job repository's lookup: for an unknown ID it throws, which marks this transaction rollback-only
		String job = this.jdbc.query("""
				select i.job_name from batch_job_execution e
				join batch_job_instance i on i.job_instance_id = e.job_instance_id
				where e.job_execution_id = :executionId""", params, (rs, row) -> rs.getString(1))
			.stream()
			.findFirst()
			.orElse(null);
		if (job != null && !PurgeJobConfiguration.JOB_NAME.equals(job)) {
			throw new InvalidInputException("execution " + executionId + " is not a purge ("
					+ PurgeJobConfiguration.JOB_NAME + ") execution: it ran " + job);
		}
		Long archived = this.jdbc.queryForObject(
				"select count(*) from sync_failure_archive where job_execution_id = :executionId", params, Long.class);
		if (archived == null || archived == 0) {
			throw new InvalidInputException(nothingArchived(executionId, job != null));
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

	/** Why nothing is archived under {@code executionId}, from what the history still holds of it. */
	private String nothingArchived(long executionId, boolean inHistory) {
		if (!inHistory) {
			return "execution " + executionId + " is not in the job history, and nothing is archived under it";
		}
		JobExecution execution = JobExecutions.find(this.jobRepository, executionId);
		if (execution != null && PurgeReport.of(execution).purged() == 0) {
			return "purge execution " + executionId + " archived nothing";
		}
		return "nothing of purge execution " + executionId + " is in the archive any more: what it archived was "
				+ "restored already, or dropped after the retention of " + this.settings.archiveRetention();
	}

}
