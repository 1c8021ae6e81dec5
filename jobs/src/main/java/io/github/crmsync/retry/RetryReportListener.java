package io.github.crmsync.retry;

import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.FatalStepExecutionException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Counts, before a daily retry run, the failures of its window that it skips because their object type is
 * disabled; logs the outcome report, one line, after it.
 */
class RetryReportListener implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(RetryReportListener.class);

	private final NamedParameterJdbcTemplate jdbc;

	RetryReportListener(DataSource dataSource) {
		this.jdbc = new NamedParameterJdbcTemplate(dataSource);
	}

	@Override
	public void beforeJob(JobExecution execution) {
		String slot = (String) execution.getJobParameters().getParameter("slot").value();
		String windowStart = (String) execution.getJobParameters().getParameter("windowStart").value();
		Long skipped = this.jdbc.queryForObject("""
				select count(*) from sync_failure
				where first_failed_at >= :windowStart and first_failed_at <= :slot and error_code <> 'DACO-02'
				and object_type in (select name from sync_object_type where not enabled)""",
				Map.of("windowStart", DailyRetryJobConfiguration.utc(windowStart), "slot",
						DailyRetryJobConfiguration.utc(slot)),
				Long.class);
		execution.getExecutionContext().putLong(RetryReport.SKIPPED_DISABLED, (skipped != null) ? skipped : 0L);
	}

	/**
	 * Puts the cause of a failure in the job's exit description, in words: Spring Batch puts a stack trace there
	 * whose first line is "Unable to process chunk" (the step's exit description keeps the trace).
	 */
	@Override
	public void afterJob(JobExecution execution) {
		execution.getAllFailureExceptions().stream().findFirst().ifPresent((failure) -> {
			Throwable cause = failure;
			while (cause.getCause() != null && (cause instanceof FatalStepExecutionException
					|| cause.getClass().getName().startsWith("org.springframework.batch"))) {
				cause = cause.getCause();
			}
			String message = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getName();
			execution.setExitStatus(new ExitStatus(execution.getExitStatus().getExitCode(), message));
		});
		logger.info("{} report: {}", execution.getJobInstance().getJobName(), RetryReport.of(execution).asMap());
	}

}
