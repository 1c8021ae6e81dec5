package io.github.crmsync.failures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.github.crmsync.PostgresIntegrationTests;
import io.github.crmsync.support.Instants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code import-failures}: what a valid file writes, and that every kind of invalid row
 * rejects the whole file.
 */
class FailureCsvImportIntegrationTests extends PostgresIntegrationTests {

	static final String HEADER = "zuora_id,object_type,error_code,error_message,sync_date";

	static final String VALID_ROW = "I-1,Invoice,DACO-01,boom,2026-11-20T11:30:00Z";

	@TempDir
	Path directory;

	@Test
	void insertsEveryFieldOfEachRowAndDefaultsFirstFailedAtToTheSyncDate() {
		// given
		Path file = csv("zuora_id,object_type,error_code,error_message,sync_date,first_failed_at",
				"I-1,Invoice,DACO-01,FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount must not be negative,"
						+ "2026-11-20T11:30:00Z,2026-11-18T08:00:00Z",
				"A-1,Account,DACO-02,Missing CRM ID,2026-11-19T10:00:00.123456+01:00,");

		// when
		CliResult result = importFailures(file);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("Imported 2 failure rows").contains("2 new, 0 updated, 0 older");
		assertListed(
				failure("A-1", "Account", ErrorCode.DACO_02, "Missing CRM ID", "2026-11-19T09:00:00.123456Z",
						"2026-11-19T09:00:00.123456Z", 1),
				failure("I-1", "Invoice", ErrorCode.DACO_01,
						"FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount must not be negative", "2026-11-20T11:30:00Z",
						"2026-11-18T08:00:00Z", 1));
	}

	@Test
	void keepsQuotedCommasLineBreaksQuotesAndUnicodeExactly() {
		// given
		String message = "DUPLICATE_VALUE: duplicate value, found\non record \"a0B5g\"\r\n" + "  Grüße ✓ 😀 — 請求書  ";
		String endOfDataMarker = "\\.";
		String withEndOfDataMarker = "first\n" + endOfDataMarker + "\nlast";
		Path file = csv(HEADER, "I-ü1,Invoice,DACO-01," + quoted(message) + ",2026-11-20T11:30:00Z",
				"I-2,Invoice,DACO-99," + quoted(withEndOfDataMarker) + ",2026-11-20T11:30:00Z",
				"I-3,Invoice,DACO-99," + endOfDataMarker + ",2026-11-20T11:30:00Z");

		// when
		CliResult result = importFailures(file);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(failures()).extracting(SyncFailure::zuoraId, SyncFailure::errorMessage)
			.containsExactly(tuple("I-2", withEndOfDataMarker), tuple("I-3", endOfDataMarker), tuple("I-ü1", message));
	}

	@Test
	void acceptsAByteOrderMarkAndCrlfLineEndings() {
		// given
		Path file = write(("\uFEFF" + HEADER + "\r\n" + VALID_ROW + "\r\n").getBytes(StandardCharsets.UTF_8));

		// when
		CliResult result = importFailures(file);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertListed(failure("I-1", "Invoice", ErrorCode.DACO_01, "boom", "2026-11-20T11:30:00Z",
				"2026-11-20T11:30:00Z", 1));
	}

	@Test
	void replacesTheErrorOfAListedFailureKeepingItsFirstFailureAndCountingTheAttempt() {
		// given
		importOk(csv(HEADER + ",first_failed_at",
				"I-1,Invoice,DACO-99,timed out,2026-11-18T10:00:00Z,2026-11-17T09:00:00Z",
				"I-2,Invoice,DACO-01,rejected,2026-11-19T10:00:00Z,2026-11-19T10:00:00Z"));
		Path retry = csv(HEADER, "I-1,Invoice,DACO-01,\"rejected, again\",2026-11-20T10:00:00Z",
				"I-2,Invoice,DACO-99,an older report,2026-11-18T10:00:00Z");

		// when
		CliResult result = importFailures(retry);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("Imported 2 failure rows")
			.contains("0 new, 1 updated, 1 older than the listed row (left out)");
		assertListed(
				failure("I-1", "Invoice", ErrorCode.DACO_01, "rejected, again", "2026-11-20T10:00:00Z",
						"2026-11-17T09:00:00Z", 2),
				failure("I-2", "Invoice", ErrorCode.DACO_01, "rejected", "2026-11-19T10:00:00Z", "2026-11-19T10:00:00Z",
						1));
	}

