package io.github.crmsync.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes job metadata older than a cut-off, so that operator queries stay fast:
 * executions (with their steps, contexts and parameters) created before it, never a
 * running one, then the job instances left without an execution, and the stored ID
 * selections of the pruned requests. One transaction, set-based.
 * <p>
 * The purge archive is left alone: its rows keep their purge's execution ID and a restore
 * works from them alone, so pruning a purge's history never makes what it archived
 * unrestorable before the retention drops it.
 */
@Service
public class HistoryPruner {

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	HistoryPruner(NamedParameterJdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Transactional
	public Map<String, Integer> prune(Duration olderThan) {
		Map<String, Object> params = Map.of("cutoff",
				LocalDateTime.ofInstant(this.clock.instant().minus(olderThan), ZoneOffset.UTC));
		this.jdbc.update("""
				create temporary table pruned_execution on commit drop as
				select job_execution_id, job_instance_id from batch_job_execution
				where create_time < :cutoff and status not in ('STARTING', 'STARTED', 'STOPPING')""", params);
		Map<String, Integer> counts = new LinkedHashMap<>();
		// A request's IDs stay while an execution of its instance stays: restarting that
		// one selects them again.
		counts.put("selectionsDeleted", this.jdbc.update("""
				delete from failure_selection where request_id in (
					select p.parameter_value from batch_job_execution_params p
					join pruned_execution x on x.job_execution_id = p.job_execution_id
					where p.parameter_name = 'idsRequest'
					and not exists (select 1 from batch_job_execution e where e.job_instance_id = x.job_instance_id
						and e.job_execution_id not in (select job_execution_id from pruned_execution)))""", Map.of()));
		this.jdbc.update("""
				delete from batch_step_execution_context where step_execution_id in (
					select step_execution_id from batch_step_execution s
					join pruned_execution x on x.job_execution_id = s.job_execution_id)""", Map.of());
		counts.put("stepExecutionsDeleted", this.jdbc.update(
				"delete from batch_step_execution where job_execution_id in (select job_execution_id from pruned_execution)",
				Map.of()));
		this.jdbc.update(
				"delete from batch_job_execution_context where job_execution_id in (select job_execution_id from pruned_execution)",
				Map.of());
		this.jdbc.update(
				"delete from batch_job_execution_params where job_execution_id in (select job_execution_id from pruned_execution)",
				Map.of());
		counts.put("jobExecutionsDeleted", this.jdbc.update(
				"delete from batch_job_execution where job_execution_id in (select job_execution_id from pruned_execution)",
				Map.of()));
		counts.put("jobInstancesDeleted", this.jdbc
			.update("""
					delete from batch_job_instance i where i.job_instance_id in (select job_instance_id from pruned_execution)
					and not exists (select 1 from batch_job_execution e where e.job_instance_id = i.job_instance_id)""",
					Map.of()));
		return counts;
	}

}
