package io.github.crmsync.retry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.github.crmsync.PostgresIntegrationTests;
import io.github.crmsync.support.Instants;
import io.github.crmsync.support.JobLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class DailyRetryJobIntegrationTests extends PostgresIntegrationTests {

	/** A moment of 2026-11-20 whose slot is 11:30 UTC. */
	static final String NOW = "2026-11-20T12:00:00Z";

	static final Instant SLOT = Instant.parse("2026-11-20T11:30:00Z");

	static final Instant IN_WINDOW = SLOT.minus(Duration.ofDays(2));

	@Test
	void retriesFailuresThatFirstFailedWithinSevenDaysOfTheSlotEdgesIncluded() {
		// given
		account("A1", "0010000000000A1");
		invoice("EXACTLY-7-DAYS", "A1");
		invoice("7-DAYS-AND-1-SECOND", "A1");
		invoice("AFTER-THE-SLOT", "A1");
		failure("Invoice", "EXACTLY-7-DAYS", "DACO-01", "x", SLOT, SLOT.minus(Duration.ofDays(7)));
		failure("Invoice", "7-DAYS-AND-1-SECOND", "DACO-01", "x", SLOT, SLOT.minus(Duration.ofDays(7)).minusSeconds(1));
		failure("Invoice", "AFTER-THE-SLOT", "DACO-01", "x", SLOT.plusSeconds(60), SLOT.plusSeconds(1));

		// when
		CliResult result = cli("daily-retry", "--now", NOW);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("slot 2026-11-20T11:30:00Z").contains("COMPLETED");
		assertThat(remainingZuoraIds()).containsExactly("7-DAYS-AND-1-SECOND", "AFTER-THE-SLOT");
		assertThat(sandboxIds()).containsExactly("EXACTLY-7-DAYS");
	}

	@Test
	void leavesMissingCrmIdFailuresAlone() {
		// given
		account("A1", "0010000000000A1");
		invoice("INV-1", "A1");
		long id = failure("Invoice", "INV-1", "DACO-02", "Missing CRM ID", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW);

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(row(id)).containsEntry("attempts", 1).containsEntry("error_code", "DACO-02");
		assertThat(sandboxIds()).isEmpty();
		assertThat(crm().calls()).isZero();
	}

	@Test
	void skipsFailuresOfDisabledObjectTypesAndReportsThem() {
		// given
		account("A1", "0010000000000A1");
		invoice("INV-1", "A1");
		this.jdbc.sql("update sync_object_type set enabled = false where name = 'Invoice'").update();
		long id = failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW, "--format", "json");

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("\"skippedDisabledType\" : 1").contains("\"read\" : 0");
		assertThat(row(id)).containsEntry("attempts", 1);
	}

	@Test
	void reSyncsAParentWithItsCascadedChildrenAndDeletesTheChildrensFailures() {
		// given
		account("A1", "0010000000000A1");
		invoice("INV-1", "A1");
		record("InvoiceItem", "II-1", "INV-1", "A1", null, "{}");
		record("InvoiceItem", "II-2", "INV-1", "A1", null, "{}");
		record("TaxationItem", "TX-1", "INV-1", "A1", null, "{}");
		failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		// the item's own failure lies outside the window: it goes because its record
		// re-synced with its invoice
		failure("InvoiceItem", "II-2", "DACO-99", "x", IN_WINDOW, SLOT.minus(Duration.ofDays(10)));

		// when
		CliResult result = cli("daily-retry", "--now", NOW, "--format", "json");

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(remainingZuoraIds()).isEmpty();
		assertThat(sandboxIds()).containsExactlyInAnyOrder("INV-1", "II-1", "II-2", "TX-1");
		assertThat(this.jdbc.sql("select parent_external_id from crm_sandbox_record where external_id = 'II-1'")
			.query(String.class)
			.single()).isEqualTo("INV-1");
		assertThat(result.out()).contains("\"resynced\" : 1").contains("\"childRowsDeleted\" : 1");
	}

	@Test
	void sendsARecordOncePerChunkEvenWhenItsParentAndItFailed() {
		// given
		account("A1", "0010000000000A1");
		invoice("INV-1", "A1");
		record("InvoiceItem", "II-1", "INV-1", "A1", null, "{}");
		failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		failure("InvoiceItem", "II-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW);

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(remainingZuoraIds()).isEmpty();
		assertThat(this.jdbc.sql("select sum(upsert_count) from crm_sandbox_record").query(Long.class).single())
			.isEqualTo(2);
		assertThat(crm().calls()).isEqualTo(2);
	}

	/**
	 * A chunk larger than a slice, sent from the step's thread (the sandbox's way) and
	 * from worker threads (a real CRM's way, the previous slice's outcomes written
	 * meanwhile).
	 */
	@ParameterizedTest(name = "{0} call(s) at once")
	@ValueSource(ints = { 1, 2 })
	void aChunkLargerThanASliceSendsParentsFirstEveryRecordOnceAndEveryOutcome(int callsAtOnce) {
		// given: an item's row first, then a slice's worth of other items' rows, then:
		// - CHILD: its invoice PARENT, rejected, comes later in the chunk: CHILD must
		// wait for it, and is not sent;
		// - LINKED-II: sent and re-synced with its invoice LINKED in the first slice, but
		// its own row, in the second
		// slice, fails (its account has no CRM ID): that row must stay, one attempt more.
		crm().callsAtOnce(callsAtOnce);
		int others = ResyncWriter.SLICE_SIZE;
		account("A1", "0010000000000A1");
		account("A2", null);
		record("Invoice", "PARENT", "A1", "A1", null, "{\"sandboxReject\": \"INVALID_FIELD: bad amount\"}");
		record("InvoiceItem", "CHILD", "PARENT", "A1", null, "{}");
		invoice("LINKED", "A1");
		record("InvoiceItem", "LINKED-II", "LINKED", "A2", null, "{}");
		invoice("OTHER", "A1");
		long child = failure("InvoiceItem", "CHILD", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		this.jdbc.sql("""
				insert into source_record (object_type, zuora_id, parent_id, account_id, fields)
				select 'InvoiceItem', 'OTHER-' || n, 'OTHER', 'A1', '{}' from generate_series(1, ?) as n""")
			.param(others)
			.update();
		this.jdbc.sql("""
				insert into sync_failure (object_type, zuora_id, error_code, error_message, sync_date, first_failed_at)
				select 'InvoiceItem', 'OTHER-' || n, 'DACO-01', 'x', ?, ? from generate_series(1, ?) as n order by n""")
			.params(OffsetDateTime.ofInstant(IN_WINDOW, ZoneOffset.UTC),
					OffsetDateTime.ofInstant(IN_WINDOW, ZoneOffset.UTC), others)
			.update();
		long linkedItem = failure("InvoiceItem", "LINKED-II", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		long parent = failure("Invoice", "PARENT", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		failure("Invoice", "LINKED", "DACO-01", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW, "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(remainingZuoraIds()).containsExactly("CHILD", "LINKED-II", "PARENT");
		assertThat(row(parent)).containsEntry("error_message", "INVALID_FIELD: bad amount");
		assertThat(row(child)).containsEntry("error_code", "DACO-01")
			.containsEntry("error_message", "Not sent: its parent Invoice PARENT failed to sync in the same run");
		assertThat(row(linkedItem)).containsEntry("error_code", "DACO-02").containsEntry("attempts", 2);
		assertThat(this.jdbc.sql("select count(*), min(upsert_count), max(upsert_count) from crm_sandbox_record")
			.query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
			.single()).containsExactly(others + 2L, 1L, 1L);
		assertThat(result.out()).contains("\"resynced\" : " + (others + 1))
			.contains("\"recordsSent\" : " + (others + 3));
		assertThat(crm().mostInFlight()).isEqualTo(callsAtOnce);
	}

	@Test
	void updatesRejectedRecordsInsteadOfDeletingThem() {
		// given
		account("A1", "0010000000000A1");
		record("Invoice", "INV-1", "A1", "A1", null,
				"{\"sandboxReject\": \"FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount must not be negative\"}");
		long id = failure("Invoice", "INV-1", "DACO-99", "old", IN_WINDOW, IN_WINDOW);
		Instant before = Instant.now();

		// when
		CliResult result = cli("daily-retry", "--now", NOW);

		// then
		assertThat(result.exitCode()).isZero();
		Map<String, Object> row = row(id);
		assertThat(row).containsEntry("zuora_id", "INV-1")
			.containsEntry("error_code", "DACO-01")
			.containsEntry("error_message", "FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount must not be negative")
			.containsEntry("attempts", 2);
		assertThat(((Timestamp) row.get("sync_date")).toInstant()).isAfterOrEqualTo(before.minusSeconds(1));
		assertThat(((Timestamp) row.get("first_failed_at")).toInstant()).isEqualTo(IN_WINDOW);
	}

	@Test
	void aChunkHoldingARowWithTheLargestAttemptsCountIsHandledWholeAndCompletes() {
		// given one chunk: rows counted at the column's maximum (written by SQL, as no
		// import allows it), at the
		// ceiling and below it; some re-sync, some are rejected again
		account("A1", "0010000000000A1");
		invoice("OK", "A1");
		invoice("MAX-OK", "A1");
		String rejected = "{\"sandboxReject\": \"DUPLICATE_VALUE: duplicate\"}";
		record("Invoice", "REJECTED", "A1", "A1", null, rejected);
		record("Invoice", "MAX-REJECTED", "A1", "A1", null, rejected);
		record("Invoice", "CEILING-REJECTED", "A1", "A1", null, rejected);
		failure("Invoice", "OK", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		long maxOk = failure("Invoice", "MAX-OK", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		long plain = failure("Invoice", "REJECTED", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		long max = failure("Invoice", "MAX-REJECTED", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		long ceiling = failure("Invoice", "CEILING-REJECTED", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		this.jdbc.sql("update sync_failure set attempts = 2147483647 where id in (?, ?)").params(maxOk, max).update();
		this.jdbc.sql("update sync_failure set attempts = 1000000 where id = ?").param(ceiling).update();

		// when
		CliResult result = cli("daily-retry", "--now", NOW);

		// then
		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(result.out()).contains("COMPLETED");
		assertThat(remainingZuoraIds()).containsExactly("REJECTED", "MAX-REJECTED", "CEILING-REJECTED");
		assertThat(row(plain)).containsEntry("attempts", 2)
			.containsEntry("error_message", "DUPLICATE_VALUE: duplicate");
		assertThat(row(max)).containsEntry("attempts", Integer.MAX_VALUE)
			.containsEntry("error_message", "DUPLICATE_VALUE: duplicate");
		assertThat(((Timestamp) row(max).get("sync_date")).toInstant()).isAfter(IN_WINDOW);
		assertThat(row(ceiling)).containsEntry("attempts", 1_000_000)
			.containsEntry("error_message", "DUPLICATE_VALUE: duplicate");
		assertThat(sandboxIds()).containsExactlyInAnyOrder("OK", "MAX-OK");
	}

	@Test
	void aRejectedChildFailsItsParentsUnitAndItsOwnChildrenAreNotSent() {
		// given
		account("A1", "0010000000000A1");
		record("Subscription", "S-1", "A1", "A1", null, "{}");
		record("RatePlan", "RP-1", "S-1", "A1", null, "{\"sandboxReject\": \"INVALID_FIELD: no such column\"}");
		record("RatePlanCharge", "CH-1", "RP-1", "A1", null, "{}");
		long id = failure("Subscription", "S-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW);

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(row(id)).containsEntry("error_code", "DACO-01")
			.containsEntry("error_message",
					"RatePlan RP-1 (cascaded from Subscription S-1) failed: INVALID_FIELD: no such column")
			.containsEntry("attempts", 2);
		assertThat(sandboxIds()).containsExactly("S-1");
	}

	@Test
	void findsMissingCrmIdsAtRetryTimeWithoutCallingTheCrm() {
		// given
		account("A1", null);
		invoice("INV-1", "A1");
		long id = failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW);

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(row(id)).containsEntry("error_code", "DACO-02")
			.containsEntry("error_message", "Missing CRM ID: account A1 is not linked to a CRM account")
			.containsEntry("attempts", 2);
		assertThat(crm().calls()).isZero();
	}

	@Test
	void failsAFailureWhoseSourceRecordIsGoneWithDaco99() {
		// given
		long id = failure("Invoice", "GONE-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW);

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(row(id)).containsEntry("error_code", "DACO-99").containsEntry("attempts", 2);
		assertThat((String) row(id).get("error_message")).contains("Invoice GONE-1 no longer exists");
	}

	@Test
	void aCrmOutageRollsTheChunkBackAndARestartOfTheSlotCompletesIt() {
		// given
		account("A1", "0010000000000A1");
		invoice("INV-1", "A1");
		long id = failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		Map<String, Object> before = row(id);
		crm().unavailableFor((call) -> true);

		// when
		CliResult failed = cli("daily-retry", "--now", NOW);

		// then
		assertThat(failed.exitCode()).isEqualTo(1);
		assertThat(failed.out()).contains("FAILED")
			.contains("CRM unavailable after 4 attempts")
			.contains("crmCalls             4");
		assertThat(row(id)).isEqualTo(before);
		assertThat(sandboxIds()).isEmpty();

		// when
		crm().reset();
		CliResult restarted = cli("daily-retry", "--now", NOW);

		// then
		assertThat(restarted.exitCode()).as(restarted.err()).isZero();
		assertThat(remainingZuoraIds()).isEmpty();
		assertThat(this.jdbc.sql("select count(*) from batch_job_instance").query(Long.class).single()).isEqualTo(1);
		assertThat(this.jdbc.sql("select status from batch_job_execution order by job_execution_id")
			.query(String.class)
			.list()).containsExactly("FAILED", "COMPLETED");
	}

	@Test
	void aSlotLaunchedTwiceIsProcessedOnce() {
		// given
		account("A1", "0010000000000A1");
		record("Invoice", "INV-1", "A1", "A1", null, "{\"sandboxReject\": \"DUPLICATE_VALUE: duplicate\"}");
		long id = failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		CliResult first = cli("daily-retry", "--now", NOW);

		// when
		CliResult second = cli("daily-retry", "--now", "2026-11-20T23:29:59Z");

		// then
		assertThat(first.exitCode()).isZero();
		assertThat(second.exitCode()).isZero();
		long execution = this.jdbc.sql("select job_execution_id from batch_job_execution").query(Long.class).single();
		assertThat(second.out()).contains("already completed (execution " + execution + ")");
		assertThat(row(id)).containsEntry("attempts", 2);
	}

	@Test
	void chunksOfThreeOverTenRowsWithDeletesHandleEveryRowOnce() {
		// given
		account("A1", "0010000000000A1");
		for (int i = 1; i <= 10; i++) {
			invoice("INV-" + i, "A1");
			failure("Invoice", "INV-" + i, "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		}

		// when
		CliResult result = cli("daily-retry", "--now", NOW, "--chunk-size", "3");

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(remainingZuoraIds()).isEmpty();
		assertThat(this.jdbc.sql("select upsert_count from crm_sandbox_record").query(Integer.class).list()).hasSize(10)
			.containsOnly(1);
		Map<String, Object> step = this.jdbc
			.sql("select read_count, write_count, commit_count from batch_step_execution")
			.query()
			.singleRow();
		assertThat(step).containsEntry("read_count", 10L).containsEntry("write_count", 10L);
		assertThat((Long) step.get("commit_count")).isGreaterThanOrEqualTo(4L);
	}

	@Test
	void aRestartAfterAFailureInChunkTwoNeitherSkipsNorRepeatsARow() {
		// given
		account("A1", "0010000000000A1");
		for (int i = 1; i <= 10; i++) {
			invoice("INV-" + i, "A1");
			failure("Invoice", "INV-" + i, "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		}
		// one call per chunk (ten invoices, chunks of three): the second chunk's call and
		// all after fail
		crm().unavailableFor((call) -> call >= 2);

		// when
		CliResult failed = cli("daily-retry", "--now", NOW, "--chunk-size", "3");

		// then
		assertThat(failed.exitCode()).isEqualTo(1);
		assertThat(remainingZuoraIds()).hasSize(7).doesNotContain("INV-1", "INV-2", "INV-3");
		assertThat(this.jdbc.sql("select max(attempts) from sync_failure").query(Integer.class).single()).isEqualTo(1);

		// when
		crm().reset();
		CliResult restarted = cli("daily-retry", "--now", NOW, "--chunk-size", "3");

		// then
		assertThat(restarted.exitCode()).isZero();
		assertThat(restarted.out()).contains("read                 7");
		assertThat(remainingZuoraIds()).isEmpty();
		assertThat(this.jdbc.sql("select upsert_count from crm_sandbox_record").query(Integer.class).list()).hasSize(10)
			.containsOnly(1);
	}

	/**
	 * A slot that failed after three chunks of five is resumed by its next launch at
	 * another chunk size (the CronJob's launch takes the default; an operator may have
	 * lowered the setting after an out-of-memory run).
	 */
	@ParameterizedTest(name = "resumed with --chunk-size {0}")
	@ValueSource(strings = { "default", "2", "7", "50" })
	void aResumedSlotHandlesEveryRemainingFailureOnceWhateverItsChunkSize(String resumeChunkSize) {
		// given
		account("A1", "0010000000000A1");
		for (int i = 1; i <= 40; i++) {
			invoice("INV-" + i, "A1");
			failure("Invoice", "INV-" + i, "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		}
		// one call per chunk of five invoices: the fourth chunk's call and all after fail
		crm().unavailableFor((call) -> call >= 4);
		CliResult failed = cli("daily-retry", "--now", NOW, "--chunk-size", "5");
		assertThat(failed.exitCode()).isEqualTo(1);
		assertThat(remainingZuoraIds()).hasSize(25);
		crm().reset();

		// when
		CliResult resumed = "default".equals(resumeChunkSize) ? cli("daily-retry", "--now", NOW)
				: cli("daily-retry", "--now", NOW, "--chunk-size", resumeChunkSize);

		// then
		assertThat(resumed.exitCode()).as(resumed.err()).isZero();
		assertThat(resumed.out()).contains("read                 25");
		assertThat(remainingZuoraIds()).isEmpty();
		assertThat(this.jdbc.sql("select upsert_count from crm_sandbox_record").query(Integer.class).list()).hasSize(40)
			.containsOnly(1);
	}

	@Test
	void refusesToStartWhileAnotherRetryRunIsActive() throws Exception {
		// given
		try (Connection other = newSession();
				PreparedStatement lock = other.prepareStatement("select pg_advisory_lock(hashtext(?))")) {
			lock.setString(1, JobLock.RETRY);
			lock.execute();
			try {
				// when
				CliResult result = cli("daily-retry", "--now", NOW);

				// then
				assertThat(result.exitCode()).isEqualTo(3);
				assertThat(result.err()).contains("another retry run is active");
				assertThat(this.jdbc.sql("select count(*) from batch_job_execution").query(Long.class).single())
					.isZero();
			}
			finally {
				// the connection goes back to the pool, its session (and a session's
				// lock) lives on
				other.createStatement().execute("select pg_advisory_unlock_all()");
			}
		}
	}

	@Test
	void recoversARunLeftStartedByADeadProcessAndResumesIt() {
		// given
		account("A1", "0010000000000A1");
		for (int i = 1; i <= 4; i++) {
			invoice("INV-" + i, "A1");
			failure("Invoice", "INV-" + i, "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		}
		crm().unavailableFor((call) -> call >= 2);
		cli("daily-retry", "--now", NOW, "--chunk-size", "2");
		// what a killed JVM leaves behind: the execution and its step still STARTED
		this.jdbc.sql("update batch_job_execution set status = 'STARTED', exit_code = 'UNKNOWN', end_time = null")
			.update();
		this.jdbc.sql("update batch_step_execution set status = 'STARTED', exit_code = 'EXECUTING', end_time = null")
			.update();
		crm().reset();

		// when
		CliResult result = cli("daily-retry", "--now", NOW, "--chunk-size", "2");

		// then
		assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
		assertThat(remainingZuoraIds()).isEmpty();
		assertThat(this.jdbc.sql("select status from batch_job_execution order by job_execution_id")
			.query(String.class)
			.list()).containsExactly("FAILED", "COMPLETED");
		assertThat(this.jdbc.sql("select upsert_count from crm_sandbox_record").query(Integer.class).list()).hasSize(4)
			.containsOnly(1);
	}

	@Test
	void rejectsBadArgumentsBeforeAnythingStarts() {
		// when
		CliResult badNow = cli("daily-retry", "--now", "yesterday");
		CliResult localNow = cli("daily-retry", "--now", "2026-11-20T12:00:00");
		CliResult zeroChunk = cli("daily-retry", "--chunk-size", "0");
		CliResult hugeChunk = cli("daily-retry", "--chunk-size", "99999999999");

		// then
		assertThat(List.of(badNow, localNow, zeroChunk, hugeChunk)).extracting(CliResult::exitCode).containsOnly(2);
		assertThat(badNow.err()).contains("--now 'yesterday' is not an ISO-8601 instant");
		assertThat(localNow.err()).contains("has no time zone offset");
		assertThat(zeroChunk.err()).contains("--chunk-size must be between 1 and 1000000");
		assertThat(this.jdbc.sql("select count(*) from batch_job_execution").query(Long.class).single()).isZero();
	}

	@Test
	void refusesAFutureNowWithExitTwoAndCreatesNoJob() {
		// given: a --now hours ahead of the clock would run (and complete) a slot that
		// has not come yet
		account("A1", "0010000000000A1");
		invoice("INV-1", "A1");
		Instant clock = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		failure("Invoice", "INV-1", "DACO-01", "x", clock.minus(Duration.ofDays(1)), clock.minus(Duration.ofDays(1)));
		Instant future = clock.plus(Duration.ofHours(5));
		Map<String, Object> before = snapshot();

		// when
		CliResult result = cli("daily-retry", "--now", future.toString());

		// then
		assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
		assertThat(result.err()).contains("--now " + future + " is in the future")
			.contains("more than 5 minutes after the clock")
			.doesNotContain("\tat ");
		assertThat(snapshot()).isEqualTo(before);
		assertThat(this.jdbc.sql("select count(*) from batch_job_instance").query(Long.class).single()).isZero();
		assertThat(crm().calls()).isZero();
	}

	@Test
	void acceptsANowAheadOfTheClockByLessThanTheSkew() {
		// given: the CronJob's host may run a little ahead of the clock here
		Instant ahead = Instant.now()
			.truncatedTo(ChronoUnit.SECONDS)
			.plus(Instants.CLOCK_SKEW)
			.minus(Duration.ofMinutes(1));

		// when
		CliResult result = cli("daily-retry", "--now", ahead.toString());

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("COMPLETED");
		assertThat(this.jdbc.sql("select count(*) from batch_job_instance").query(Long.class).single()).isEqualTo(1);
	}

	private List<String> sandboxIds() {
		return this.jdbc.sql("select external_id from crm_sandbox_record order by first_upserted_at, external_id")
			.query(String.class)
			.list();
	}

}
