package io.github.crmsync.embedded;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.crmsync.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default serves several processes, in real child JVMs: while a daily retry
 * runs, a second process uses the server the first one started ({@code history},
 * {@code stop}, a second launch exiting 3), the last one out stops it, and a process
 * killed with SIGKILL (with its server, or alone) leaves nothing that blocks the next
 * start.
 */
@Tag("faults")
class EmbeddedSharingIntegrationTests {

	@TempDir
	Path data;

	@TempDir
	Path logs;

	@Test
	void aSecondProcessUsesTheServerTheFirstStartedAndTheLastOneOutStopsIt() throws Exception {
		// given: a daily retry of the demo tenant in chunks of 20 at 200 ms per CRM call
		Map<String, String> embedded = embedded();
		ChildJvm run = launch("run", embedded, "daily-retry", "--chunk-size", "20");
		awaitCommittedChunk(run, embedded);

		// when
		ChildJvm history = finished(launch("history", embedded, "history", "--format", "json"));
		ChildJvm second = finished(launch("second", embedded, "daily-retry"));
		long execution = jdbc(embedded).sql("select max(job_execution_id) from batch_job_execution")
			.query(Long.class)
			.single();
		ChildJvm stop = finished(launch("stop", embedded, "stop", String.valueOf(execution)));
		finished(run);

		// then
		assertThat(history.process().exitValue()).as(history.err()).isZero();
		assertThat(history.out()).contains("\"job\" : \"dailyRetryJob\"").contains("\"status\" : \"STARTED\"");
		assertThat(second.process().exitValue()).as(second.err()).isEqualTo(3);
		assertThat(second.err()).contains("execution " + execution);
		assertThat(stop.process().exitValue()).as(stop.err()).isZero();
		assertThat(run.process().exitValue()).as(run.err()).isEqualTo(1);
		assertThat(run.out()).contains("STOPPED");
		assertThat(history.err() + second.err() + stop.err()).contains("started by another crm-sync-jobs process")
			.doesNotContain("epg-lock");
		assertStopped();
	}

	@Test
	void aProcessKilledWithSigkillLeavesNothingThatBlocksTheNextStart() throws Exception {
		// given: a run killed mid-chunk, its server left running with no users
		Map<String, String> embedded = embedded();
		ChildJvm killed = launch("killed", embedded, "daily-retry", "--chunk-size", "20");
		awaitCommittedChunk(killed, embedded);
		killed.process().destroyForcibly().waitFor(60, TimeUnit.SECONDS);

		// when
		ChildJvm history = finished(launch("history", embedded, "history", "--format", "json"));

		// then: it uses the server left running, and stops it as the last one out
		assertThat(history.process().exitValue()).as(history.err()).isZero();
		assertThat(history.out()).contains("\"status\" : \"STARTED\"");
		assertStopped();

		// given: a run killed together with its server (a stale postmaster.pid)
		ChildJvm again = launch("again", embedded, "daily-retry", "--chunk-size", "20");
		awaitCommittedChunk(again, embedded);
		long postmaster = Long.parseLong(Files.readAllLines(this.data.resolve("postmaster.pid")).get(0).strip());
		again.process().destroyForcibly().waitFor(60, TimeUnit.SECONDS);
		ProcessHandle.of(postmaster).ifPresent(ProcessHandle::destroyForcibly);
		awaitGone(postmaster);

		// when
		ChildJvm summary = finished(launch("summary", embedded, "summary"));

		// then
		assertThat(summary.process().exitValue()).as(summary.err()).isZero();
		assertThat(summary.out()).contains("TOTAL");
		assertStopped();
	}

	private Map<String, String> embedded() throws Exception {
		Map<String, String> embedded = new HashMap<>();
		embedded.put("CRM_SYNC_EMBEDDED_DATA_DIRECTORY", this.data.toString());
		embedded.put("CRM_SYNC_EMBEDDED_PORT", String.valueOf(freePort()));
		embedded.put("CRM_SANDBOX_DELAY", "200ms");
		return embedded;
	}

	private ChildJvm launch(String name, Map<String, String> environment, String... args) throws Exception {
		return ChildJvm.launch(Files.createDirectories(this.logs.resolve(name)), environment, args);
	}

	private static ChildJvm finished(ChildJvm run) throws Exception {
		assertThat(run.process().waitFor(120, TimeUnit.SECONDS)).as("ended in time").isTrue();
		return run;
	}

	/** No server, no user left: the next start begins from scratch. */
	private void assertStopped() throws Exception {
		assertThat(this.data.resolve("postmaster.pid")).doesNotExist();
		try (Stream<Path> users = Files.list(this.data.resolve("crm-sync-users"))) {
			assertThat(users).isEmpty();
		}
	}

	private static JdbcClient jdbc(Map<String, String> embedded) {
		return JdbcClient.create(new DriverManagerDataSource(
				"jdbc:postgresql://localhost:" + embedded.get("CRM_SYNC_EMBEDDED_PORT") + "/postgres", "postgres", ""));
	}

	private static void awaitCommittedChunk(ChildJvm run, Map<String, String> embedded) throws Exception {
		JdbcClient jdbc = jdbc(embedded);
		Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
		while (Instant.now().isBefore(deadline) && run.process().isAlive()) {
			try {
				if (jdbc.sql("""
						select coalesce(max(s.commit_count), 0) from batch_step_execution s
						join batch_job_execution e on e.job_execution_id = s.job_execution_id
						where e.status = 'STARTED'""").query(Long.class).single() >= 1) {
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

	private static void awaitGone(long pid) throws Exception {
		Instant deadline = Instant.now().plusSeconds(30);
		while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && Instant.now().isBefore(deadline)) {
			Thread.sleep(100);
		}
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
