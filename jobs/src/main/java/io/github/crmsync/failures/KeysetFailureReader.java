package io.github.crmsync.failures;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemStreamSupport;
import org.springframework.batch.infrastructure.item.ReaderNotOpenException;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Failures in key order from a {@link JdbcPagingItemReader} whose restart state is the
 * last key of the last committed chunk ({@link FailureReaders}).
 */
public class KeysetFailureReader extends ItemStreamSupport implements ItemStreamReader<SyncFailure> {

	static final String LAST_KEY = "last.id";

	/**
	 * Where {@link JdbcPagingItemReader} kept its start key, for a resume of a run saved
	 * before this reader.
	 */
	private static final String PAGING_START_AFTER = "start.after";

	private final String name;

	private final DataSource dataSource;

	private final String condition;

	private final Map<String, Object> parameters;

	private final int pageSize;

	private @Nullable JdbcPagingItemReader<SyncFailure> delegate;

	private @Nullable Long lastKey;

	KeysetFailureReader(String name, DataSource dataSource, String condition, Map<String, Object> parameters,
			int pageSize) {
		setName(name);
		this.name = name;
		this.dataSource = dataSource;
		this.condition = condition;
		this.parameters = parameters;
		this.pageSize = pageSize;
	}

	@Override
	public void open(ExecutionContext context) {
		this.lastKey = resumeAfter(context);
		Map<String, Object> values = new LinkedHashMap<>(this.parameters);
		String where = where(this.lastKey, values);
		JdbcPagingItemReader<SyncFailure> reader;
		try {
			reader = new JdbcPagingItemReaderBuilder<SyncFailure>().name(this.name)
				.saveState(false)
				.dataSource(this.dataSource)
				.selectClause(SyncFailureRepository.COLUMNS)
				.fromClause("sync_failure")
				.whereClause(where)
				.parameterValues(values)
				.sortKeys(Map.of("id", Order.ASCENDING))
				.pageSize(this.pageSize)
				.rowMapper((rs, row) -> SyncFailureRepository.map(rs))
				.build();
			reader.afterPropertiesSet();
		}
		catch (Exception ex) {
			throw new ItemStreamException("Cannot open the reader " + this.name, ex);
		}
		reader.open(new ExecutionContext());
		this.delegate = reader;
	}

	/**
	 * How many failures a reader opened on {@code context} has to read now: those that
	 * match, after the last committed key of a run it resumes.
	 */
	public long remaining(ExecutionContext context) {
		Map<String, Object> values = new LinkedHashMap<>(this.parameters);
		String where = where(resumeAfter(context), values);
		Long count = new NamedParameterJdbcTemplate(this.dataSource)
			.queryForObject("select count(*) from sync_failure where " + where, values, Long.class);
		return (count != null) ? count : 0;
	}

	private String where(@Nullable Long resumeAfterId, Map<String, Object> values) {
		String where = "(" + this.condition + ")";
		if (resumeAfterId != null) {
			where += " and id > :resumeAfterId";
			values.put("resumeAfterId", resumeAfterId);
		}
		return where;
	}

	private @Nullable Long resumeAfter(ExecutionContext context) {
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
	public @Nullable SyncFailure read() throws Exception {
		JdbcPagingItemReader<SyncFailure> reader = this.delegate;
		if (reader == null) {
			throw new ReaderNotOpenException("The reader " + this.name + " is not open");
		}
		SyncFailure failure = reader.read();
		if (failure != null) {
			this.lastKey = failure.id();
		}
		return failure;
	}

	/**
	 * Called when a chunk commits: everything read so far belongs to it or to earlier
	 * chunks.
	 */
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
