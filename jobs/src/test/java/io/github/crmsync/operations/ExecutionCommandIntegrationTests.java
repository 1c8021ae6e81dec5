package io.github.crmsync.operations;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.crmsync.PostgresIntegrationTests;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code execution <id>}: the whole story of one execution (parameters, steps, the head
 * of a stack trace, the report) as a table and as JSON, for a retry and for a purge.
 */
class ExecutionCommandIntegrationTests extends PostgresIntegrationTests {

	static final Instant IN_WINDOW = Instant.parse("2026-11-18T11:30:00Z");

	@Test
	void showsAFailedRunWithItsStepsTheHeadOfTheStackTraceAndTheReportAsJson() {
		// given four failures in chunks of two; the CRM goes away after the first chunk
		long id = failedDailyRetry();
		Map<String, Object> step = this.jdbc.sql("select * from batch_step_execution").query().singleRow();
		String stackTrace = (String) step.get("exit_message");

		// when
		CliResult result = cli("execution", String.valueOf(id), "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		Map<String, Object> execution = json(result.out());
		assertThat(execution).containsEntry("id", (int) id)
			.containsEntry("job", "dailyRetryJob")
			.containsEntry("status", "FAILED")
			.containsEntry("exitCode", "FAILED")
			.containsEntry("exitDescription",
					"CRM unavailable after 4 attempts (Invoice, 2 records): Connection refused (test outage, call 5)")
			.containsKeys("instance", "created", "start", "end", "durationSeconds");
		assertThat(Instant.parse((String) execution.get("end")))
			.isAfterOrEqualTo(Instant.parse((String) execution.get("start")));
		// every parameter as history gives it: name, value, identifying
		assertThat(list(execution.get("parameters"))).contains(
				Map.of("name", "slot", "value", "2026-11-20T11:30:00Z", "identifying", true),
				Map.of("name", "chunkSize", "value", "2", "identifying", false),
				Map.of("name", "windowStart", "value", "2026-11-13T11:30:00Z", "identifying", false));
		List<Map<String, Object>> steps = list(execution.get("steps"));
		assertThat(steps).hasSize(1);
		assertThat(steps.get(0)).containsEntry("step", "dailyRetryStep")
			.containsEntry("status", "FAILED")
			.containsEntry("exitCode", "FAILED")
			.containsEntry("read", ((Number) step.get("read_count")).intValue())
			.containsEntry("written", 2)
			.containsEntry("commits", ((Number) step.get("commit_count")).intValue())
			.containsEntry("rollbacks", ((Number) step.get("rollback_count")).intValue());
		assertThat((Long) step.get("read_count")).isEqualTo(4);
		assertThat((Long) step.get("rollback_count")).isPositive();
		assertThat(stackTrace.lines().count()).isGreaterThan(12);
		String head = (String) steps.get(0).get("exitDescription");
		assertThat(head.lines()).hasSize(12);
		assertThat(stackTrace).startsWith(head);
		// the cause in words first, then the stack trace of what broke the chunk
		assertThat(head).startsWith("CRM unavailable after 4 attempts (Invoice, 2 records): Connection refused "
				+ "(test outage, call 5)\nio.github.crmsync.crm.CrmUnavailableException: CRM unavailable after 4 attempts");
		Map<String, Object> report = map(execution.get("report"));
		assertThat(report).containsEntry("execution", (int) id)
			.containsEntry("status", "FAILED")
			.containsEntry("slot", "2026-11-20T11:30:00Z")
			.containsEntry("read", 4)
			.containsEntry("resynced", 2)
			.containsEntry("recordsSent", 2)
			.containsEntry("crmCalls", 5);
		assertThat((String) report.get("cause")).startsWith("CRM unavailable after 4 attempts");
	}

	@Test
	void printsTheStoryAsATableWithTheHeadOfTheStackTraceOnItsOwnLines() {
		// given
		long id = failedDailyRetry();

		// when
		CliResult result = cli("execution", String.valueOf(id));

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		List<String> lines = result.out().lines().toList();
		assertThat(lines.get(0)).isEqualTo("id                 " + id);
		assertThat(lines).contains("job                dailyRetryJob", "status             FAILED",
				"  - slot* = 2026-11-20T11:30:00Z", "steps:", "    step               dailyRetryStep",
				"    written            2", "    exitDescription:",
				"        CRM unavailable after 4 attempts (Invoice, 2 records): Connection refused (test outage, call 5)",
				"report:", "  resynced           2", "  crmCalls           5");
		int trace = lines.indexOf("    exitDescription:") + 1;
		assertThat(lines.subList(trace, trace + 12)).allMatch((line) -> line.startsWith("        "));
		assertThat(lines.get(trace + 12)).isEqualTo("report:");
	}

	@Test
	void showsACompletedPurgeWithItsReport() {
		// given
		Instant old = Instant.parse("2026-01-01T00:00:00Z");
		failure("Invoice", "INV-OLD", "DACO-01", "x", old, old);
		Instant recent = Instant.now().minusSeconds(3600);
		failure("Invoice", "INV-NEW", "DACO-01", "x", recent, recent);
		CliResult purge = cli("purge", "--older-than", "P30D", "--requested-by", "bob");
		assertThat(purge.exitCode()).as(purge.err()).isZero();
		long id = this.jdbc.sql("select job_execution_id from batch_job_execution").query(Long.class).single();

		// when
		CliResult result = cli("execution", String.valueOf(id), "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		Map<String, Object> execution = json(result.out());
		assertThat(execution).containsEntry("job", "purgeJob")
			.containsEntry("status", "COMPLETED")
			.containsEntry("exitDescription", "");
		assertThat(list(execution.get("parameters"))).contains(
				Map.of("name", "requestedBy", "value", "bob", "identifying", false),
				Map.of("name", "olderThan", "value", "PT720H", "identifying", false));
		List<Map<String, Object>> steps = list(execution.get("steps"));
		assertThat(steps).extracting((step) -> step.get("step")).containsExactly("purgeStep", "archiveRetentionStep");
		assertThat(steps.get(0)).containsEntry("status", "COMPLETED")
			.containsEntry("read", 1)
			.containsEntry("written", 1)
			.containsEntry("commits", 1)
			.containsEntry("rollbacks", 0)
			.containsEntry("exitDescription", "");
		assertThat(map(execution.get("report"))).containsEntry("execution", (int) id)
			.containsEntry("status", "COMPLETED")
			.containsEntry("read", 1)
			.containsEntry("purged", 1);
	}

	@Test
	void refusesAnUnknownOrMalformedExecutionId() {
		// when
		CliResult unknown = cli("execution", "424242");
		CliResult malformed = cli("execution", "last");

		// then
		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(unknown.err()).contains("there is no job execution 424242");
		assertThat(malformed.exitCode()).isEqualTo(2);
		assertThat(malformed.err()).contains("'last'");
		assertThat(unknown.out() + malformed.out()).isEmpty();
	}

	/**
	 * A daily retry of four failures in chunks of two, the CRM down from the second chunk
	 * on; its execution ID.
	 */
	private long failedDailyRetry() {
		record("Account", "A1", null, "A1", "0010000000000A1", "{}");
		for (int i = 1; i <= 4; i++) {
			record("Invoice", "INV-" + i, "A1", "A1", null, "{}");
			failure("Invoice", "INV-" + i, "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		}
		crm().unavailableFor((call) -> call >= 2);
		assertThat(cli("daily-retry", "--now", "2026-11-20T12:00:00Z", "--chunk-size", "2").exitCode()).isEqualTo(1);
		return this.jdbc.sql("select job_execution_id from batch_job_execution").query(Long.class).single();
	}

	private static Map<String, Object> json(String text) {
		return JsonMapper.builder().build().readValue(text, new TypeReference<Map<String, Object>>() {
		});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		return (List<Map<String, Object>>) value;
	}

}
