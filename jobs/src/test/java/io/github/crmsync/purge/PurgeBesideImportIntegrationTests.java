package io.github.crmsync.purge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.crmsync.PostgresIntegrationTests;
import io.github.crmsync.failures.SyncFailureRepository;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A purge while {@code import-failures} lists newer failures of records it already
 * archived: the purge takes only the rows listed when it started, so the newer failure
 * stays listed and the archive keeps the older one. The interleaving is driven by the
 * test, not by timing: it holds the chunk-write lock that the purge's chunks and the
 * import both take, lets the purge's first chunk queue for it, then the import behind it,
 * and releases it, so that PostgreSQL grants the lock in that order: the first chunk
 * archives, the import lists, the next chunks go on.
 */
@Tag("faults")
class PurgeBesideImportIntegrationTests extends PostgresIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

	static final Instant FIRST = NOW.minus(Duration.ofDays(10));

	static final Instant AGAIN = NOW.minus(Duration.ofDays(1));

	@TempDir
	Path directory;

	@Test
	void aPurgeTakesOnlyTheRowsListedWhenItStartedAndTheNewerFailureAnImportListsMeanwhileStaysListed()
			throws Exception {
		// given six failures, in chunks of two
		for (int i = 1; i <= 6; i++) {
			failure("Invoice", "INV-" + i, "DACO-01", "first", FIRST, FIRST);
		}
		Path file = csv("INV-1,Invoice,DACO-99,failed again," + AGAIN, "INV-5,Invoice,DACO-99,failed again," + AGAIN);
		ExecutorService executor = Executors.newFixedThreadPool(2);
		Future<CliResult> purge;
		Future<CliResult> imported;
		try (Connection session = newSession()) {
			session.setAutoCommit(false);
			try (Statement statement = session.createStatement()) {
				statement.execute(SyncFailureRepository.LOCK_FOR_CHUNK_WRITES);
			}
			// when the purge's first chunk (INV-1, INV-2) waits to write, then the import
			// behind it
			purge = executor.submit(() -> cli("purge", "--all", "--yes", "--chunk-size", "2", "--format", "json"));
			awaitWaitersForTheWriteLock(1);
			imported = executor.submit(() -> cli("import-failures", "--file", file.toString()));
			awaitWaitersForTheWriteLock(2);
			session.commit();
		}
		CliResult purged = purge.get(60, TimeUnit.SECONDS);
		CliResult importResult = imported.get(60, TimeUnit.SECONDS);
		executor.shutdownNow();

		// then the import listed INV-1 anew (a new row, after the first chunk archived
		// it) and updated INV-5 (not
		// purged yet); the purge took the six rows listed when it started, INV-5 as the
		// import left it
		assertThat(importResult.exitCode()).as(importResult.err()).isZero();
		assertThat(importResult.out()).contains(": 1 new, 1 updated");
		assertThat(purged.exitCode()).as(purged.err()).isZero();
		JsonNode report = JSON.readTree(purged.out());
		assertThat(report.get("read").asLong()).isEqualTo(6);
		assertThat(report.get("purged").asLong()).isEqualTo(6);
		long execution = report.get("execution").asLong();
		assertThat(listed()).containsExactly("7 INV-1 failed again");
		assertThat(archived()).containsExactly("1 INV-1 first", "2 INV-2 first", "3 INV-3 first", "4 INV-4 first",
				"5 INV-5 failed again", "6 INV-6 first");

		// when
		CliResult restored = cli("purge", "--restore", "--execution", String.valueOf(execution));

		// then the older INV-1 stays archived behind the newer one listed
		assertThat(restored.exitCode()).as(restored.err()).isZero();
		assertThat(restored.out()).isEqualTo("Restored 5 failures purged by execution " + execution
				+ "; 1 stays archived: a failure of its record as new or newer is listed\n");
		assertThat(listed()).containsExactly("2 INV-2 first", "3 INV-3 first", "4 INV-4 first", "5 INV-5 failed again",
				"6 INV-6 first", "7 INV-1 failed again");
		assertThat(archived()).containsExactly("1 INV-1 first");
	}

	@Test
	void aRestartedPurgeTakesOnlyTheRowsListedWhenItFirstStarted() throws Exception {
		// given a purge whose second chunk failed (an archived row holds the ID of INV-4)
		for (int i = 1; i <= 5; i++) {
			failure("Invoice", "INV-" + i, "DACO-01", "first", FIRST, FIRST);
		}
		this.jdbc.sql("""
				insert into sync_failure_archive (id, zuora_id, object_type, error_code, error_message, sync_date,
					first_failed_at, attempts, purged_at, job_execution_id)
				values (4, 'INV-0', 'Invoice', 'DACO-01', 'in the way', now(), now(), 1, now(), 0)""").update();
		CliResult failed = cli("purge", "--all", "--yes", "--chunk-size", "2", "--format", "json");
		assertThat(failed.exitCode()).isEqualTo(1);
		long execution = JSON.readTree(failed.out()).get("execution").asLong();
		assertThat(archived()).containsExactly("1 INV-1 first", "2 INV-2 first", "4 INV-0 in the way");
		// and since then: the import lists a newer failure of INV-1, and the row in the
		// way is gone
		CliResult imported = cli("import-failures", "--file",
				csv("INV-1,Invoice,DACO-99,failed again," + AGAIN).toString());
		assertThat(imported.exitCode()).as(imported.err()).isZero();
		this.jdbc.sql("delete from sync_failure_archive where job_execution_id = 0").update();

		// when
		CliResult restarted = cli("restart", String.valueOf(execution));

		// then
		assertThat(restarted.exitCode()).as(restarted.err()).isZero();
		assertThat(listed()).containsExactly("6 INV-1 failed again");
		assertThat(archived()).containsExactly("1 INV-1 first", "2 INV-2 first", "3 INV-3 first", "4 INV-4 first",
				"5 INV-5 first");
		assertThat(this.jdbc.sql("""
				select parameter_value || '/' || identifying from batch_job_execution_params
				where parameter_name = 'maxId' order by job_execution_id""").query(String.class).list())
			.containsExactly("5/N", "5/N");
	}

	/**
	 * Waits until {@code waiters} sessions of this database wait for an advisory lock
	 * (the chunk-write lock).
	 */
	private void awaitWaitersForTheWriteLock(int waiters) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (this.jdbc.sql("""
				select count(*) from pg_locks where locktype = 'advisory' and not granted
				and database = (select oid from pg_database where datname = current_database())""")
			.query(Long.class)
			.single() < waiters) {
			if (System.nanoTime() > deadline) {
				fail("fewer than " + waiters + " sessions wait for the chunk-write lock");
			}
			Thread.sleep(10);
		}
	}

	private Path csv(String... rows) throws IOException {
		Path file = Files.createTempFile(this.directory, "failures", ".csv");
		Files.writeString(file,
				"zuora_id,object_type,error_code,error_message,sync_date\n" + String.join("\n", rows) + "\n");
		return file;
	}

	private List<String> listed() {
		return this.jdbc.sql("select id || ' ' || zuora_id || ' ' || error_message from sync_failure order by id")
			.query(String.class)
			.list();
	}

	private List<String> archived() {
		return this.jdbc
			.sql("select id || ' ' || zuora_id || ' ' || error_message from sync_failure_archive order by id")
			.query(String.class)
			.list();
	}

}