	@Test
	void takesTheEarlierFirstFailureOfAnUpdatingRow() {
		// given
		importOk(csv(HEADER, "I-1,Invoice,DACO-99,timed out,2026-11-18T10:00:00Z"));
		Path update = csv(HEADER + ",first_failed_at",
				"I-1,Invoice,DACO-99,timed out,2026-11-19T10:00:00Z,2026-11-10T10:00:00Z");

		// when
		CliResult result = importFailures(update);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertListed(failure("I-1", "Invoice", ErrorCode.DACO_99, "timed out", "2026-11-19T10:00:00Z",
				"2026-11-10T10:00:00Z", 2));
	}

	@Test
	void reimportingTheSameFileChangesNothing() {
		// given
		Path file = csv(HEADER, VALID_ROW, "A-1,Account,DACO-02,Missing CRM ID,2026-11-19T10:00:00Z");
		importOk(file);
		List<SyncFailure> before = failures();

		// when
		CliResult result = importFailures(file);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("0 new, 2 updated, 0 older");
		assertThat(failures()).isEqualTo(before);
	}

	@Test
	void takesAttemptsFromTheOptionalAttemptsColumn() {
		// given
		importOk(csv(HEADER, "I-2,Invoice,DACO-01,boom,2026-11-18T10:00:00Z"));
		Path file = csv(HEADER + ",attempts", "I-1,Invoice,DACO-01,boom,2026-11-20T11:30:00Z,7",
				"I-2,Invoice,DACO-01,boom,2026-11-20T11:30:00Z,4");

		// when
		CliResult result = importFailures(file);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(failures()).extracting(SyncFailure::zuoraId, SyncFailure::attempts)
			.containsExactly(tuple("I-1", 7), tuple("I-2", 4));
	}

	@Test
	void acceptsAndIgnoresAnIdColumn() {
		// given
		Path file = csv("id," + HEADER, "9999," + VALID_ROW);

		// when
		CliResult result = importFailures(file);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(this.jdbc.sql("select id from sync_failure").query(Long.class).list()).containsExactly(1L);
	}

	@Test
	void theFailuresCsvOutputReimportsUnchanged() {
		// given
		importOk(csv(HEADER + ",first_failed_at",
				"I-1,Invoice,DACO-01,\"multi\nline, \"\"quoted\"\" ✓\",2026-11-20T11:30:00.5Z,2026-11-18T00:00:00Z",
				"A-1,Account,DACO-02,\" padded \",2026-11-19T10:00:00+02:00,2026-11-19T08:00:00Z",
				"RP-1,RatePlan,DACO-99,plain,2026-11-01T00:00:00Z,2026-10-30T00:00:00Z"));
		importOk(csv(HEADER, "I-1,Invoice,DACO-01,again,2026-11-21T11:30:00Z"));
		List<SyncFailure> listed = failures();
		CliResult exported = cli("failures", "--format", "csv");
		assertThat(exported.exitCode()).isZero();
		Path file = write(exported.out().getBytes(StandardCharsets.UTF_8));
		this.jdbc.sql("truncate sync_failure").update();

		// when
		CliResult result = importFailures(file);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("3 new, 0 updated");
		assertThat(failures()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("id")
			.containsExactlyElementsOf(listed);
		assertThat(importFailures(file).out()).contains("0 new, 3 updated, 0 older");
		assertThat(failures()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("id")
			.containsExactlyElementsOf(listed);
	}

	@Test
	void rejectsTheWholeFileWhenOneRowHasAnUnknownObjectType() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = csv(HEADER, VALID_ROW, "I-2,Invoce,DACO-01,boom,2026-11-20T11:30:00Z");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before,
				"line 3: unknown object type 'Invoce'; valid types: Account, Contact, PaymentMethod",
				"ProductRatePlanChargeTier");
	}

