package io.github.crmsync.failures;

import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;

/**
 * The one way the jobs read failures: keyset paging on the primary key
 * ({@code where id > :last order by id}), so the rows a writer deletes never shift a
 * page.
 * <p>
 * The restart state is the last key read when a chunk committed, nothing else: a resumed
 * run starts right after it, whatever its page or chunk size.
 * ({@link JdbcPagingItemReader}'s own state is a start key plus an item count that it
 * turns back into a page and an offset within the page, which is right only for the page
 * size of the run that saved it: a resume at another chunk size skipped rows. Its state
 * saving is off here.)
 */
public final class FailureReaders {

	private FailureReaders() {
	}

	/**
	 * Failures matching {@code condition} (on unaliased {@code sync_failure} columns), in
	 * key order.
	 */
	public static KeysetFailureReader keyset(String name, DataSource dataSource, String condition,
			Map<String, Object> parameters, int pageSize) {
		return new KeysetFailureReader(name, dataSource, condition, parameters, pageSize);
	}

}
