package io.github.crmsync.purge;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.github.crmsync.PostgresIntegrationTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code purge --restore --execution ID}: every refusal says what is true of that ID.
 */
class PurgeRestoreIntegrationTests extends PostgresIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

	static final Instant OLD = NOW.minus(Duration.ofDays(40));

	@Test
	void refusesAnIdThatIsNotInTheHistoryAndOfWhichNothingIsArchived() {
		// given
		failure("Invoice", "INV-1", "DACO-01", "x", OLD, OLD);
		purge("--ids", "INV-1");
		Map<String, Object> before = snapshot();

		// when
		CliResult result = cli("purge", "--restore", "--execution", "999");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("execution 999 is not in the job history, and nothing is archived under it")
			.doesNotContain("is not a purge");
		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void refusesAnExecutionOfAnotherJobNamingIt() {
		// given
		failure("Invoice", "INV-1", "DACO-01", "x", NOW, NOW);
		assertThat(cli("retry", "--all").exitCode()).isZero();
		long retry = this.jdbc.sql("select job_execution_id from batch_job_execution").query(Long.class).single();
		Map<String, Object> before = snapshot();

		// when
		CliResult result = cli("purge", "--restore", "--execution", String.valueOf(retry));

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("execution " + retry + " is not a purge (purgeJob) execution: it ran retryJob");
		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void refusesAPurgeThatArchivedNothingSayingSo() {
		// given
		failure("Invoice", "INV-1", "DACO-01", "x", NOW, NOW);
		long execution = purge("--older-than", "P30D");
		Map<String, Object> before = snapshot();

		// when
		CliResult result = cli("purge", "--restore", "--execution", String.valueOf(execution));

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("purge execution " + execution + " archived nothing")
			.doesNotContain("restored already");
		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void refusesAPurgeWhoseRowsTheRetentionDroppedSayingSo() {
		// given
		failure("Invoice", "INV-1", "DACO-01", "x", OLD, OLD);
		failure("Invoice", "INV-2", "DACO-01", "x", NOW, NOW);
		long dropped = purge("--ids", "INV-1");
		this.jdbc.sql("update sync_failure_archive set purged_at = purged_at - interval '31 days'").update();
		purge("--ids", "INV-2");
		Map<String, Object> before = snapshot();

		// when
		CliResult result = cli("purge", "--restore", "--execution", String.valueOf(dropped));

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("nothing of purge execution " + dropped + " is in the archive any more: "
				+ "what it archived was restored already, or dropped after the retention of PT720H");
		assertThat(snapshot()).isEqualTo(before);
	}

	/** Runs a purge that must complete; returns its execution. */
	private long purge(String... selection) {
		String[] args = new String[selection.length + 3];
		args[0] = "purge";
		System.arraycopy(selection, 0, args, 1, selection.length);
		args[args.length - 2] = "--format";
		args[args.length - 1] = "json";
		CliResult result = cli(args);
		assertThat(result.exitCode()).as(result.err()).isZero();
		return JSON.readTree(result.out()).get("execution").asLong();
	}

}
