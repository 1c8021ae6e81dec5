package io.github.crmsync.failures;

import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;

/**
 * The one way the jobs read failures: keyset paging on the primary key ({@code where id > :last order by id}),
 * so the rows a writer deletes never shift a page, with the page size equal to the chunk size, so that a restart
 * resumes right after the last committed chunk.
 */
public final class FailureReaders {

	private FailureReaders() {
	}

	public static JdbcPagingItemReader<SyncFailure> keyset(String name, DataSource dataSource, String condition,
			Map<String, Object> parameters, int pageSize) throws Exception {
		JdbcPagingItemReader<SyncFailure> reader = new JdbcPagingItemReaderBuilder<SyncFailure>().name(name)
			.dataSource(dataSource)
			.selectClause("id, zuora_id, object_type, error_code, error_message, sync_date, first_failed_at, attempts")
			.fromClause("sync_failure")
			.whereClause(condition)
			.parameterValues(parameters)
			.sortKeys(Map.of("id", Order.ASCENDING))
			.pageSize(pageSize)
			.rowMapper((rs, row) -> SyncFailureRepository.map(rs))
			.build();
		reader.afterPropertiesSet();
		return reader;
	}

}
