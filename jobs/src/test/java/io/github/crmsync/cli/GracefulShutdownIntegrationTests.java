package io.github.crmsync.cli;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.crmsync.CrmSyncJobsApplication;
import io.github.crmsync.PostgresIntegrationTests;
import io.github.crmsync.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM (what Kubernetes sends a pod) to a real child JVM running the daily retry: the run stops after its current
 * chunk, ends STOPPED with exit code 1, and the next launch of the slot resumes it, every row handled once.
 */
class GracefulShutdownIntegrationTests extends PostgresIntegrationTests {

	static final Instant IN_WINDOW = Instant.parse("2026-11-18T11:30:00Z");

	@Test
	void sigtermStopsTheRunAfterItsCurrentChunkAndTheNextLaunchResumesIt(@TempDir Path logs) throws Exception {
		// given
		record("Account", "A1", null, "A1", "001A1", "{}");
		for (int i = 1; i <= 60; i++) {
			record("Invoice", "INV-" + i, "A1", "A1", null, "{}");
			failure("Invoice", "INV-" + i, "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		}
		Process child = launch(logs, "daily-retry", "--now", "2026-11-20T12:00:00Z", "--chunk-size", "5");
		awaitCommittedChunk(child, logs);

		// when
		child.destroy();
		boolean ended = child.waitFor(60, TimeUnit.SECONDS);

		// then
		assertThat(ended).isTrue();
		assertThat(child.exitValue()).as(java.nio.file.Files.readString(logs.resolve("err.log"))).isEqualTo(1);
		assertThat(this.jdbc.sql("select status from batch_job_execution").query(String.class).single())
			.isEqualTo("STOPPED");
		long left = this.jdbc.sql("select count(*) from sync_failure").query(Long.class).single();
		assertThat(left).isBetween(1L, 59L).matches((count) -> count % 5 == 0, "whole chunks only");
		assertThat(java.nio.file.Files.readString(logs.resolve("out.log"))).contains("STOPPED");

		// when
		CliResult resumed = cli("daily-retry", "--now", "2026-11-20T12:00:00Z", "--chunk-size", "5");

		// then
		assertThat(resumed.exitCode()).as(resumed.err()).isZero();
		assertThat(this.jdbc.sql("select count(*) from sync_failure").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("select upsert_count from crm_sandbox_record").query(Integer.class).list())
			.hasSize(60)
			.containsOnly(1);
	}

	private void awaitCommittedChunk(Process child, Path logs) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (Instant.now().isBefore(deadline) && child.isAlive()) {
			Long commits = this.jdbc.sql("select coalesce(max(commit_count), 0) from batch_step_execution")
				.query(Long.class)
				.single();
			if (commits >= 1) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("the child JVM committed no chunk in time (alive: " + child.isAlive() + "):\n"
				+ java.nio.file.Files.readString(logs.resolve("out.log")) + java.nio.file.Files.readString(logs.resolve("err.log")));
	}

	private static Process launch(Path logs, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-cp", System.getProperty("java.class.path"), CrmSyncJobsApplication.class.getName()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.redirectOutput(logs.resolve("out.log").toFile())
			.redirectError(logs.resolve("err.log").toFile());
		builder.environment().put("SPRING_DATASOURCE_URL", TestDatabase.sharedUrl());
		builder.environment().put("SPRING_DATASOURCE_USERNAME", TestDatabase.username());
		builder.environment().put("SPRING_DATASOURCE_PASSWORD", TestDatabase.password());
		builder.environment().put("CRM_SANDBOX_DELAY", "400ms");
		return builder.start();
	}

}
