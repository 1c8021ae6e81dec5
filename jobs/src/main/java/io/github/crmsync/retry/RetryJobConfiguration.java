package io.github.crmsync.retry;

import java.util.Map;
import javax.sql.DataSource;

import io.github.crmsync.failures.FailureReaders;
import io.github.crmsync.failures.FailureSelection;
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
 * {@code retryJob}: re-syncs the failures an operator selected (Zuora IDs, an object type
 * with its cascaded types, or all; optionally one error code), with no time window and
 * DACO-02 included (retried after an operator linked the account), only of enabled object
 * types. The same writer as the daily retry.
 */
@Configuration(proxyBeanMethods = false)
public class RetryJobConfiguration {

	public static final String JOB_NAME = "retryJob";

	@Bean
	Job retryJob(JobRepository jobRepository, Step retryStep, DataSource dataSource, JobMetrics jobMetrics,
			ProcessRuns processRuns) {
		return new JobBuilder(JOB_NAME, jobRepository).start(retryStep)
			.listener(processRuns)
			.listener(new RetryReportListener(jobRepository, dataSource, jobMetrics,
					RetryJobConfiguration::selectionParameters))
			.build();
	}

	@Bean
	Step retryStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			KeysetFailureReader selectedFailuresReader, ResyncWriter resyncWriter, Progress progress) {
		return ResyncConfiguration.resyncStep("retryStep", jobRepository, transactionManager, selectedFailuresReader,
				resyncWriter, progress);
	}

	@Bean
	@StepScope
	KeysetFailureReader selectedFailuresReader(DataSource dataSource,
			@Value("#{stepExecution.jobExecution.jobParameters}") JobParameters jobParameters,
			@Value("#{jobParameters['chunkSize']}") Long chunkSize) {
		FailureSelection selection = selection(jobParameters);
		return FailureReaders.keyset("selectedFailuresReader", dataSource,
				selection.condition() + " and " + SyncFailureRepository.OF_ENABLED_TYPE, selection.parameters(),
				chunkSize.intValue());
	}

	static FailureSelection selection(JobParameters parameters) {
		return FailureSelection.fromParameters(parameters::getString);
	}

	static RetryReportListener.Scope selectionParameters(JobParameters parameters) {
		FailureSelection selection = selection(parameters);
		return new RetryReportListener.Scope(selection.condition(), selection.parameters());
	}

}
