package io.github.crmsync.purge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.github.crmsync.PostgresIntegrationTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code purge --restore --execution ID} never hides a newer failure behind an older one:
 * it puts back the newest archived failure of each record of the purge where the list
 * holds none of that record or an older one (in its place), and leaves archived, counted
 * under what is true, a failure whose record has one as new or newer listed, or a newer
 * one archived by another purge. Every refusal says what is true of the ID.
 */
class PurgeRestoreIntegrationTests extends PostgresIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

	static final Instant OLD = NOW.minus(Duration.ofDays(40));

	static final Instant DAY_0 = NOW.minus(Duration.ofDays(4));

	static final Instant DAY_1 = NOW.minus(Duration.ofDays(3));

	static final Instant DAY_2 = NOW.minus(Duration.ofDays(2));

	@TempDir
	Path directory;

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
		assertThat(result.err())
			.contains("execution " + retry + " is not a purge (purgeJob) execution: it ran retryJob");
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
				+ "what it archived was restored already, or dropped after the retention of 30d");
		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void anArchivedFailureNewerThanTheOneListedSinceComesBackInItsPlace() throws Exception {
		// given INV-1 failed on day 2 (first on day 1, two attempts) and was purged; a
		// stale export re-imported since
		// lists its failure of day 1 again, first failed on day 0 and counted three times
		// there
		long id = failure("Invoice", "INV-1", "DACO-01", "day 2", DAY_2, DAY_1);
		this.jdbc.sql("update sync_failure set attempts = 2 where id = ?").param(id).update();
		failure("Invoice", "INV-2", "DACO-01", "day 2", DAY_2, DAY_1);
		long execution = purge("--ids", "INV-1,INV-2");
		importFailures("INV-1,Invoice,DACO-99,day 1," + DAY_1 + "," + DAY_0 + ",3");

		// when
		CliResult result = cli("purge", "--restore", "--execution", String.valueOf(execution));

		// then the newer failure is listed again with its ID, in place of the older one,
		// keeping the earliest first
		// failure and the larger count of attempts
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).isEqualTo("Restored 2 failures purged by execution " + execution
				+ " (1 in place of an older failure of its record, listed since)\n");
		assertThat(listed()).containsExactly(id + " INV-1 day 2 " + DAY_2 + " first " + DAY_0 + " attempts 3",
				(id + 1) + " INV-2 day 2 " + DAY_2 + " first " + DAY_1 + " attempts 1");
		assertThat(archived()).isEmpty();
	}

	@Test
	void anArchivedFailureNotNewerThanTheOneListedSinceStaysArchived() throws Exception {
		// given two purged failures; since then INV-1 failed again (newer) and INV-2 was
		// reported again for the very
		// same attempt (as new)
		long older = failure("Invoice", "INV-1", "DACO-01", "day 1", DAY_1, DAY_1);
		long asNew = failure("Invoice", "INV-2", "DACO-01", "day 2", DAY_2, DAY_1);
		long execution = purge("--ids", "INV-1,INV-2");
		importFailures("INV-1,Invoice,DACO-99,day 2," + DAY_2, "INV-2,Invoice,DACO-99,day 2 again," + DAY_2);

		// when
		CliResult result = cli("purge", "--restore", "--execution", String.valueOf(execution), "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		JsonNode json = JSON.readTree(result.out());
		assertThat(json.get("restored").asLong()).isZero();
		assertThat(json.get("notRestored").asLong()).isEqualTo(2);
		assertThat(json.get("newerListed").asLong()).isEqualTo(2);
		assertThat(json.get("newerArchived").asLong()).isZero();
		assertThat(listed()).containsExactly((asNew + 1) + " INV-1 day 2 " + DAY_2 + " first " + DAY_2 + " attempts 1",
				(asNew + 2) + " INV-2 day 2 again " + DAY_2 + " first " + DAY_2 + " attempts 1");
		assertThat(archived()).containsExactly(older + " INV-1 day 1 by " + execution,
				asNew + " INV-2 day 2 by " + execution);

		// when
		CliResult text = cli("purge", "--restore", "--execution", String.valueOf(execution));

		// then
		assertThat(text.exitCode()).as(text.err()).isZero();
		assertThat(text.out()).isEqualTo("Restored 0 failures purged by execution " + execution
				+ "; 2 stay archived: a failure of their record as new or newer is listed\n");
	}

	@Test
	void ofTwoPurgesThatArchivedFailuresOfOneRecordTheNewerFailureComesBackAndTheOlderNever() throws Exception {
		// given INV-1 purged, listed again with a newer failure, and purged again
		long older = failure("Invoice", "INV-1", "DACO-01", "day 1", DAY_1, DAY_1);
		long first = purge("--ids", "INV-1");
		importFailures("INV-1,Invoice,DACO-99,day 2," + DAY_2);
		long second = purge("--ids", "INV-1");
		long newer = older + 1;

		// when the first purge is restored
		CliResult result = cli("purge", "--restore", "--execution", String.valueOf(first));

		// then its older failure stays archived: listing it would hide the newer one
		// behind it
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).isEqualTo("Restored 0 failures purged by execution " + first
				+ "; 1 stays archived: a newer failure of its record is archived by purge execution " + second + "\n");
		assertThat(listed()).isEmpty();
		assertThat(archived()).containsExactly(older + " INV-1 day 1 by " + first, newer + " INV-1 day 2 by " + second);

		// when the second one is, then the first one again
		CliResult newerBack = cli("purge", "--restore", "--execution", String.valueOf(second));
		CliResult olderAgain = cli("purge", "--restore", "--execution", String.valueOf(first));

		// then
		assertThat(newerBack.exitCode()).as(newerBack.err()).isZero();
		assertThat(newerBack.out()).isEqualTo("Restored 1 failures purged by execution " + second + "\n");
		assertThat(olderAgain.exitCode()).as(olderAgain.err()).isZero();
		assertThat(olderAgain.out()).isEqualTo("Restored 0 failures purged by execution " + first
				+ "; 1 stays archived: a failure of its record as new or newer is listed\n");
		assertThat(listed()).containsExactly(newer + " INV-1 day 2 " + DAY_2 + " first " + DAY_2 + " attempts 1");
		assertThat(archived()).containsExactly(older + " INV-1 day 1 by " + first);
	}

	@Test
	void ofSeveralFailuresOfOneRecordThatOnePurgeArchivedTheNewestComesBack() {
		// given a purge that archived two failures of INV-1 (as one that read past its
		// start did, before purges kept
		// to the rows listed when they started)
		long older = failure("Invoice", "INV-1", "DACO-01", "day 1", DAY_1, DAY_1);
		long execution = purge("--ids", "INV-1");
		this.jdbc.sql("""
				insert into sync_failure_archive (id, zuora_id, object_type, error_code, error_message, sync_date,
					first_failed_at, attempts, purged_at, job_execution_id)
				values (99, 'INV-1', 'Invoice', 'DACO-99', 'day 2', ?, ?, 1, now(), ?)""")
			.params(utc(DAY_2), utc(DAY_2), execution)
			.update();

		// when
		CliResult result = cli("purge", "--restore", "--execution", String.valueOf(execution));

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).isEqualTo("Restored 1 failures purged by execution " + execution
				+ "; 1 stays archived: a failure of its record as new or newer is listed\n");
		assertThat(listed()).containsExactly("99 INV-1 day 2 " + DAY_2 + " first " + DAY_2 + " attempts 1");
		assertThat(archived()).containsExactly(older + " INV-1 day 1 by " + execution);
	}

	@Test
	void refusesToRestoreWhileAPurgeRuns() throws Exception {
		// given
		failure("Invoice", "INV-1", "DACO-01", "x", OLD, OLD);
		long execution = purge("--ids", "INV-1");
		Map<String, Object> before = snapshot();

		try (Connection session = newSession(); Statement statement = session.createStatement()) {
			// a running purge holds this lock
			statement.execute("select pg_advisory_lock(hashtext('crm-sync-jobs:purge'))");

			// when
			CliResult result = cli("purge", "--restore", "--execution", String.valueOf(execution));

			// then
			assertThat(result.exitCode()).isEqualTo(3);
			assertThat(result.err()).contains("another purge is active");
			assertThat(snapshot()).isEqualTo(before);
		}
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

	/**
	 * Imports failure rows (header and optional columns first_failed_at, attempts) that
	 * must load.
	 */
	private void importFailures(String... rows) throws IOException {
		boolean full = rows[0].split(",").length > 5;
		Path file = Files.createTempFile(this.directory, "failures", ".csv");
		Files.writeString(file, "zuora_id,object_type,error_code,error_message,sync_date"
				+ (full ? ",first_failed_at,attempts" : "") + "\n" + String.join("\n", rows) + "\n");
		CliResult result = cli("import-failures", "--file", file.toString());
		assertThat(result.exitCode()).as(result.err()).isZero();
	}

	/**
	 * The failure list, row by row: ID, Zuora ID, message, sync date, first failure and
	 * attempts.
	 */
	private List<String> listed() {
		return this.jdbc
			.sql("select id, zuora_id, error_message, sync_date, first_failed_at, attempts "
					+ "from sync_failure order by id")
			.query((rs, row) -> rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
					+ rs.getObject(4, OffsetDateTime.class).toInstant() + " first "
					+ rs.getObject(5, OffsetDateTime.class).toInstant() + " attempts " + rs.getInt(6))
			.list();
	}

	/** The archive, row by row: ID, Zuora ID, message and the purge execution. */
	private List<String> archived() {
		return this.jdbc
			.sql("select id || ' ' || zuora_id || ' ' || error_message || ' by ' || job_execution_id "
					+ "from sync_failure_archive order by id")
			.query(String.class)
			.list();
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
