package io.github.crmsync.operations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The history of job executions, straight from the job repository's tables: one query,
 * newest first, with the parameters and the step counts of each execution, streamed in a
 * read-only transaction. Times in the {@code BATCH_*} tables are the launching JVM's
 * local time; the application runs in UTC (see the entry point).
 */
@Repository
public class JobHistory {

	private final NamedParameterJdbcTemplate jdbc;

	private final TransactionTemplate readOnly;

	private final ObjectMapper json;

	JobHistory(DataSource dataSource, PlatformTransactionManager transactionManager, ObjectMapper json) {
		JdbcTemplate template = new JdbcTemplate(dataSource);
		template.setFetchSize(500);
		this.jdbc = new NamedParameterJdbcTemplate(template);
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
		this.json = json;
	}

	public void forEach(HistoryQuery query, Consumer<ExecutionSummary> action) {
		List<String> conditions = new ArrayList<>();
		MapSqlParameterSource params = new MapSqlParameterSource("limit", query.limit());
		if (query.job() != null) {
			conditions.add("i.job_name = :job");
			params.addValue("job", query.job());
		}
		if (query.status() != null) {
			conditions.add("e.status = :status");
			params.addValue("status", query.status());
		}
		if (query.since() != null) {
			conditions.add("e.create_time >= :since");
			params.addValue("since", LocalDateTime.ofInstant(query.since(), ZoneOffset.UTC));
		}
		String sql = """
				select e.job_execution_id, i.job_name, e.status, e.exit_code, left(e.exit_message, 300) as exit_message,
				       e.start_time, e.end_time, p.parameters, s.read_count, s.write_count, s.filter_count, s.skip_count,
				       x.host, x.pid
				from batch_job_execution e
				join batch_job_instance i on i.job_instance_id = e.job_instance_id
				left join job_execution_process x on x.job_execution_id = e.job_execution_id
				left join lateral (
					select json_agg(json_build_object('name', parameter_name, 'value', parameter_value,
						'identifying', identifying = 'Y') order by identifying desc, parameter_name) as parameters
					from batch_job_execution_params where job_execution_id = e.job_execution_id) p on true
				left join lateral (
					select coalesce(sum(read_count), 0) as read_count, coalesce(sum(write_count), 0) as write_count,
					       coalesce(sum(filter_count), 0) as filter_count,
					       coalesce(sum(read_skip_count + write_skip_count + process_skip_count), 0) as skip_count
					from batch_step_execution where job_execution_id = e.job_execution_id) s on true
				%s
				order by e.job_execution_id desc
				limit :limit"""
			.formatted(conditions.isEmpty() ? "" : "where " + String.join(" and ", conditions));
		this.readOnly.executeWithoutResult((status) -> this.jdbc.query(sql, params, (ResultSet rs) -> {
			action.accept(map(rs));
		}));
	}

	private ExecutionSummary map(ResultSet rs) throws SQLException {
		Instant start = instant(rs.getTimestamp("start_time"));
		Instant end = instant(rs.getTimestamp("end_time"));
		List<ExecutionSummary.Parameter> parameters = new ArrayList<>();
		String text = rs.getString("parameters");
		if (text != null) {
			for (JsonNode node : this.json.readTree(text)) {
				parameters.add(new ExecutionSummary.Parameter(node.get("name").asString(),
						node.get("value").isNull() ? null : node.get("value").asString(),
						node.get("identifying").asBoolean()));
			}
		}
		String host = rs.getString("host");
		Long pid = rs.getObject("pid", Long.class);
		if (host == null) {
			// executions started before job_execution_process kept their process as job
			// parameters
			host = parameter(parameters, "host");
			String value = parameter(parameters, "pid");
			pid = (value != null && value.matches("[0-9]+")) ? Long.valueOf(value) : null;
		}
		return new ExecutionSummary(rs.getLong("job_execution_id"), rs.getString("job_name"), rs.getString("status"),
				rs.getString("exit_code"), rs.getString("exit_message"), start, end,
				(start != null) ? Duration.between(start, (end != null) ? end : Instant.now()) : Duration.ZERO,
				parameters, rs.getLong("read_count"), rs.getLong("write_count"), rs.getLong("filter_count"),
				rs.getLong("skip_count"), host, pid);
	}

	private static @Nullable String parameter(List<ExecutionSummary.Parameter> parameters, String name) {
		return parameters.stream()
			.filter((parameter) -> parameter.name().equals(name))
			.map(ExecutionSummary.Parameter::value)
			.findFirst()
			.orElse(null);
	}

	static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC) : null;
	}

}
