package io.github.crmsync.embedded;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.crmsync.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM (a pod ended) and SIGINT (Ctrl-C at a terminal) to a daily retry on the
 * embedded default, the quick start's setup, in a real child JVM: as with a server, the
 * running chunk finishes, the execution ends STOPPED, the process exits 1 printing its
 * report, and the embedded PostgreSQL stops after the job, not under it.
 */
@Tag("faults")
class EmbeddedShutdownIntegrationTests {

	@Test
	void sigtermThenCtrlCStopEachRunAfterItsChunkAndTheEmbeddedDatabaseAfterTheRun(@TempDir Path data,
			@TempDir Path logs) throws Exception {
		// given: the demo tenant's failures of the last 7 days, re-synced in chunks of 50
		// at 100 ms per CRM call
		int port = freePort();
		Map<String, String> embedded = Map.of("CRM_SYNC_EMBEDDED_DATA_DIRECTORY", data.toString(),
				"CRM_SYNC_EMBEDDED_PORT", String.valueOf(port), "CRM_SANDBOX_DELAY", "100ms");
		JdbcClient jdbc = JdbcClient
			.create(new DriverManagerDataSource("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", ""));

		// when: SIGTERM (a pod ended), then Ctrl-C (SIGINT) to the run that resumes the
		// slot
		ChildJvm terminated = stopAfterAChunk(embedded, jdbc, logs.resolve("term"), "TERM", 1);
		ChildJvm interrupted = stopAfterAChunk(embedded, jdbc, logs.resolve("int"), "INT", 2);

		// then
		for (ChildJvm run : List.of(terminated, interrupted)) {
			assertThat(run.process().exitValue()).as(run.err()).isEqualTo(1);
			assertThat(run.out()).contains("STOPPED").contains("resynced");
			assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
		}
		assertThat(data.resolve("postmaster.pid")).doesNotExist();

		// when: the history, read by the next process
		ChildJvm history = ChildJvm.launch(Files.createDirectories(logs.resolve("history")), embedded, "history",
				"--format", "json");
		assertThat(history.process().waitFor(120, TimeUnit.SECONDS)).isTrue();

		// then
		assertThat(history.process().exitValue()).as(history.err()).isZero();
		assertThat(history.out()).contains("\"status\" : \"STOPPED\"").doesNotContain("\"status\" : \"STARTED\"");
	}

	private static ChildJvm stopAfterAChunk(Map<String, String> embedded, JdbcClient jdbc, Path logs, String signal,
			int execution) throws Exception {
		ChildJvm run = ChildJvm.launch(Files.createDirectories(logs), embedded, "daily-retry", "--chunk-size", "50");
		awaitCommittedChunk(run, jdbc, execution);
		run.signal(signal);
		assertThat(run.process().waitFor(120, TimeUnit.SECONDS)).as(run.err()).isTrue();
		return run;
	}

	/**
	 * Waits until the {@code execution}-th execution of the database has committed a
	 * chunk.
	 */
	private static void awaitCommittedChunk(ChildJvm run, JdbcClient jdbc, int execution) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
		while (Instant.now().isBefore(deadline) && run.process().isAlive()) {
			try {
				if (jdbc.sql("""
						select coalesce(max(s.commit_count), 0) from batch_step_execution s
						where s.job_execution_id = (select job_execution_id from batch_job_execution
							order by job_execution_id offset ? limit 1)""")
					.param(execution - 1)
					.query(Long.class)
					.single() >= 1) {
					return;
				}
			}
			catch (RuntimeException ex) {
				// the embedded database is not up, or not migrated, yet
			}
			Thread.sleep(100);
		}
		throw new AssertionError("the run committed no chunk in time:\n" + run.out() + run.err());
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
