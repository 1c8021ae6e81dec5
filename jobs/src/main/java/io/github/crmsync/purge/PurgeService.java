package io.github.crmsync.purge;

import java.util.List;
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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Launches {@code purgeJob} (each launch a job instance of its own, bounded to the rows
 * listed at launch) and restores what a purge archived.
 */
@Service
public class PurgeService {

	private static final Logger logger = LoggerFactory.getLogger(PurgeService.class);

	/** Why a purge or a restore cannot start: the other holds the purge lock. */
	private static final String PURGE_ACTIVE = "another purge is active, or a restore (it holds the lock "
			+ JobLock.PURGE + ")";

	private final JobRepository jobRepository;

	private final Job purgeJob;

	private final SyncFailureRepository failures;

	private final NamedParameterJdbcTemplate jdbc;

	private final PurgeSettings settings;

	private final DataSource dataSource;

	private final ProcessRuns runs;

	private final TransactionTemplate transaction;

	PurgeService(JobRepository jobRepository, Job purgeJob, SyncFailureRepository failures,
			NamedParameterJdbcTemplate jdbc, PurgeSettings settings, DataSource dataSource, ProcessRuns runs,
			PlatformTransactionManager transactionManager) {
		this.dataSource = dataSource;
		this.runs = runs;
		this.transaction = new TransactionTemplate(transactionManager);
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
		// the rows listed now: what this purge takes, however long it runs and whatever
		// an import lists meanwhile
		Long maxId = this.jdbc.queryForObject("select coalesce(max(id), 0) from sync_failure", Map.of(), Long.class);
		JobParametersBuilder builder = ProcessIdentity.addTo(selection.toJobParameters()
			.addLong("chunkSize", (long) ((chunkSize != null) ? chunkSize : this.settings.chunkSize()), false)
			.addLong(PurgeJobConfiguration.MAX_ID, maxId, false), requestedBy);
		JobExecution execution = this.runs.launch(lock,
				(operator) -> operator.start(this.purgeJob, builder.toJobParameters()));
		PurgeReport report = PurgeReport.of(execution);
		logger.info("purgeJob report: {}", report.asMap());
		return report;
	}

	/**
	 * Restarts a FAILED or STOPPED purge from its last committed chunk, holding the purge
	 * lock.
	 */
	public PurgeReport restart(JobExecution execution) throws Exception {
		return exclusively((lock) -> PurgeReport.of(this.runs.launch(lock, (operator) -> operator.restart(execution))));
	}

	/** Runs {@code purge} holding the purge lock: one purge at a time. */
	private PurgeReport exclusively(Purge purge) throws Exception {
		try (JobLock lock = JobLock.tryAcquire(this.dataSource, JobLock.PURGE)) {
			if (lock == null) {
				throw new AnotherRunActiveException(PURGE_ACTIVE);
			}
			return purge.run(lock);
		}
	}

	@FunctionalInterface
	private interface Purge {

		PurgeReport run(JobLock lock) throws Exception;

	}

	/**
	 * Puts back what purge execution {@code executionId} archived, never hiding a newer
	 * failure behind an older one: of each record the purge archived, its newest archived
	 * failure comes back (with its ID) where the list holds no failure of that record, or
	 * an older one, whose place it takes (keeping the earlier {@code first_failed_at} and
	 * the larger {@code attempts} of the two, as both count the attempts of one record).
	 * It stays archived where the list holds a failure of the record as new or newer
	 * (same {@code sync_date}: the one reported last, listed, wins, as in an import), or
	 * another purge archived a newer one (restoring this one would hide it; restore that
	 * purge). "Newer" is a later {@code sync_date}, as in an import.
	 * <p>
	 * The archive alone says what a purge archived (each row keeps its
	 * {@code job_execution_id}), so a purge whose history {@code history prune} deleted
	 * stays restorable for as long as its rows are kept: the job repository is asked only
	 * to refuse the ID of another job's execution and to say why nothing is archived
	 * under an ID. A restore holds the purge lock, so that no purge reads the list while
	 * failures come back into it (it would archive them again), and takes the chunk-write
	 * lock, as every writer of the list does.
	 * @return what was restored and what stays archived, and why
	 */
	public RestoreReport restore(long executionId) throws Exception {
		try (JobLock lock = JobLock.tryAcquire(this.dataSource, JobLock.PURGE)) {
			if (lock == null) {
				throw new AnotherRunActiveException(PURGE_ACTIVE + ": restore when it has ended");
			}
			RestoreReport report = this.transaction.execute((status) -> restoreArchived(executionId));
			logger.info("purge restore report: {}", report.asMap());
			return report;
		}
	}

	private RestoreReport restoreArchived(long executionId) {
		Map<String, Object> params = Map.of("executionId", executionId);
		// not the job repository's lookup: for an unknown ID it throws, which marks this
		// transaction rollback-only
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
		this.jdbc.getJdbcOperations().execute(SyncFailureRepository.LOCK_FOR_CHUNK_WRITES);
		Long archived = this.jdbc.queryForObject(
				"select count(*) from sync_failure_archive where job_execution_id = :executionId", params, Long.class);
		if (archived == null || archived == 0) {
			throw new InvalidInputException(nothingArchived(executionId, job != null));
		}
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
					insert into sync_failure (id, zuora_id, object_type, error_code, error_message, sync_date,
						first_failed_at, attempts)
					overriding system value
					select id, zuora_id, object_type, error_code, error_message, sync_date, first_failed_at, attempts
					from restoring
					returning id
				), removed as (
					delete from sync_failure_archive a using restored r where a.id = r.id returning a.id)
				select count(*) from removed""", params, Long.class);
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
				((Number) left.get("newer_listed")).longValue(), ((Number) left.get("newer_archived")).longValue(),
				newerArchivedBy);
	}

	/**
	 * Why nothing is archived under {@code executionId}, from what the history still
	 * holds of it.
	 */
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
