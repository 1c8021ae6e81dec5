package io.github.crmsync.retry;

import java.io.File;
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
 * A daily retry killed with SIGKILL in the middle of a chunk (a real child JVM): its
 * execution stays STARTED, the chunk's transaction is lost, and the next launch of the
 * slot knows the process is gone (the retry lock is free), recovers the execution and
 * resumes it, at another chunk size. In the end every failure was handled exactly once:
 * the sandbox CRM (which writes in the chunk's transaction) received every record once,
 * and no failure is left.
 */
@Tag("faults")
class CrashRecoveryIntegrationTests extends PostgresIntegrationTests {

	static final Instant IN_WINDOW = Instant.parse("2026-11-18T11:30:00Z");

	@Test
	void aRunKilledMidChunkIsRecoveredAndResumedByTheNextLaunchOfItsSlot(@TempDir Path logs) throws Exception {
		// given
		record("Account", "A1", null, "A1", "0010000000000A1", "{}");
		for (int i = 1; i <= 40; i++) {
			record("Invoice", "INV-" + i, "A1", "A1", null, "{}");
			failure("Invoice", "INV-" + i, "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		}
		ChildJvm jvm = ChildJvm.launch(logs, Duration.ofMillis(300), "daily-retry", "--now", "2026-11-20T12:00:00Z",
				"--chunk-size", "4");
		jvm.awaitCommittedChunks(this.jdbc, 2);
		Process child = jvm.process();

		// when
		child.destroyForcibly();
		assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

		// then
		assertThat(this.jdbc.sql("select status from batch_job_execution").query(String.class).single())
			.isEqualTo("STARTED");
		long left = this.jdbc.sql("select count(*) from sync_failure").query(Long.class).single();
		assertThat(left).isBetween(1L, 39L).matches((count) -> count % 4 == 0, "whole chunks only");

		// when
		CliResult resumed = cli("daily-retry", "--now", "2026-11-20T12:00:00Z", "--chunk-size", "7");

		// then
		assertThat(resumed.exitCode()).as(resumed.err()).isZero();
		assertThat(resumed.out()).contains("read                 " + left);
		assertThat(this.jdbc.sql("select status from batch_job_execution order by job_execution_id")
			.query(String.class)
			.list()).containsExactly("FAILED", "COMPLETED");
		assertThat(this.jdbc.sql("select count(*) from sync_failure").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("select upsert_count from crm_sandbox_record").query(Integer.class).list()).hasSize(40)
			.containsOnly(1);
	}

}
