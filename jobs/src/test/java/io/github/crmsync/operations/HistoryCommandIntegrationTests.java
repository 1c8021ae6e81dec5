package io.github.crmsync.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.crmsync.PostgresIntegrationTests;
import io.github.crmsync.support.ProcessIdentity;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code history}: the job repository's executions newest first, as a table and as JSON,
 * its filters and the options it refuses.
 */
class HistoryCommandIntegrationTests extends PostgresIntegrationTests {

	@Test
	void listsExecutionsNewestFirstWithEveryFieldAsJson() {
		// given
		List<Long> ids = threeRuns();

		// when
		CliResult result = cli("history", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		List<Map<String, Object>> history = json(result);
		assertThat(history).extracting((execution) -> ((Number) execution.get("id")).longValue())
			.containsExactly(ids.get(2), ids.get(1), ids.get(0));
		assertThat(history).extracting((execution) -> execution.get("job"))
			.containsExactly("retryJob", "dailyRetryJob", "dailyRetryJob");
		Map<String, Object> retry = history.get(0);
		assertThat(retry).containsOnlyKeys("id", "job", "status", "exitCode", "exitMessage", "start", "end",
				"durationSeconds", "parameters", "read", "written", "filtered", "skipped", "requestedBy", "host",
				"pid");
		assertThat(retry).containsEntry("status", "COMPLETED")
			.containsEntry("exitCode", "COMPLETED")
			.containsEntry("exitMessage", "")
			.containsEntry("read", 1)
			.containsEntry("written", 1)
			.containsEntry("filtered", 0)
			.containsEntry("skipped", 0)
			.containsEntry("requestedBy", "alice")
			.containsEntry("host", ProcessIdentity.host())
			.containsEntry("pid", (int) ProcessIdentity.pid());
		Instant start = Instant.parse((String) retry.get("start"));
		Instant end = Instant.parse((String) retry.get("end"));
		assertThat(start).isBetween(Instant.now().minusSeconds(60), end);
		assertThat(((Number) retry.get("durationSeconds")).doubleValue())
			.isEqualTo(Duration.between(start, end).toMillis() / 1000.0);
		List<Map<String, Object>> parameters = parameters(retry);
		assertThat(parameters.subList(0, 2)).extracting((parameter) -> parameter.get("name"))
			.containsExactly("requestId", "selection");
		assertThat(parameters).filteredOn((parameter) -> (Boolean) parameter.get("identifying"))
			.extracting((parameter) -> parameter.get("name"))
			.containsExactly("requestId", "selection");
		assertThat(parameters).contains(Map.of("name", "requestedBy", "value", "alice", "identifying", false),
				Map.of("name", "chunkSize", "value", "50000", "identifying", false));
		Map<String, Object> failed = history.get(1);
		assertThat(failed).containsEntry("status", "FAILED")
			.containsEntry("exitCode", "FAILED")
			.containsEntry("read", 1)
			.containsEntry("written", 0)
			.containsEntry("requestedBy", System.getProperty("user.name"));
		assertThat((String) failed.get("exitMessage"))
			.startsWith("CRM unavailable after 4 attempts (Invoice, 1 records)");
		assertThat(parameters(failed)).first()
			.isEqualTo(Map.of("name", "slot", "value", "2026-11-20T11:30:00Z", "identifying", true));
		assertThat(history.get(2)).containsEntry("status", "COMPLETED")
			.containsEntry("read", 3)
			.containsEntry("written", 3);
	}

	@Test
	void printsATableWithIdentifyingParametersMarkedAndTheExitMessage() {
		// given
		List<Long> ids = threeRuns();

		// when
		CliResult result = cli("history");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		List<String> lines = result.out().lines().toList();
		assertThat(lines).hasSize(4);
		assertThat(lines.get(0).split(" +")).containsExactly("", "ID", "JOB", "STATUS", "EXIT", "START", "DURATION",
				"READ", "WRITTEN", "FILTERED", "SKIPPED", "REQUESTED", "BY", "PROCESS", "PARAMETERS", "/", "EXIT",
				"MESSAGE");
		assertThat(lines.get(1).trim().split(" +")).startsWith(String.valueOf(ids.get(2)), "retryJob", "COMPLETED",
				"COMPLETED");
		assertThat(lines.get(1)).contains("  alice  ").contains("selection*=id INV-").doesNotContain("requestId");
		assertThat(lines.get(2).trim()).startsWith(ids.get(1) + "  dailyRetryJob  FAILED     FAILED")
			.contains("slot*=2026-11-20T11:30:00Z | CRM unavailable after 4 attempts");
		assertThat(lines.get(3).trim().split(" +")).startsWith(String.valueOf(ids.get(0)), "dailyRetryJob",
				"COMPLETED");
		assertThat(lines.get(3)).endsWith("slot*=2026-11-19T11:30:00Z");
	}

	@Test
	void filtersByJob() {
		// given
		List<Long> ids = threeRuns();

		// when
		CliResult result = cli("history", "--job", "dailyRetryJob", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(idsOf(result)).containsExactly(ids.get(1), ids.get(0));
	}

	@Test
	void filtersByStatusInAnyCase() {
		// given
		List<Long> ids = threeRuns();

		// when
		CliResult failed = cli("history", "--status", "failed", "--format", "json");
		CliResult completedDaily = cli("history", "--status", "Completed", "--job", "dailyRetryJob", "--format",
				"json");

		// then
		assertThat(failed.exitCode()).as(failed.err()).isZero();
		assertThat(idsOf(failed)).containsExactly(ids.get(1));
		assertThat(idsOf(completedDaily)).containsExactly(ids.get(0));
	}

	@Test
	void filtersByCreationTimeSinceAnInstantIncluded() {
		// given
		List<Long> ids = threeRuns();
		createdAt(ids.get(0), "2026-05-31 23:59:59.999999");
		createdAt(ids.get(1), "2026-06-01 00:00:00");

		// when
		CliResult result = cli("history", "--since", "2026-06-01T02:00:00+02:00", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(idsOf(result)).containsExactly(ids.get(2), ids.get(1));
	}

	@Test
	void limitsToTheNewest() {
		// given
		List<Long> ids = threeRuns();

		// when
		CliResult result = cli("history", "--limit", "2", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(idsOf(result)).containsExactly(ids.get(2), ids.get(1));
	}

	@Test
	void anEmptyHistoryPrintsAnEmptyArrayOrTheHeader() {
		// when
		CliResult json = cli("history", "--format", "json");
		CliResult table = cli("history");

		// then
		assertThat(json.exitCode()).isZero();
		assertThat(json(json)).isEmpty();
		assertThat(table.exitCode()).isZero();
		assertThat(table.out().lines()).hasSize(2).first().asString().contains("ID", "JOB", "STATUS");
		assertThat(table.out().lines().toList().get(1)).isEqualTo("(no job executions yet)");
	}

	@Test
	void refusesAnUnknownJobStatusABadInstantAndALimitOutOfRange() {
		// given
		threeRuns();

		// when
		CliResult job = cli("history", "--job", "nightlyJob");
		CliResult status = cli("history", "--status", "DONE");
		CliResult since = cli("history", "--since", "yesterday");
		CliResult localSince = cli("history", "--since", "2026-11-20T00:00:00");
		CliResult zero = cli("history", "--limit", "0");
		CliResult huge = cli("history", "--limit", "100001");

		// then
		assertThat(List.of(job, status, since, localSince, zero, huge)).extracting(CliResult::exitCode).containsOnly(2);
		assertThat(job.err()).contains("unknown job 'nightlyJob'; jobs: dailyRetryJob, retryJob, purgeJob");
		assertThat(status.err()).contains("unknown status 'DONE'; statuses: ")
			.contains("COMPLETED", "STARTED", "STOPPED", "FAILED", "ABANDONED");
		assertThat(since.err()).contains("--since 'yesterday' is not an ISO-8601 instant");
		assertThat(localSince.err()).contains("has no time zone offset");
		assertThat(zero.err()).contains("--limit must be between 1 and 100000, not 0");
		assertThat(huge.err()).contains("--limit must be between 1 and 100000, not 100001");
		assertThat(job.out() + status.out() + since.out() + localSince.out() + zero.out() + huge.out()).isEmpty();
	}

	/**
	 * A completed daily retry of three failures, a daily retry of the next slot that
	 * failed (CRM down) and an on-demand retry requested by alice; returns their
	 * execution IDs, oldest first.
	 */
	private List<Long> threeRuns() {
		record("Account", "A1", null, "A1", "0010000000000A1", "{}");
		for (int i = 1; i <= 4; i++) {
			record("Invoice", "INV-" + i, "A1", "A1", null, "{}");
		}
		Instant firstFailed = Instant.parse("2026-11-18T00:00:00Z");
		for (int i = 1; i <= 3; i++) {
			failure("Invoice", "INV-" + i, "DACO-01", "x", firstFailed, firstFailed);
		}
		assertThat(cli("daily-retry", "--now", "2026-11-19T12:00:00Z").exitCode()).isZero();
		Instant later = Instant.parse("2026-11-20T00:00:00Z");
		failure("Invoice", "INV-4", "DACO-01", "x", later, later);
		crm().unavailableFor((call) -> true);
		assertThat(cli("daily-retry", "--now", "2026-11-20T12:00:00Z").exitCode()).isEqualTo(1);
		crm().reset();
		CliResult retry = cli("retry", "--ids", "INV-4", "--requested-by", "alice");
		assertThat(retry.exitCode()).as(retry.err()).isZero();
		List<Long> ids = this.jdbc.sql("select job_execution_id from batch_job_execution order by job_execution_id")
			.query(Long.class)
			.list();
		assertThat(ids).hasSize(3);
		return ids;
	}

	private void createdAt(long executionId, String localUtcTime) {
		this.jdbc.sql("update batch_job_execution set create_time = cast(? as timestamp) where job_execution_id = ?")
			.params(localUtcTime, executionId)
			.update();
	}

	private static List<Long> idsOf(CliResult result) {
		return json(result).stream().map((execution) -> ((Number) execution.get("id")).longValue()).toList();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> parameters(Map<String, Object> execution) {
		return (List<Map<String, Object>>) execution.get("parameters");
	}

	private static List<Map<String, Object>> json(CliResult result) {
		return JsonMapper.builder().build().readValue(result.out(), new TypeReference<List<Map<String, Object>>>() {
		});
	}

}
