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

	private final ArchiveRepository archive;

	private final PurgeSettings settings;

	private final DataSource dataSource;

	private final ProcessRuns runs;

	private final TransactionTemplate transaction;

	PurgeService(JobRepository jobRepository, Job purgeJob, SyncFailureRepository failures, ArchiveRepository archive,
			PurgeSettings settings, DataSource dataSource, ProcessRuns runs,
			PlatformTransactionManager transactionManager) {
		this.dataSource = dataSource;
		this.runs = runs;
		this.transaction = new TransactionTemplate(transactionManager);
		this.jobRepository = jobRepository;
		this.purgeJob = purgeJob;
		this.failures = failures;
		this.archive = archive;
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
		long maxId = this.failures.maxId();
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
			// looked up outside the restore's transaction: for an unknown ID the job
			// repository throws, which would mark the transaction rollback-only
			JobExecution execution = JobExecutions.find(this.jobRepository, executionId);
			if (execution != null && !PurgeJobConfiguration.JOB_NAME.equals(execution.getJobInstance().getJobName())) {
				throw new InvalidInputException(
						"execution " + executionId + " is not a purge (" + PurgeJobConfiguration.JOB_NAME
								+ ") execution: it ran " + execution.getJobInstance().getJobName());
			}
			RestoreReport report = this.transaction.execute((status) -> restoreArchived(executionId, execution));
			logger.info("purge restore report: {}", report.asMap());
			return report;
		}
	}

	private RestoreReport restoreArchived(long executionId, JobExecution execution) {
		if (this.archive.countArchivedBy(executionId) == 0) {
			throw new InvalidInputException(nothingArchived(executionId, execution));
		}
		return this.archive.restore(executionId);
	}

	/**
	 * Why nothing is archived under {@code executionId}, from what the history still
	 * holds of it.
	 */
	private String nothingArchived(long executionId, JobExecution execution) {
		if (execution == null) {
			return "execution " + executionId + " is not in the job history, and nothing is archived under it";
		}
		if (PurgeReport.of(execution).purged() == 0) {
			return "purge execution " + executionId + " archived nothing";
		}
		return "nothing of purge execution " + executionId + " is in the archive any more: what it archived was "
				+ "restored already, or dropped after the retention of " + this.settings.archiveRetention();
	}

}
