package io.github.crmsync.retry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.github.crmsync.PostgresIntegrationTests;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry lock's session ended by the server while its run lives
 * ({@code pg_terminate_backend}; an {@code idle_session_timeout}, a failover or a proxy's
 * idle cut do the same): the run stops at its chunk instead of committing it, says why
 * and prints its report; a launch that takes the lock over waits for that chunk to end,
 * so two runs never both commit chunks of one slot, and every record is sent to the CRM
 * once per committed chunk.
 */
@Tag("faults")
class LockLossIntegrationTests extends PostgresIntegrationTests {

	static final String NOW = "2026-11-20T12:00:00Z";

	static final Instant IN_WINDOW = Instant.parse("2026-11-18T11:30:00Z");

	@Test
	void aRunWhoseLockSessionEndsRollsItsChunkBackStopsAndSaysWhy() {
		// given: one call per chunk of three; the lock's session ends while the second
		// chunk is with the CRM
		nineInvoiceFailures();
		crm().beforeEachCall((call) -> {
			if (call == 2) {
				assertThat(terminateLockSessions()).isEqualTo(1);
			}
		});
		List<Map<String, Object>> secondChunk = rows("INV-4", "INV-5", "INV-6");

		// when
		CliResult lost = cli("daily-retry", "--now", NOW, "--chunk-size", "3");

		// then
		assertThat(lost.exitCode()).as(lost.out() + lost.err()).isEqualTo(1);
		assertThat(lost.out()).contains("FAILED")
			.contains("cause                This run lost its lock crm-sync-jobs:retry (its database session ended)");
		assertThat(this.jdbc.sql("select status || ' ' || exit_message from batch_job_execution")
			.query(String.class)
			.single()).startsWith("FAILED This run lost its lock crm-sync-jobs:retry");
		assertThat(rows("INV-4", "INV-5", "INV-6")).isEqualTo(secondChunk);
		assertThat(remainingZuoraIds()).doesNotContain("INV-1", "INV-2", "INV-3").hasSize(6);
		assertThat(crm().calls()).isEqualTo(2);

		// when
		crm().reset();
		CliResult relaunched = cli("daily-retry", "--now", NOW, "--chunk-size", "3");

		// then
		assertThat(relaunched.exitCode()).as(relaunched.err()).isZero();
		assertThat(remainingZuoraIds()).isEmpty();
		assertThat(this.jdbc.sql("select upsert_count from crm_sandbox_record where object_type = 'Invoice'")
			.query(Integer.class)
			.list()).hasSize(9).containsOnly(1);
	}

	@Test
	void aLaunchThatTakesALostLockOverWaitsForTheChunkInFlightAndTheTwoNeverBothCommit() throws Exception {
		// given: the first run's lock session ends while its second chunk is with the
		// CRM, and at that very moment a
		// second launch of the slot comes (the CronJob's next pod, an operator)
		nineInvoiceFailures();
		crm().delayEachCall(Duration.ofMillis(300));
		CompletableFuture<CliResult> second = new CompletableFuture<>();
		crm().beforeEachCall((call) -> {
			if (call == 2) {
				assertThat(terminateLockSessions()).isEqualTo(1);
				CompletableFuture
					.runAsync(() -> second.complete(cli("daily-retry", "--now", NOW, "--chunk-size", "3")));
				awaitTakeOverWaiting();
			}
		});

		// when
		CliResult first = cli("daily-retry", "--now", NOW, "--chunk-size", "3");
		CliResult other = second.get(60, TimeUnit.SECONDS);

		// then
		assertThat(first.exitCode()).as(first.out() + first.err()).isEqualTo(1);
		assertThat(first.out()).contains("This run lost its lock crm-sync-jobs:retry");
		assertThat(other.exitCode()).as(other.out() + other.err()).isZero();
		assertThat(other.out()).contains("COMPLETED").contains("read                 6");
		assertThat(remainingZuoraIds()).isEmpty();
		// the sandbox CRM writes in the chunk's transaction: a record of a chunk that
		// both runs committed would show
		// an upsert count of 2
		assertThat(this.jdbc.sql("select upsert_count from crm_sandbox_record where object_type = 'Invoice'")
			.query(Integer.class)
			.list()).hasSize(9).containsOnly(1);
		assertThat(this.jdbc.sql("select status from batch_job_execution order by job_execution_id")
			.query(String.class)
			.list()).containsExactly("FAILED", "COMPLETED");
	}

	@Test
	void aRunThatLosesEveryConnectionStillPrintsWhatItCommittedAndWhy() {
		// given: every session of the application ends while the second chunk is with the
		// CRM
		nineInvoiceFailures();
		crm().beforeEachCall((call) -> {
			if (call == 2) {
				assertThat(terminateSessions("true")).isPositive();
			}
		});

		// when
		CliResult lost = cli("daily-retry", "--now", NOW, "--chunk-size", "3");

		// then
		assertThat(lost.exitCode()).as(lost.out() + lost.err()).isEqualTo(1);
		assertThat(lost.out()).contains("FAILED")
			.contains("cause                FATAL: terminating connection due to administrator command")
			.contains("resynced             3");
		assertThat(this.jdbc.sql("select exit_message from batch_step_execution").query(String.class).single())
			.startsWith("FATAL: terminating connection due to administrator command");
		assertThat(remainingZuoraIds()).hasSize(6);
	}

	private void nineInvoiceFailures() {
		account("A1", "0010000000000A1");
		for (int i = 1; i <= 9; i++) {
			invoice("INV-" + i, "A1");
			failure("Invoice", "INV-" + i, "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		}
	}

	/**
	 * Ends the sessions that hold a session-level advisory lock (the retry lock), and
	 * waits until they are gone.
	 */
	private int terminateLockSessions() {
		String holders = "pid in (select pid from pg_locks where locktype = 'advisory' and granted and mode = 'ExclusiveLock')";
		int terminated = terminateSessions(holders);
		await(() -> count("select count(*) from pg_stat_activity where " + holders) == 0,
				"the lock's session never ended");
		return terminated;
	}

	private int terminateSessions(String condition) {
		try (Connection session = newSession(); ResultSet terminated = session.createStatement().executeQuery("""
				select pg_terminate_backend(pid) from pg_stat_activity
				where datname = current_database() and pid <> pg_backend_pid() and %s""".formatted(condition))) {
			int count = 0;
			while (terminated.next()) {
				count++;
			}
			return count;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Waits until a session waits for the fence row: the second launch's take-over of the
	 * lock.
	 */
	private void awaitTakeOverWaiting() {
		await(() -> count("""
				select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'
				and query like '%job_lock_fence%'""") > 0, "the second launch never waited for the fence");
	}

	/**
	 * Counts on a session of its own: called from a CRM call, the application's pool
	 * would join the chunk's transaction, whose view of pg_stat_activity is a snapshot
	 * taken once.
	 */
	private long count(String sql) {
		try (Connection session = newSession(); ResultSet rs = session.createStatement().executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void await(BooleanSupplier condition, String otherwise) {
		Instant deadline = Instant.now().plusSeconds(30);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError(otherwise);
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(otherwise, ex);
			}
		}
	}

	private List<Map<String, Object>> rows(String... zuoraIds) {
		return this.jdbc.sql("select * from sync_failure where zuora_id in (:ids) order by id")
			.param("ids", List.of(zuoraIds))
			.query()
			.listOfRows();
	}

}
