package io.github.crmsync.retry;

import java.time.Clock;

import io.github.crmsync.catalog.CatalogRepository;
import io.github.crmsync.crm.CrmCalls;
import io.github.crmsync.crm.CrmPort;
import io.github.crmsync.crm.CrmRetrySettings;
import io.github.crmsync.failures.KeysetFailureReader;
import io.github.crmsync.failures.SyncFailure;
import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.source.SourceRecordRepository;
import io.github.crmsync.support.ChunkSizedStep;
import io.github.crmsync.support.ProcessRuns;
import io.github.crmsync.support.Progress;
import io.github.crmsync.support.StepProgress;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The step and writer that both retry jobs share: one implementation, fresh per step
 * execution.
 */
@Configuration(proxyBeanMethods = false)
class ResyncConfiguration {

	/**
	 * A re-sync step: one chunk (one transaction) of {@code chunkSize} failures at a
	 * time, its progress shown against the failures it has to read.
	 */
	static Step resyncStep(String name, JobRepository jobRepository, PlatformTransactionManager transactionManager,
			KeysetFailureReader reader, ResyncWriter writer, Progress progress) {
		return new ChunkSizedStep(name, (chunkSize) -> {
			StepProgress<SyncFailure, SyncFailure> stepProgress = new StepProgress<>(progress, name,
					Progress.Unit.FAILURES, reader::remaining);
			return new StepBuilder(name, jobRepository).<SyncFailure, SyncFailure>chunk(chunkSize)
				.transactionManager(transactionManager)
				.reader(reader)
				.writer(writer)
				.stream(stepProgress)
				.listener(stepProgress)
				.build();
		});
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
