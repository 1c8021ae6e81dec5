package io.github.crmsync.retry;

import java.time.Clock;

import io.github.crmsync.catalog.CatalogRepository;
import io.github.crmsync.crm.CrmCalls;
import io.github.crmsync.crm.CrmPort;
import io.github.crmsync.crm.CrmRetrySettings;
import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.source.SourceRecordRepository;
import io.github.crmsync.support.ChunkSizedStep;
import io.github.crmsync.support.ProcessRuns;

import io.github.crmsync.failures.SyncFailure;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The step and writer that both retry jobs share: one implementation, fresh per step
 * execution.
 */
@Configuration(proxyBeanMethods = false)
class ResyncConfiguration {

	/**
	 * A re-sync step: one chunk (one transaction) of {@code chunkSize} failures at a
	 * time.
	 */
	static Step resyncStep(String name, JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ItemReader<SyncFailure> reader, ResyncWriter writer) {
		return new ChunkSizedStep(name,
				(chunkSize) -> new StepBuilder(name, jobRepository).<SyncFailure, SyncFailure>chunk(chunkSize)
					.transactionManager(transactionManager)
					.reader(reader)
					.writer(writer)
					.build());
	}

	@Bean
	@StepScope
	ResyncWriter resyncWriter(CrmPort crmPort, CrmRetrySettings crmRetrySettings,
			SourceRecordRepository sourceRecordRepository, CatalogRepository catalogRepository,
			SyncFailureRepository syncFailureRepository, ProcessRuns processRuns, Clock clock) {
		return new ResyncWriter(new CrmCalls(crmPort, crmRetrySettings), new UnitLoader(sourceRecordRepository),
				catalogRepository, syncFailureRepository, processRuns, clock);
	}

}
