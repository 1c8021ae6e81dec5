package io.github.crmsync.retry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.crmsync.PostgresIntegrationTests;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daily retry's database connection terminated in the middle of a chunk
 * ({@code pg_terminate_backend} from a session of the test's own, while the chunk's
 * transaction is open and its CRM call about to go out): the job ends FAILED with the
 * cause, the chunk's rows are as they were, and the next launch of the slot handles every
 * row once.
 */
@Tag("faults")
class DatabaseLossIntegrationTests extends PostgresIntegrationTests {

	static final String NOW = "2026-11-20T12:00:00Z";

	static final Instant IN_WINDOW = Instant.parse("2026-11-18T11:30:00Z");

	@Test
	void aConnectionTerminatedMidChunkFailsTheRunCleanlyAndARelaunchCompletesIt() {
		// given
		record("Account", "A1", null, "A1", "0010000000000A1", "{}");
		for (int i = 1; i <= 9; i++) {
			record("Invoice", "INV-" + i, "A1", "A1", null, "{}");
			failure("Invoice", "INV-" + i, "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		}
		// one call per chunk of three: the second chunk loses its connection just before
		// its call
		crm().beforeEachCall((call) -> {
			if (call == 2) {
				assertThat(terminateConnectionsInTransaction()).isPositive();
			}
		});
		List<Map<String, Object>> uncommitted = rows("INV-4", "INV-5", "INV-6", "INV-7", "INV-8", "INV-9");

		// when
		CliResult failed = cli("daily-retry", "--now", NOW, "--chunk-size", "3");

		// then
		assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
		// the rollback on the dead connection fails too; the cause shown is what broke
		// the chunk
		assertThat(failed.out()).contains("FAILED")
			.contains("cause                FATAL: terminating connection due to administrator command");
		assertThat(this.jdbc.sql("select status || ' ' || exit_message from batch_job_execution")
			.query(String.class)
			.single()).isEqualTo("FAILED FATAL: terminating connection due to administrator command");
		// the step says so too, not "JDBC rollback failed" (the rollback on the dead
		// connection fails after it)
		assertThat(this.jdbc.sql("select exit_message from batch_step_execution").query(String.class).single())
			.startsWith("FATAL: terminating connection due to administrator command\n")
			.doesNotContain("JDBC rollback failed");
		assertThat(rows("INV-4", "INV-5", "INV-6", "INV-7", "INV-8", "INV-9")).isEqualTo(uncommitted);
		assertThat(remainingZuoraIds()).doesNotContain("INV-1", "INV-2", "INV-3");

		// when
		crm().reset();
		CliResult relaunched = cli("daily-retry", "--now", NOW, "--chunk-size", "3");

		// then
		assertThat(relaunched.exitCode()).as(relaunched.out() + relaunched.err()).isZero();
		assertThat(relaunched.out()).contains("read                 6");
		assertThat(remainingZuoraIds()).isEmpty();
		assertThat(this.jdbc.sql("select upsert_count from crm_sandbox_record where object_type = 'Invoice'")
			.query(Integer.class)
			.list()).hasSize(9).containsOnly(1);
		assertThat(this.jdbc.sql("select status from batch_job_execution order by job_execution_id")
			.query(String.class)
			.list()).containsExactly("FAILED", "COMPLETED");
	}

	private int terminateConnectionsInTransaction() {
		try (Connection session = newSession(); ResultSet terminated = session.createStatement().executeQuery("""
				select pg_terminate_backend(pid) from pg_stat_activity
				where datname = current_database() and pid <> pg_backend_pid()
					and state like 'idle in transaction%'""")) {
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

	private List<Map<String, Object>> rows(String... zuoraIds) {
		return this.jdbc.sql("select * from sync_failure where zuora_id in (:ids) order by id")
			.param("ids", List.of(zuoraIds))
			.query()
			.listOfRows();
	}

}