	@Test
	void rejectsTheWholeFileWhenOneRowHasAnUnknownErrorCode() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = csv(HEADER, VALID_ROW, "I-2,Invoice,DACO-03,boom,2026-11-20T11:30:00Z");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "line 3: unknown error code 'DACO-03'; valid codes: DACO-01, DACO-02, DACO-99");
	}

	@Test
	void rejectsTheWholeFileWhenOneRowHasABadInstant() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = csv(HEADER, VALID_ROW, "I-2,Invoice,DACO-01,boom,20/11/2026");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "line 3: sync_date '20/11/2026' is not an ISO-8601 instant");
	}

	@Test
	void rejectsTheWholeFileWhenOneRowHasAnInstantWithoutOffset() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = csv(HEADER, VALID_ROW, "I-2,Invoice,DACO-01,boom,2026-11-20T11:30:00");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "line 3: sync_date '2026-11-20T11:30:00' has no time zone offset");
	}

	@Test
	void rejectsTheWholeFileWhenOneRowHasAMoreThanMicrosecondPreciseInstant() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = csv(HEADER, VALID_ROW, "I-2,Invoice,DACO-01,boom,2026-11-20T11:30:00.1234567Z");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before,
				"line 3: sync_date '2026-11-20T11:30:00.1234567Z' is more precise than a microsecond");
	}

	@Test
	void rejectsTheWholeFileWhenOneRowMissesAField() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = csv(HEADER, VALID_ROW, "I-2,Invoice,DACO-01,,2026-11-20T11:30:00Z");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "line 3: missing error_message");
	}

	@Test
	void rejectsTheWholeFileWhenOneRowHasTheWrongNumberOfFields() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = csv(HEADER, VALID_ROW, "I-2,Invoice,DACO-01,boom, with a comma,2026-11-20T11:30:00Z");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "line 3: expected 5 fields, found 6");
	}

	@Test
	void namesTheLineOfABadRowAfterAMultiLineField() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = csv(HEADER, "I-1,Invoice,DACO-01,\"one\ntwo\nthree\",2026-11-20T11:30:00Z",
				"I-2,Invoice,DACO-01,boom");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "line 5: expected 5 fields, found 4");
	}

	@Test
	void rejectsTheWholeFileWhenAQuoteIsUnbalanced() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = csv(HEADER, VALID_ROW, "I-2,Invoice,DACO-01,\"boom,2026-11-20T11:30:00Z", VALID_ROW);

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "line 3: malformed CSV");
	}

	@Test
	void rejectsTheWholeFileWhenTextFollowsAClosingQuote() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = csv(HEADER, VALID_ROW, "I-2,Invoice,DACO-01,\"boom\" bang,2026-11-20T11:30:00Z");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "line 3: malformed CSV");
	}

	@Test
	void rejectsAFileWhoseHeaderMissesAColumn() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = csv("zuora_id,object_type,error_code,sync_date", "I-1,Invoice,DACO-01,2026-11-20T11:30:00Z");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "line 1 (header): missing column(s) error_message");
	}

	@Test
	void rejectsAFileWhoseHeaderHasAnUnknownColumn() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = csv(HEADER + ",severity", VALID_ROW + ",high");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "line 1 (header): unknown column(s) severity");
	}

	@Test
	void rejectsAFileWhoseHeaderNamesAColumnTwice() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = csv(HEADER + ",sync_date", VALID_ROW + ",2026-11-20T11:30:00Z");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "line 1 (header)");
	}

	@Test
	void rejectsTheWholeFileWhenAFailureIsListedTwice() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = csv(HEADER, VALID_ROW, "A-1,Account,DACO-02,x,2026-11-20T11:30:00Z",
				"I-1,Invoice,DACO-99,again,2026-11-21T11:30:00Z");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "lines 2 and 4: Invoice I-1 is listed twice");
	}

	@Test
	void rejectsTheWholeFileWhenAFirstFailureFollowsItsSyncDate() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = csv(HEADER + ",first_failed_at", VALID_ROW + ",",
				"I-2,Invoice,DACO-01,boom,2026-11-20T11:30:00Z,2026-11-21T11:30:00Z");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before,
				"line 3: first_failed_at 2026-11-21T11:30:00Z is after sync_date 2026-11-20T11:30:00Z");
	}

	@Test
	void rejectsTheWholeFileWhenAttemptsIsZero() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = csv(HEADER + ",attempts", VALID_ROW + ",1", "I-2,Invoice,DACO-01,boom,2026-11-20T11:30:00Z,0");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "line 3: attempts '0' is not a whole number of at least 1");
	}

	@Test
	void rejectsTheWholeFileWhenAttemptsIsNotANumber() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = csv(HEADER + ",attempts", VALID_ROW + ",1", "I-2,Invoice,DACO-01,boom,2026-11-20T11:30:00Z,three");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "line 3: attempts 'three' is not a whole number of at least 1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1000001", "2147483647", "99999999999" })
	void rejectsTheWholeFileWhenAttemptsIsAboveTheCeiling(String attempts) {
		// given: more than the jobs count (and, past 2147483647, more than the column
		// holds)
		List<SyncFailure> before = listOneFailure();
		Map<String, Object> database = snapshot();
		Path file = csv(HEADER + ",attempts", VALID_ROW + ",1",
				"I-2,Invoice,DACO-01,boom,2026-11-20T11:30:00Z," + attempts);

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before,
				"line 3: attempts '" + attempts + "' is more than 1000000, the most attempts a failure counts");
		assertThat(snapshot()).isEqualTo(database);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\u0663", "\uFF13", "+3" })
	void rejectsTheWholeFileWhenAttemptsIsNotWrittenInTheDigitsZeroToNine(String attempts) {
		// given: Integer.parseInt would read each as 3
		List<SyncFailure> before = listOneFailure();
		Path file = csv(HEADER + ",attempts", VALID_ROW + ",1",
				"I-2,Invoice,DACO-01,boom,2026-11-20T11:30:00Z," + attempts);

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "line 3: attempts '" + attempts + "' is not a whole number of at least 1");
	}

	@Test
	void takesAttemptsAtTheCeiling() {
		// given
		Path file = csv(HEADER + ",attempts", VALID_ROW + "," + SyncFailure.MAX_ATTEMPTS);

		// when
		CliResult result = importFailures(file);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(failures()).extracting(SyncFailure::attempts).containsExactly(1_000_000);
	}

	@Test
	void rejectsTheWholeFileWhenASyncDateIsInTheFuture() {
		// given: a failure dated in the future could never be deleted by a re-sync
		List<SyncFailure> before = listOneFailure();
		Map<String, Object> database = snapshot();
		Path file = csv(HEADER, VALID_ROW, "I-2,Invoice,DACO-01,boom,2099-01-01T00:00:00Z");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before,
				"line 3: sync_date 2099-01-01T00:00:00Z is in the future: more than 5 minutes after the clock");
		assertThat(snapshot()).isEqualTo(database);
	}

	@Test
	void rejectsTheWholeFileWhenAFirstFailureIsInTheFuture() {
		// given
		List<SyncFailure> before = listOneFailure();
		Map<String, Object> database = snapshot();
		Path file = csv(HEADER + ",first_failed_at", VALID_ROW + ",",
				"I-2,Invoice,DACO-01,boom,2026-11-20T11:30:00Z,2099-01-01T00:00:00Z");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before,
				"line 3: first_failed_at 2099-01-01T00:00:00Z is in the future: more than 5 minutes after the clock");
		assertThat(snapshot()).isEqualTo(database);
	}

	@Test
	void takesASyncDateAheadOfTheClockByLessThanTheSkew() {
		// given: the connector's host may run a little ahead of the clock here
		Instant ahead = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Instants.CLOCK_SKEW).minusSeconds(60);
		Path file = csv(HEADER, "I-1,Invoice,DACO-01,boom," + ahead);

		// when
		CliResult result = importFailures(file);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(failures()).extracting(SyncFailure::syncDate).containsExactly(ahead);
	}

	@Test
	void updatesAFailureStoredWithMoreAttemptsThanTheCeilingWithoutOverflowing() {
		// given: rows with counts the jobs cannot reach, written by SQL
		importOk(csv(HEADER, "I-1,Invoice,DACO-99,timed out,2026-11-18T10:00:00Z",
				"I-2,Invoice,DACO-99,timed out,2026-11-18T10:00:00Z",
				"I-3,Invoice,DACO-99,timed out,2026-11-18T10:00:00Z"));
		this.jdbc.sql("update sync_failure set attempts = 2147483647 where zuora_id = 'I-1'").update();
		this.jdbc.sql("update sync_failure set attempts = 1000000 where zuora_id = 'I-2'").update();
		this.jdbc.sql("update sync_failure set attempts = 999999 where zuora_id = 'I-3'").update();
		Path update = csv(HEADER, "I-1,Invoice,DACO-01,rejected,2026-11-20T10:00:00Z",
				"I-2,Invoice,DACO-01,rejected,2026-11-20T10:00:00Z",
				"I-3,Invoice,DACO-01,rejected,2026-11-20T10:00:00Z");

		// when
		CliResult result = importFailures(update);

		// then: the count stops growing at the ceiling, and every row takes its new
		// failure
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("0 new, 3 updated, 0 older");
		assertListed(
				failure("I-1", "Invoice", ErrorCode.DACO_01, "rejected", "2026-11-20T10:00:00Z", "2026-11-18T10:00:00Z",
						Integer.MAX_VALUE),
				failure("I-2", "Invoice", ErrorCode.DACO_01, "rejected", "2026-11-20T10:00:00Z", "2026-11-18T10:00:00Z",
						1_000_000),
				failure("I-3", "Invoice", ErrorCode.DACO_01, "rejected", "2026-11-20T10:00:00Z", "2026-11-18T10:00:00Z",
						1_000_000));
	}

	@Test
	void rejectsTheWholeFileWhenARowIsNotUtf8() {
		// given
		byte[] latin1 = (HEADER + "\n" + VALID_ROW + "\nI-2,Invoice,DACO-01,Gr\u00fc\u00dfe,2026-11-20T11:30:00Z\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		List<SyncFailure> before = listOneFailure();
		Path file = write(latin1);

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "line 3", "not valid UTF-8");
	}

	@Test
	void namesTheLineOfABadByteFarIntoTheFile() {
		// given
		StringBuilder content = new StringBuilder(HEADER).append('\n');
		for (int row = 1; row <= 2_000; row++) {
			content.append("I-").append(row).append(",Invoice,DACO-01,boom,2026-11-20T11:30:00Z\n");
		}
		content.append("I-x,Invoice,DACO-01,Gr\u00fc\u00dfe,2026-11-20T11:30:00Z\n");
		List<SyncFailure> before = listOneFailure();
		Path file = write(content.toString().getBytes(StandardCharsets.ISO_8859_1));

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "line 2002", "not valid UTF-8");
	}

	@Test
	void rejectsAFileWhoseHeaderIsNotUtf8() {
		// given
		byte[] latin1 = (HEADER + ",\u00e9\n" + VALID_ROW + ",x\n").getBytes(StandardCharsets.ISO_8859_1);
		List<SyncFailure> before = listOneFailure();
		Path file = write(latin1);

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "not valid UTF-8");
	}

	@Test
	void rejectsTheWholeFileWhenARowHoldsANulCharacter() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = csv(HEADER, VALID_ROW, "I-2,Invoice,DACO-01,bo\u0000om,2026-11-20T11:30:00Z");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "line 3: error_message contains a NUL character");
	}

	@Test
	void rejectsTheWholeFileWhenAZuoraIdHoldsALineBreak() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = csv(HEADER, VALID_ROW, "\"I-2\nI-3\",Invoice,DACO-01,boom,2026-11-20T11:30:00Z");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "line 3: zuora_id 'I-2\nI-3' is not an ID");
	}

	@Test
	void rejectsAnEmptyFile() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = write(new byte[0]);

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "is empty: expected the header " + HEADER);
	}

	@Test
	void rejectsAFileThatIsNotThere() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = this.directory.resolve("missing.csv");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "File not found: ");
	}

	@Test
	void rejectsADirectory() {
		// given
		List<SyncFailure> before = listOneFailure();
		Path file = this.directory;

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, "is not a readable file");
	}

	/** Lists one failure, as a rejected file must leave it; returns the list as it is. */
	private List<SyncFailure> listOneFailure() {
		importOk(csv(HEADER, "I-1,Invoice,DACO-99,timed out,2026-11-19T11:30:00Z"));
		return failures();
	}

	/**
	 * Checks that the import exited with 2 and a message holding {@code messages},
	 * leaving the list unchanged.
	 */
	private void assertRejected(CliResult result, List<SyncFailure> before, String... messages) {
		assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
		assertThat(result.err()).startsWith("Invalid input: ");
		for (String message : messages) {
			assertThat(result.err()).contains(message);
		}
		assertThat(result.out()).isEmpty();
		assertThat(failures()).isEqualTo(before);
	}

	/** Checks the whole list but the row IDs. */
	private void assertListed(SyncFailure... expected) {
		assertThat(failures()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("id")
			.containsExactly(expected);
	}

	private CliResult importFailures(Path file) {
		return cli("import-failures", "--file", file.toString());
	}

	private void importOk(Path file) {
		CliResult result = importFailures(file);
		assertThat(result.exitCode()).as(result.err()).isZero();
	}

	private List<SyncFailure> failures() {
		return this.jdbc.sql("select * from sync_failure order by zuora_id collate \"C\"")
			.query((rs, row) -> SyncFailureRepository.map(rs))
			.list();
	}

	private static SyncFailure failure(String zuoraId, String objectType, ErrorCode errorCode, String errorMessage,
			String syncDate, String firstFailedAt, int attempts) {
		return new SyncFailure(0, zuoraId, objectType, errorCode, errorMessage, Instant.parse(syncDate),
				Instant.parse(firstFailedAt), attempts);
	}

	private static String quoted(String value) {
		return "\"" + value.replace("\"", "\"\"") + "\"";
	}

	private Path csv(String... lines) {
		return write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
	}

	private Path write(byte[] content) {
		try {
			return Files.write(Files.createTempFile(this.directory, "failures", ".csv"), content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
