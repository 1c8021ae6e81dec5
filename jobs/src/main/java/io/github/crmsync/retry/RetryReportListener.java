package io.github.crmsync.retry;

import java.util.Map;
import java.util.function.Function;

import javax.sql.DataSource;

import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.support.JobFailures;
import io.github.crmsync.support.JobMetrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Counts, before a retry run, the failures of its scope that it skips because their
 * object type is disabled; after it, puts the cause of a failure in the job's exit
 * description and logs the outcome report, one line.
 */
class RetryReportListener implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(RetryReportListener.class);

	private final NamedParameterJdbcTemplate jdbc;

	private final Function<JobParameters, Scope> scope;

	private final JobMetrics metrics;

	private final JobRepository jobRepository;

	RetryReportListener(JobRepository jobRepository, DataSource dataSource, JobMetrics metrics,
			Function<JobParameters, Scope> scope) {
		this.jobRepository = jobRepository;
		this.jdbc = new NamedParameterJdbcTemplate(dataSource);
		this.metrics = metrics;
		this.scope = scope;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		Scope scope = this.scope.apply(execution.getJobParameters());
		Long skipped = this.jdbc.queryForObject("select count(*) from sync_failure where " + scope.condition()
				+ " and not " + SyncFailureRepository.OF_ENABLED_TYPE, scope.parameters(), Long.class);
		execution.getExecutionContext().putLong(RetryReport.SKIPPED_DISABLED, (skipped != null) ? skipped : 0L);
	}

	@Override
	public void afterJob(JobExecution execution) {
		JobFailures.describeCause(execution, this.jobRepository);
		String job = execution.getJobInstance().getJobName();
		RetryReport report = RetryReport.of(execution);
		logger.info("{} report: {}", job, report.asMap());
		this.metrics.count(job, "failures.read", report.read());
		this.metrics.count(job, "failures.resynced", report.counts().resynced());
		report.counts()
			.stillFailing()
			.forEach((code, count) -> this.metrics.count(job, "failures.still_failing", count, "code", code.code()));
		this.metrics.count(job, "failures.skipped_disabled", report.skippedDisabled());
		this.metrics.count(job, "crm.records_sent", report.counts().recordsSent());
		this.metrics.count(job, "crm.calls", report.counts().crmCalls());
		this.metrics.duration(job, report.status(), report.duration());
	}

	/**
	 * The failures a run considers, before the enabled-type filter: a SQL condition and
	 * its parameters.
	 */
	record Scope(String condition, Map<String, Object> parameters) {
	}

}
