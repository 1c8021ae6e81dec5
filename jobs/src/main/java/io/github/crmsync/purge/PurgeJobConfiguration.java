package io.github.crmsync.purge;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import javax.sql.DataSource;

import io.github.crmsync.failures.FailureSelection;
import io.github.crmsync.failures.SyncFailure;
import io.github.crmsync.support.JobFailures;
import io.github.crmsync.support.JobMetrics;
import io.github.crmsync.support.ProcessRuns;
import io.github.crmsync.failures.FailureReaders;

import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import io.github.crmsync.failures.KeysetFailureReader;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code purgeJob}: {@code purgeStep} moves the selected failures to the archive a chunk at a time (keyset paging on
 * the primary key, as the retries read); {@code archiveRetentionStep} then drops archived rows older than the
 * retention.
 */
@Configuration(proxyBeanMethods = false)
class PurgeJobConfiguration {

	static final String JOB_NAME = "purgeJob";

	static final String DROPPED = "crmsync.purge.droppedFromArchive";

	@Bean
	Job purgeJob(JobRepository jobRepository, Step purgeStep, Step archiveRetentionStep, JobMetrics jobMetrics,
			ProcessRuns processRuns) {
		return new JobBuilder(JOB_NAME, jobRepository).start(purgeStep)
			.next(archiveRetentionStep)
			.listener(processRuns)
			.listener(new JobExecutionListener() {

				@Override
				public void afterJob(JobExecution jobExecution) {
					JobFailures.describeCause(jobExecution, jobRepository);
					PurgeReport report = PurgeReport.of(jobExecution);
					jobMetrics.count(JOB_NAME, "failures.purged", report.purged());
					jobMetrics.count(JOB_NAME, "archive.dropped", report.droppedFromArchive());
					jobMetrics.duration(JOB_NAME, report.status(), report.duration());
				}

			})
			.build();
	}

	@Bean
	@JobScope
	Step purgeStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			KeysetFailureReader purgedFailuresReader, PurgeWriter purgeWriter,
			@Value("#{jobParameters['chunkSize']}") Long chunkSize) {
		return new StepBuilder("purgeStep", jobRepository).<SyncFailure, SyncFailure>chunk(chunkSize.intValue())
			.transactionManager(transactionManager)
			.reader(purgedFailuresReader)
			.writer(purgeWriter)
			.build();
	}

	@Bean
	@StepScope
	KeysetFailureReader purgedFailuresReader(DataSource dataSource,
			@Value("#{stepExecution.jobExecution.jobParameters}") JobParameters jobParameters,
			@Value("#{jobParameters['chunkSize']}") Long chunkSize) {
		FailureSelection selection = selection(jobParameters);
		return FailureReaders.keyset("purgedFailuresReader", dataSource, selection.condition(), selection.parameters(),
				chunkSize.intValue());
	}

	@Bean
	@StepScope
	PurgeWriter purgeWriter(NamedParameterJdbcTemplate jdbc,
			@Value("#{stepExecution.jobExecution.jobParameters}") JobParameters jobParameters, ProcessRuns processRuns,
			Clock clock) {
		return new PurgeWriter(jdbc, selection(jobParameters), processRuns, clock);
	}

	@Bean
	Step archiveRetentionStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			NamedParameterJdbcTemplate jdbc, PurgeSettings settings, ProcessRuns processRuns, Clock clock) {
		return new StepBuilder("archiveRetentionStep", jobRepository).tasklet((contribution, chunkContext) -> {
			processRuns.verifyLock(contribution.getStepExecution().getJobExecutionId());
			Duration retention = settings.archiveRetention();
			int dropped = jdbc.update("delete from sync_failure_archive where purged_at < :cutoff",
					Map.of("cutoff", OffsetDateTime.ofInstant(clock.instant().minus(retention), ZoneOffset.UTC)));
			contribution.getStepExecution().getExecutionContext().putLong(DROPPED, dropped);
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	static FailureSelection selection(JobParameters parameters) {
		return FailureSelection.fromParameters(parameters::getString);
	}

}
