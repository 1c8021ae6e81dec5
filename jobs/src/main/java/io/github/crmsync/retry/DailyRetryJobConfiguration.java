package io.github.crmsync.retry;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import javax.sql.DataSource;

import io.github.crmsync.catalog.CatalogRepository;
import io.github.crmsync.crm.CrmPort;
import io.github.crmsync.failures.SyncFailure;
import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.source.SourceRecordRepository;

import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code dailyRetryJob}: re-syncs the failures that first failed within the window before the run's schedule slot,
 * never DACO-02, only of enabled object types, a chunk (one transaction) at a time.
 * <p>
 * The reader pages by primary key ({@code where id > :last order by id}), so the rows the writer deletes never
 * shift a page, and the page size is the chunk size, so a restart resumes right after the last committed chunk.
 */
@Configuration(proxyBeanMethods = false)
class DailyRetryJobConfiguration {

	static final String JOB_NAME = "dailyRetryJob";

	/** Failures the daily retry takes: in the window, not DACO-02, of an enabled type. */
	static final String RETRYABLE = """
			first_failed_at >= :windowStart and first_failed_at <= :slot and error_code <> 'DACO-02'
			and object_type in (select name from sync_object_type where enabled)""";

	@Bean
	Job dailyRetryJob(JobRepository jobRepository, Step dailyRetryStep, RetryReportListener dailyRetryReportListener) {
		return new JobBuilder(JOB_NAME, jobRepository).start(dailyRetryStep).listener(dailyRetryReportListener).build();
	}

	@Bean
	@JobScope
	Step dailyRetryStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcPagingItemReader<SyncFailure> retryableFailuresReader, ResyncUnitProcessor resyncUnitProcessor,
			ResyncWriter resyncWriter, @Value("#{jobParameters['chunkSize']}") Long chunkSize) {
		return new StepBuilder("dailyRetryStep", jobRepository).<SyncFailure, ResyncUnit>chunk(chunkSize.intValue())
			.transactionManager(transactionManager)
			.reader(retryableFailuresReader)
			.processor(resyncUnitProcessor)
			.writer(resyncWriter)
			.build();
	}

	@Bean
	@StepScope
	JdbcPagingItemReader<SyncFailure> retryableFailuresReader(DataSource dataSource,
			@Value("#{jobParameters['slot']}") String slot,
			@Value("#{jobParameters['windowStart']}") String windowStart,
			@Value("#{jobParameters['chunkSize']}") Long chunkSize) throws Exception {
		return new JdbcPagingItemReaderBuilder<SyncFailure>().name("retryableFailuresReader")
			.dataSource(dataSource)
			.selectClause("id, zuora_id, object_type, error_code, error_message, sync_date, first_failed_at, attempts")
			.fromClause("sync_failure")
			.whereClause(RETRYABLE)
			.parameterValues(Map.of("windowStart", utc(windowStart), "slot", utc(slot)))
			.sortKeys(Map.of("id", Order.ASCENDING))
			.pageSize(chunkSize.intValue())
			.rowMapper((rs, row) -> SyncFailureRepository.map(rs))
			.build();
	}

	@Bean
	@StepScope
	ResyncUnitProcessor resyncUnitProcessor(SourceRecordRepository sourceRecordRepository) {
		return new ResyncUnitProcessor(sourceRecordRepository);
	}

	@Bean
	@StepScope
	ResyncWriter resyncWriter(CrmPort crmPort, CrmRetrySettings crmRetrySettings,
			CatalogRepository catalogRepository, SyncFailureRepository syncFailureRepository, Clock clock) {
		return new ResyncWriter(new CrmCalls(crmPort, crmRetrySettings), catalogRepository, syncFailureRepository,
				clock);
	}

	@Bean
	RetryReportListener dailyRetryReportListener(DataSource dataSource) {
		return new RetryReportListener(dataSource);
	}

	static OffsetDateTime utc(String instant) {
		return OffsetDateTime.ofInstant(Instant.parse(instant), ZoneOffset.UTC);
	}

}
