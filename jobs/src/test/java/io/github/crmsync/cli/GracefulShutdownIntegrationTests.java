package io.github.crmsync.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.github.crmsync.ChildJvm;
import io.github.crmsync.PostgresIntegrationTests;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM (what Kubernetes sends a pod) to a real child JVM running the daily retry: the
 * run stops after its current chunk, ends STOPPED with exit code 1, and the next launch
 * of the slot resumes it at its own chunk size, every row handled once.
 */
@Tag("faults")
class GracefulShutdownIntegrationTests extends PostgresIntegrationTests {

	static final Instant IN_WINDOW = Instant.parse("2026-11-18T11:30:00Z");

	@Test
	void sigtermStopsTheRunAfterItsCurrentChunkAndTheNextLaunchResumesIt(@TempDir Path logs) throws Exception {
		// given
		record("Account", "A1", null, "A1", "0010000000000A1", "{}");
		for (int i = 1; i <= 60; i++) {
			record("Invoice", "INV-" + i, "A1", "A1", null, "{}");
			failure("Invoice", "INV-" + i, "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		}
		ChildJvm jvm = ChildJvm.launch(logs, Duration.ofMillis(400), "daily-retry", "--now", "2026-11-20T12:00:00Z",
				"--chunk-size", "5");
		jvm.awaitCommittedChunks(this.jdbc, 1);
		Process child = jvm.process();

		// when
		child.destroy();
		boolean ended = child.waitFor(60, TimeUnit.SECONDS);

		// then
		assertThat(ended).isTrue();
		assertThat(child.exitValue()).as(jvm.err()).isEqualTo(1);
		assertThat(this.jdbc.sql("select status from batch_job_execution").query(String.class).single())
			.isEqualTo("STOPPED");
		long left = this.jdbc.sql("select count(*) from sync_failure").query(Long.class).single();
		assertThat(left).isBetween(1L, 59L).matches((count) -> count % 5 == 0, "whole chunks only");
		assertThat(jvm.out()).contains("STOPPED");

		// when: the next launch of the slot, as the CronJob makes it (the default chunk
		// size, not the stopped run's)
		CliResult resumed = cli("daily-retry", "--now", "2026-11-20T12:00:00Z");

		// then
		assertThat(resumed.exitCode()).as(resumed.err()).isZero();
		assertThat(this.jdbc.sql("select count(*) from sync_failure").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("select upsert_count from crm_sandbox_record").query(Integer.class).list()).hasSize(60)
			.containsOnly(1);
	}

	@Test
	void sigtermDuringARestartStopsItGracefullyAndTheHistoryNamesTheProcessOfEachAttempt(@TempDir Path logs)
			throws Exception {
		// given: a run that failed after two chunks of five, restarted by another process
		record("Account", "A1", null, "A1", "0010000000000A1", "{}");
		for (int i = 1; i <= 60; i++) {
			record("Invoice", "INV-" + i, "A1", "A1", null, "{}");
			failure("Invoice", "INV-" + i, "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		}
		crm().unavailableFor((call) -> call >= 3);
		assertThat(cli("daily-retry", "--now", "2026-11-20T12:00:00Z", "--chunk-size", "5").exitCode()).isEqualTo(1);
		crm().reset();
		long failed = this.jdbc.sql("select job_execution_id from batch_job_execution").query(Long.class).single();
		ChildJvm restart = ChildJvm.launch(logs, Duration.ofMillis(400), "restart", String.valueOf(failed));
		awaitCommittedChunkOf(restart, failed + 1);

		// when
		restart.process().destroy();
		boolean ended = restart.process().waitFor(60, TimeUnit.SECONDS);

		// then
		assertThat(ended).isTrue();
		assertThat(restart.process().exitValue()).as(restart.err()).isEqualTo(1);
		assertThat(restart.out()).contains("restarted as execution " + (failed + 1) + " STOPPED")
			.contains("status               STOPPED");
		assertThat(this.jdbc.sql("select status from batch_job_execution order by job_execution_id")
			.query(String.class)
			.list()).containsExactly("FAILED", "STOPPED");

		// when
		CliResult history = cli("history", "--format", "json");

		// then: each attempt names its own process
		assertThat(history.out()).contains("\"pid\" : " + restart.process().pid())
			.contains("\"pid\" : " + ProcessHandle.current().pid());
		assertThat(this.jdbc.sql("select pid from job_execution_process order by job_execution_id")
			.query(Long.class)
			.list()).containsExactly(ProcessHandle.current().pid(), restart.process().pid());
	}

	private void awaitCommittedChunkOf(ChildJvm jvm, long execution) throws Exception {
		Instant deadline = Instant.now().plusSeconds(60);
		while (Instant.now().isBefore(deadline) && jvm.process().isAlive()) {
			if (this.jdbc
				.sql("select coalesce(max(commit_count), 0) from batch_step_execution where job_execution_id = ?")
				.param(execution)
				.query(Long.class)
				.single() >= 1) {
				return;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("execution " + execution + " committed no chunk in time:\n" + jvm.out() + jvm.err());
	}

}
