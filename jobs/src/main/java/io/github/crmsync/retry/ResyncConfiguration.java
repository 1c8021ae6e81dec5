package io.github.crmsync.retry;

import java.time.Clock;

import io.github.crmsync.catalog.CatalogRepository;
import io.github.crmsync.crm.CrmPort;
import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.source.SourceRecordRepository;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The processor and writer that both retry jobs share: one implementation, fresh per step execution.
 */
@Configuration(proxyBeanMethods = false)
class ResyncConfiguration {

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

}
