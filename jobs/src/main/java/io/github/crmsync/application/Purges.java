package io.github.crmsync.application;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

import io.github.crmsync.failures.FailureSelection;
import io.github.crmsync.failures.FailureSelector;
import io.github.crmsync.failures.SelectionRequest;
import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.purge.ArchiveRepository;
import io.github.crmsync.purge.PurgeJobConfiguration;
import io.github.crmsync.purge.PurgeReport;
import io.github.crmsync.purge.PurgeSettings;
import io.github.crmsync.purge.RestoreReport;
import io.github.crmsync.support.AnotherRunActiveException;
import io.github.crmsync.support.Durations;
import io.github.crmsync.support.InvalidInputException;
import io.github.crmsync.support.JobExecutions;
import io.github.crmsync.support.JobLock;
import io.github.crmsync.support.ProcessIdentity;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Purges ({@code purgeJob}) and their restore: the selection's rules (IDs, an object type
 * alone unless with its children, all, and/or an age; everything only when confirmed), a
 * dry run's preview, launches (each a job instance of its own, bounded to the rows listed
 * at launch) and the restore of what a purge archived.
 */
@Service
public class Purges {

	private static final Logger logger = LoggerFactory.getLogger(Purges.class);

	private final FailureSelector selector;

	private final SyncFailureRepository failures;

	private final ArchiveRepository archive;

	private final JobLaunches launches;

	private final JobRepository jobRepository;

	private final Job purgeJob;

	private final PurgeSettings settings;

	private final DataSource dataSource;

	private final TransactionTemplate transaction;

	private final Clock clock;

	Purges(FailureSelector selector, SyncFailureRepository failures, ArchiveRepository archive, JobLaunches launches,
			JobRepository jobRepository, Job purgeJob, PurgeSettings settings, DataSource dataSource,
			PlatformTransactionManager transactionManager, Clock clock) {
		this.selector = selector;
		this.failures = failures;
		this.archive = archive;
		this.launches = launches;
		this.jobRepository = jobRepository;
		this.purgeJob = purgeJob;
		this.settings = settings;
		this.dataSource = dataSource;
		this.transaction = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/** Checks {@code input} against the rules and the database (read-only). */
	public FailureSelector.Selected select(SelectionInput input) {
		Duration age = (input.olderThan() != null) ? Durations.parseAge(input.olderThan(), "--older-than") : null;
		if (input.selectors() > 1) {
			throw new InvalidInputException("name one of --ids, --ids-file, --object-type, --all, not several");
		}
		if (input.selectors() == 0 && age == null) {
			throw new InvalidInputException(
					"name what to purge: one of --ids, --ids-file, --object-type, --all, and/or --older-than");
		}
		if (input.withChildren() && input.objectType() == null) {
			throw new InvalidInputException("--with-children goes with --object-type");
		}
		return this.selector.select(
				new SelectionRequest(input.ids(), input.objectType(), input.all() || input.selectors() == 0,
						input.errorCode(), age, input.withChildren(), input.ignoreMissing()),
				false, this.clock.instant());
	}

	/**
	 * Whether {@code selected} takes every failure (of a code): it needs a confirmation.
	 */
	public static boolean takesEverything(FailureSelector.Selected selected) {
		FailureSelection selection = selected.selection();
		return selection.idsRequest() == null && selection.objectTypes() == null && selection.olderThan() == null;
	}

	/** What a purge of {@code selected} would take, changing nothing. */
	public SyncFailureRepository.Preview preview(FailureSelector.Selected selected) {
		return this.failures.preview(selected.selection(), selected.ids(), "true", Retries.PREVIEW_ROWS);
	}

	/**
	 * Runs {@code purgeJob} over {@code selected} on this thread.
	 * @param confirmed whether the operator confirmed a purge of every failure
	 */
	public LaunchResult launch(FailureSelector.Selected selected, Integer chunkSize, String requestedBy,
			boolean confirmed) throws Exception {
		return this.launches.run(JobKind.PURGE, launchOf(selected, chunkSize, requestedBy, confirmed));
	}

	/** As {@link #launch}, on a worker thread. */
	public BackgroundLaunch submit(FailureSelector.Selected selected, Integer chunkSize, String requestedBy,
			boolean confirmed) {
		return this.launches.submit(JobKind.PURGE, launchOf(selected, chunkSize, requestedBy, confirmed));
	}

	private JobLaunches.Launch launchOf(FailureSelector.Selected selected, Integer chunkSize, String requestedBy,
			boolean confirmed) {
		if (takesEverything(selected) && !confirmed) {
			throw new InvalidInputException(
					"purging every failure needs --yes (or --older-than, or a confirmation typed at a terminal)");
		}
		FailureSelection selection = selected.selection();
		Integer given = LaunchOptions.chunkSize(chunkSize);
		int chunk = (given != null) ? given : this.settings.chunkSize();
		String requester = LaunchOptions.requestedBy(requestedBy);
		return (locked) -> {
			if (selection.idsRequest() != null) {
				this.failures.storeSelection(selection.idsRequest(), selected.ids());
			}
			// the rows listed now: what this purge takes, however long it runs and
			// whatever
			// an import lists meanwhile
			JobParameters parameters = ProcessIdentity
				.addTo(selection.toJobParameters(selected.describe())
					.addLong("chunkSize", (long) chunk, false)
					.addLong(PurgeJobConfiguration.MAX_ID, this.failures.maxId(), false), requester)
				.toJobParameters();
			JobExecution execution = locked.start((operator) -> operator.start(this.purgeJob, parameters));
			PurgeReport report = PurgeReport.of(execution);
			logger.info("purgeJob report: {}", report.asMap());
			return LaunchResult.ran(report, "purge of " + report.selection() + ": execution " + execution.getId() + " "
					+ execution.getStatus());
		};
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
		if (executionId < 1) {
			throw new InvalidInputException("--execution must be a positive job execution ID, not " + executionId);
		}
		try (JobLock lock = JobLock.tryAcquire(this.dataSource, JobLock.PURGE)) {
			if (lock == null) {
				throw new AnotherRunActiveException("another purge is active, or a restore (it holds the lock "
						+ JobLock.PURGE + "): restore when it has ended");
			}
			// looked up outside the restore's transaction: for an unknown ID the job
			// repository throws, which would mark the transaction rollback-only
			JobExecution execution = JobExecutions.find(this.jobRepository, executionId);
			if (execution != null && !PurgeJobConfiguration.JOB_NAME.equals(execution.getJobInstance().getJobName())) {
				throw new InvalidInputException(
						"execution " + executionId + " is not a purge (" + PurgeJobConfiguration.JOB_NAME
								+ ") execution: it ran " + execution.getJobInstance().getJobName());
			}
			RestoreReport report = this.transaction.execute((status) -> {
				if (this.archive.countArchivedBy(executionId) == 0) {
					throw new InvalidInputException(nothingArchived(executionId, execution));
				}
				return this.archive.restore(executionId);
			});
			logger.info("purge restore report: {}", report.asMap());
			return report;
		}
	}

	/**
	 * Why nothing is archived under {@code executionId}, from what the history still
	 * holds of it.
	 */
	private String nothingArchived(long executionId, @Nullable JobExecution execution) {
		if (execution == null) {
			return "execution " + executionId + " is not in the job history, and nothing is archived under it";
		}
		if (PurgeReport.of(execution).purged() == 0) {
			return "purge execution " + executionId + " archived nothing";
		}
		return "nothing of purge execution " + executionId + " is in the archive any more: what it archived was "
				+ "restored already, or dropped after the retention of "
				+ Durations.show(this.settings.archiveRetention());
	}

}
