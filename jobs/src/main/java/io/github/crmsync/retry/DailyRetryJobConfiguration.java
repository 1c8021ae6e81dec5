package io.github.crmsync.retry;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import javax.sql.DataSource;

import io.github.crmsync.failures.FailureReaders;
import io.github.crmsync.failures.KeysetFailureReader;
import io.github.crmsync.failures.SyncFailure;
import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.support.JobMetrics;
import io.github.crmsync.support.ProcessRuns;
import io.github.crmsync.support.Progress;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code dailyRetryJob}: re-syncs the failures that first failed within the window before
 * the run's schedule slot, never DACO-02, only of enabled object types, a chunk (one
 * transaction) at a time.
 */
@Configuration(proxyBeanMethods = false)
public class DailyRetryJobConfiguration {

	public static final String JOB_NAME = "dailyRetryJob";

	/**
	 * Failures of the slot's window the daily retry may take (then: of an enabled type).
	 */
	static final String IN_WINDOW = "first_failed_at >= :windowStart and first_failed_at <= :slot and error_code <> 'DACO-02'";

	@Bean
	Job dailyRetryJob(JobRepository jobRepository, Step dailyRetryStep, DataSource dataSource, JobMetrics jobMetrics,
			ProcessRuns processRuns) {
		return new JobBuilder(JOB_NAME, jobRepository).start(dailyRetryStep)
			.listener(processRuns)
			.listener(new RetryReportListener(jobRepository, dataSource, jobMetrics,
					(parameters) -> new RetryReportListener.Scope(IN_WINDOW, windowParameters(parameters))))
			.build();
	}

	@Bean
	Step dailyRetryStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			KeysetFailureReader dailyRetryFailuresReader, ResyncWriter resyncWriter, Progress progress) {
		return ResyncConfiguration.resyncStep("dailyRetryStep", jobRepository, transactionManager,
				dailyRetryFailuresReader, resyncWriter, progress);
	}

	@Bean
	@StepScope
	KeysetFailureReader dailyRetryFailuresReader(DataSource dataSource,
			@Value("#{stepExecution.jobExecution.jobParameters}") JobParameters jobParameters,
			@Value("#{jobParameters['chunkSize']}") Long chunkSize) {
		return FailureReaders.keyset("dailyRetryFailuresReader", dataSource,
				IN_WINDOW + " and " + SyncFailureRepository.OF_ENABLED_TYPE, windowParameters(jobParameters),
				chunkSize.intValue());
	}

	static Map<String, Object> windowParameters(JobParameters parameters) {
		return Map.of("windowStart", utc(parameters.getString("windowStart")), "slot",
				utc(parameters.getString("slot")));
	}

	static OffsetDateTime utc(String instant) {
		return OffsetDateTime.ofInstant(Instant.parse(instant), ZoneOffset.UTC);
	}

}
