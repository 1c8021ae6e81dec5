package io.github.crmsync.failures;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemStreamSupport;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;

/**
 * The one way the jobs read failures: keyset paging on the primary key ({@code where id > :last order by id}), so
 * the rows a writer deletes never shift a page.
 * <p>
 * The restart state is the last key read when a chunk committed, nothing else: a resumed run starts right after it,
 * whatever its page or chunk size. ({@link JdbcPagingItemReader}'s own state is a start key plus an item count that
 * it turns back into a page and an offset within the page, which is right only for the page size of the run that
 * saved it: a resume at another chunk size skipped rows. Its state saving is off here.)
 */
public final class FailureReaders {

	private static final String SELECT = "id, zuora_id, object_type, error_code, error_message, sync_date, "
			+ "first_failed_at, attempts";

	private FailureReaders() {
	}

	/** Failures matching {@code condition} (on unaliased {@code sync_failure} columns), in key order. */
	public static ItemStreamReader<SyncFailure> keyset(String name, DataSource dataSource, String condition,
			Map<String, Object> parameters, int pageSize) {
		return new KeysetFailureReader(name, dataSource, condition, parameters, pageSize);
	}

	/** {@link JdbcPagingItemReader} from the last committed key. */
	static final class KeysetFailureReader extends ItemStreamSupport implements ItemStreamReader<SyncFailure> {

		static final String LAST_KEY = "last.id";

		/** Where {@link JdbcPagingItemReader} kept its start key, for a resume of a run saved before this reader. */
		private static final String PAGING_START_AFTER = "start.after";

		private final DataSource dataSource;

		private final String condition;

		private final Map<String, Object> parameters;

		private final int pageSize;

		private JdbcPagingItemReader<SyncFailure> delegate;

		private Long lastKey;

		KeysetFailureReader(String name, DataSource dataSource, String condition, Map<String, Object> parameters,
				int pageSize) {
			setName(name);
			this.dataSource = dataSource;
			this.condition = condition;
			this.parameters = parameters;
			this.pageSize = pageSize;
		}

		@Override
		public void open(ExecutionContext context) {
			this.lastKey = resumeAfter(context);
			Map<String, Object> values = new LinkedHashMap<>(this.parameters);
			String where = "(" + this.condition + ")";
			if (this.lastKey != null) {
				where += " and id > :resumeAfterId";
				values.put("resumeAfterId", this.lastKey);
			}
			try {
				this.delegate = new JdbcPagingItemReaderBuilder<SyncFailure>().name(getName())
					.saveState(false)
					.dataSource(this.dataSource)
					.selectClause(SELECT)
					.fromClause("sync_failure")
					.whereClause(where)
					.parameterValues(values)
					.sortKeys(Map.of("id", Order.ASCENDING))
					.pageSize(this.pageSize)
					.rowMapper((rs, row) -> SyncFailureRepository.map(rs))
					.build();
				this.delegate.afterPropertiesSet();
			}
			catch (Exception ex) {
				throw new ItemStreamException("Cannot open the reader " + getName(), ex);
			}
			this.delegate.open(new ExecutionContext());
		}

		private Long resumeAfter(ExecutionContext context) {
			String key = getExecutionContextKey(LAST_KEY);
			if (context.containsKey(key)) {
				return context.getLong(key);
			}
			if (context.get(getExecutionContextKey(PAGING_START_AFTER)) instanceof Map<?, ?> startAfter
					&& startAfter.get("id") instanceof Number id) {
				return id.longValue();
			}
			return null;
		}

		@Override
		public SyncFailure read() throws Exception {
			SyncFailure failure = this.delegate.read();
			if (failure != null) {
				this.lastKey = failure.id();
			}
			return failure;
		}

		/** Called when a chunk commits: everything read so far belongs to it or to earlier chunks. */
		@Override
		public void update(ExecutionContext context) {
			if (this.lastKey != null) {
				context.putLong(getExecutionContextKey(LAST_KEY), this.lastKey);
			}
		}

		@Override
		public void close() {
			if (this.delegate != null) {
				this.delegate.close();
			}
		}

	}

}
