package io.github.crmsync.retry;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.crmsync.PostgresIntegrationTests;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A daily retry, an on-demand retry and a purge launched at once over the same rows, in
 * small chunks so that they interleave. Whoever wins, every row ends exactly once:
 * re-synced (deleted, its record in the CRM), still listed (untouched, or with one new
 * attempt per retry that ran), or archived — never listed and archived, never lost; and
 * the reports count each row once. Several interleavings: the purge in chunks of 20 (it
 * is done before the retry reaches its rows) and of 3 (they work on the same rows at the
 * same time).
 */
@Tag("faults")
class RetryAndPurgeConcurrencyIntegrationTests extends PostgresIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final int ROWS = 300;

	static final String REJECTION = "FIELD_CUSTOM_VALIDATION_EXCEPTION: rejected by the sandbox";

	@ParameterizedTest(name = "purge --older-than {1} --chunk-size {0}")
	@CsvSource({ "20, PT1H", "3, PT1H", "3, PT1S" })
	void everyRowEndsExactlyOnceWhateverTheInterleaving(int purgeChunkSize, String purgeAge) throws Exception {
		// given
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		Instant firstFailed = now.minus(Duration.ofDays(2));
		record("Account", "A1", null, "A1", "0010000000000A1", "{}");
		Map<Long, Map<String, Object>> original = new HashMap<>();
		Set<String> rejected = new HashSet<>();
		for (int i = 1; i <= ROWS; i++) {
			String id = "INV-%03d".formatted(i);
			boolean reject = i % 5 == 0;
			if (reject) {
				rejected.add(id);
			}
			record("Invoice", id, "A1", "A1", null,
					reject ? "{\"sandboxReject\": \"" + REJECTION + "\"}" : "{\"Zuora__Amount__c\": " + i + "}");
			// --older-than PT1H selects the rows last attempted two days ago (every other
			// one), PT1S all of them;
			// a row that a retry updated meanwhile (sync date now) no longer matches
			// either
			Instant syncDate = (i % 2 == 0) ? firstFailed : now.minus(Duration.ofMinutes(30));
			long rowId = failure("Invoice", id, (i % 3 == 0) ? "DACO-99" : "DACO-01", "failed", syncDate, firstFailed);
			original.put(rowId, row("sync_failure", rowId));
		}

		// when
		List<CliResult> results = launchTogether(
				List.of(List.of("daily-retry", "--chunk-size", "20", "--format", "json"),
						List.of("retry", "--object-type", "Invoice", "--chunk-size", "20", "--format", "json"),
						List.of("purge", "--object-type", "Invoice", "--older-than", purgeAge, "--chunk-size",
								String.valueOf(purgeChunkSize), "--format", "json")));

		// then: the exit codes
		CliResult daily = results.get(0);
		CliResult retry = results.get(1);
		CliResult purge = results.get(2);
		assertThat(daily.exitCode()).as(daily.err()).isIn(0, 3);
		assertThat(retry.exitCode()).as(retry.err()).isIn(0, 3);
		assertThat(purge.exitCode()).as(purge.err()).isZero();
		for (CliResult refused : List.of(daily, retry)) {
			if (refused.exitCode() == 3) {
				// the winner's execution, or only its lock if it had not created its
				// execution yet
				assertThat(refused.err()).containsPattern("another retry run is active: (execution \\d+ "
						+ "\\((dailyRetryJob|retryJob), pid \\d+ on .+, started .+\\)|it holds the retry lock)");
			}
		}
		List<CliResult> retriesThatRan = List.of(daily, retry).stream().filter((r) -> r.exitCode() == 0).toList();
		assertThat(retriesThatRan).isNotEmpty();
		assertThat(retryExecutionsOverlap()).as("two retry runs worked at the same time").isFalse();

		// then: every row ends exactly once
		Set<String> resyncedRecords = new HashSet<>(
				this.jdbc.sql("select external_id from crm_sandbox_record").query(String.class).list());
		long deleted = 0;
		long archived = 0;
		for (Map.Entry<Long, Map<String, Object>> entry : original.entrySet()) {
			long id = entry.getKey();
			Map<String, Object> before = entry.getValue();
			String zuoraId = (String) before.get("zuora_id");
			Map<String, Object> listed = rowOrNull("sync_failure", id);
			Map<String, Object> inArchive = rowOrNull("sync_failure_archive", id);
			assertThat(listed != null && inArchive != null).as("%s listed and archived", zuoraId).isFalse();
			if (listed == null && inArchive == null) {
				assertThat(resyncedRecords).as("%s deleted without being re-synced", zuoraId).contains(zuoraId);
				assertThat(rejected).as("%s rejected by the CRM, yet deleted", zuoraId).doesNotContain(zuoraId);
				deleted++;
			}
			Map<String, Object> state = (listed != null) ? listed : inArchive;
			if (state != null) {
				archived += (inArchive != null) ? 1 : 0;
				assertUntouchedOrRetried(zuoraId, before, state, rejected.contains(zuoraId), retriesThatRan.size());
			}
		}

		// then: the reports count each row once
		long resyncedByReports = 0;
		for (CliResult ran : retriesThatRan) {
			JsonNode report = JSON.readTree(ran.out());
			assertThat(report.get("status").asString()).isEqualTo("COMPLETED");
			resyncedByReports += report.get("resynced").asLong() + report.get("childRowsDeleted").asLong();
		}
		assertThat(resyncedByReports).isEqualTo(deleted);
		assertThat(JSON.readTree(purge.out()).get("purged").asLong()).isEqualTo(archived);
		assertThat(this.jdbc.sql("select count(*) from sync_failure_archive").query(Long.class).single())
			.isEqualTo(archived);
	}

	@RepeatedTest(3)
	void twoDailyRetriesOfOneSlotAtOnceHandleEveryRowOnce() throws Exception {
		// given
		Instant firstFailed = Instant.parse("2026-11-18T11:30:00Z");
		record("Account", "A1", null, "A1", "0010000000000A1", "{}");
		for (int i = 1; i <= 40; i++) {
			record("Invoice", "INV-" + i, "A1", "A1", null, "{}");
			failure("Invoice", "INV-" + i, "DACO-01", "x", firstFailed, firstFailed);
		}
		crm().delayEachCall(Duration.ofMillis(20));
		List<String> launch = List.of("daily-retry", "--now", "2026-11-20T12:00:00Z", "--chunk-size", "4");

		// when
		List<CliResult> results = launchTogether(List.of(launch, launch));

		// then: one runs the slot; the other is refused while it runs (3) or finds it
		// completed (0)
		assertThat(results).allSatisfy((result) -> assertThat(result.exitCode()).as(result.err()).isIn(0, 3));
		assertThat(results).filteredOn((result) -> result.exitCode() == 3)
			.allSatisfy((result) -> assertThat(result.err()).contains("another retry run is active"));
		assertThat(this.jdbc.sql("select count(*) from sync_failure").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("select upsert_count from crm_sandbox_record where object_type = 'Invoice'")
			.query(Integer.class)
			.list()).hasSize(40).containsOnly(1);
		assertThat(this.jdbc.sql("select status from batch_job_execution").query(String.class).list())
			.containsExactly("COMPLETED");
	}

	@RepeatedTest(3)
	void jobsLaunchedAtTheSameMomentAllStart() throws Exception {
		// given
		Instant failed = Instant.now().minus(Duration.ofDays(40));
		for (int i = 1; i <= 3; i++) {
			failure("Invoice", "INV-" + i, "DACO-99", "x", failed, failed);
		}

		// when
		List<CliResult> results = launchTogether(List.of(List.of("purge", "--ids", "INV-1"),
				List.of("purge", "--ids", "INV-2"), List.of("retry", "--ids", "INV-3")));

		// then: no launch fails; of two purges at once, one may be refused (one purge at
		// a time, exit 3)
		assertThat(results.get(2).exitCode()).as(results.get(2).err()).isZero();
		List<CliResult> purges = results.subList(0, 2);
		assertThat(purges).allSatisfy((result) -> assertThat(result.exitCode()).as(result.err()).isIn(0, 3));
		long purged = purges.stream().filter((result) -> result.exitCode() == 0).count();
		assertThat(purged).isPositive();
		purges.stream()
			.filter((result) -> result.exitCode() == 3)
			.forEach((result) -> assertThat(result.err()).contains("another purge is active"));
		assertThat(this.jdbc.sql("select count(*) from sync_failure_archive").query(Long.class).single())
			.isEqualTo(purged);
		assertThat(this.jdbc.sql("select status from batch_job_execution").query(String.class).list())
			.hasSize((int) purged + 1)
			.containsOnly("COMPLETED");
	}

	private void assertUntouchedOrRetried(String zuoraId, Map<String, Object> before, Map<String, Object> after,
			boolean rejected, int retriesThatRan) {
		int attempts = (Integer) after.get("attempts");
		assertThat(attempts).as(zuoraId).isBetween(1, 1 + retriesThatRan);
		assertThat(after.get("zuora_id")).isEqualTo(zuoraId);
		assertThat(after.get("first_failed_at")).as(zuoraId).isEqualTo(before.get("first_failed_at"));
		if (attempts == 1) {
			for (String column : List.of("error_code", "error_message", "sync_date")) {
				assertThat(after.get(column)).as("%s %s", zuoraId, column).isEqualTo(before.get(column));
			}
		}
		else {
			assertThat(rejected).as("%s accepted by the CRM, yet it got a new attempt", zuoraId).isTrue();
			assertThat(after.get("error_code")).as(zuoraId).isEqualTo("DACO-01");
			assertThat(after.get("error_message")).as(zuoraId).isEqualTo(REJECTION);
		}
	}

	/**
	 * Runs each command line on a thread of its own, all released at once; returns their
	 * results in order.
	 */
	private List<CliResult> launchTogether(List<List<String>> commands) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(commands.size());
		try {
			CountDownLatch ready = new CountDownLatch(commands.size());
			CountDownLatch go = new CountDownLatch(1);
			List<Future<CliResult>> futures = new ArrayList<>();
			for (List<String> command : commands) {
				futures.add(executor.submit(() -> {
					ready.countDown();
					go.await();
					return cli(command.toArray(String[]::new));
				}));
			}
			assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
			go.countDown();
			List<CliResult> results = new ArrayList<>();
			for (Future<CliResult> future : futures) {
				results.add(future.get(60, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

	private boolean retryExecutionsOverlap() {
		List<LocalDateTime[]> runs = this.jdbc.sql("""
				select e.start_time, e.end_time from batch_job_execution e
				join batch_job_instance i on i.job_instance_id = e.job_instance_id
				where i.job_name in ('dailyRetryJob', 'retryJob') order by e.start_time""")
			.query((rs,
					row) -> new LocalDateTime[] { rs.getObject(1, LocalDateTime.class),
							rs.getObject(2, LocalDateTime.class) })
			.list();
		for (int i = 1; i < runs.size(); i++) {
			if (!runs.get(i)[0].isAfter(runs.get(i - 1)[1])) {
				return true;
			}
		}
		return false;
	}

	private Map<String, Object> row(String table, long id) {
		return this.jdbc.sql("select * from " + table + " where id = ?").param(id).query().singleRow();
	}

	private Map<String, Object> rowOrNull(String table, long id) {
		List<Map<String, Object>> rows = this.jdbc.sql("select * from " + table + " where id = ?")
			.param(id)
			.query()
			.listOfRows();
		return rows.isEmpty() ? null : rows.get(0);
	}

}
