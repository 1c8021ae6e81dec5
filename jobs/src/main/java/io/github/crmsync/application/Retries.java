package io.github.crmsync.application;

import java.time.Clock;

import io.github.crmsync.failures.FailureSelection;
import io.github.crmsync.failures.FailureSelector;
import io.github.crmsync.failures.SelectionRequest;
import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.retry.DailyRetrySettings;
import io.github.crmsync.retry.RetryReport;
import io.github.crmsync.support.InvalidInputException;
import io.github.crmsync.support.ProcessIdentity;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.stereotype.Service;

/**
 * On-demand retries ({@code retryJob}): the selection's rules (exactly one of IDs, an
 * object type with the types that cascade from it, or all; an enabled type), a dry run's
 * preview, and launches, each a job instance of its own.
 */
@Service
public class Retries {

	/** How many rows a preview shows. */
	public static final int PREVIEW_ROWS = 20;

	private final FailureSelector selector;

	private final SyncFailureRepository failures;

	private final JobLaunches launches;

	private final Job retryJob;

	private final DailyRetrySettings settings;

	private final Clock clock;

	Retries(FailureSelector selector, SyncFailureRepository failures, JobLaunches launches, Job retryJob,
			DailyRetrySettings settings, Clock clock) {
		this.selector = selector;
		this.failures = failures;
		this.launches = launches;
		this.retryJob = retryJob;
		this.settings = settings;
		this.clock = clock;
	}

	/** Checks {@code input} against the rules and the database (read-only). */
	public FailureSelector.Selected select(SelectionInput input) {
		if (input.selectors() != 1) {
			throw new InvalidInputException(
					"name what to retry: exactly one of --ids, --ids-file, --object-type, --all");
		}
		if (input.olderThan() != null || input.withChildren()) {
			throw new InvalidInputException("a retry takes no age and always includes the types that cascade");
		}
		return this.selector.select(new SelectionRequest(input.ids(), input.objectType(), input.all(),
				input.errorCode(), null, true, input.ignoreMissing()), true, this.clock.instant());
	}

	/**
	 * What a retry of {@code selected} would take (enabled types only), changing nothing.
	 */
	public SyncFailureRepository.Preview preview(FailureSelector.Selected selected) {
		return this.failures.preview(selected.selection(), selected.ids(), SyncFailureRepository.OF_ENABLED_TYPE,
				PREVIEW_ROWS);
	}

	/** Runs {@code retryJob} over {@code selected} on this thread. */
	public LaunchResult launch(FailureSelector.Selected selected, Integer chunkSize, String requestedBy)
			throws Exception {
		return this.launches.run(JobKind.RETRY, launchOf(selected, chunkSize, requestedBy));
	}

	/** As {@link #launch}, on a worker thread. */
	public BackgroundLaunch submit(FailureSelector.Selected selected, Integer chunkSize, String requestedBy) {
		return this.launches.submit(JobKind.RETRY, launchOf(selected, chunkSize, requestedBy));
	}

	private JobLaunches.Launch launchOf(FailureSelector.Selected selected, Integer chunkSize, String requestedBy) {
		FailureSelection selection = selected.selection();
		Integer given = LaunchOptions.chunkSize(chunkSize);
		int chunk = (given != null) ? given : this.settings.chunkSize();
		JobParameters parameters = ProcessIdentity
			.addTo(selection.toJobParameters(selected.describe()).addLong("chunkSize", (long) chunk, false),
					LaunchOptions.requestedBy(requestedBy))
			.toJobParameters();
		return (locked) -> {
			// stored once the lock is held: the job reads them by the request ID
			if (selection.idsRequest() != null) {
				this.failures.storeSelection(selection.idsRequest(), selected.ids());
			}
			JobExecution execution = locked.start((operator) -> operator.start(this.retryJob, parameters));
			return LaunchResult.ran(RetryReport.of(execution), "retry of " + selected.describe() + ": execution "
					+ execution.getId() + " " + execution.getStatus());
		};
	}

}
