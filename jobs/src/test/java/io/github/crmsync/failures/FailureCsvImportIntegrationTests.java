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
import java.util.stream.Stream;

import io.github.crmsync.PostgresIntegrationTests;
import io.github.crmsync.support.Instants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

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

	@ParameterizedTest
	@MethodSource("filesWithAnInvalidRow")
	void rejectsTheWholeFileWhenOneRowIsInvalid(byte[] content, List<String> messages) {
		// given
		List<SyncFailure> before = listOneFailure();
		Map<String, Object> database = snapshot();
		Path file = write(content);

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, database, messages);
	}

	/**
	 * Files whose rows are valid but one (mostly line 3, after the valid line 2): what
	 * the message must say.
	 */
	static Stream<Arguments> filesWithAnInvalidRow() {
		return Stream.of(
				rejected("an unknown object type",
						text(HEADER, VALID_ROW, "I-2,Invoce,DACO-01,boom,2026-11-20T11:30:00Z"),
						"line 3: unknown object type 'Invoce'; valid types: Account, Contact, PaymentMethod",
						"ProductRatePlanChargeTier"),
				rejected("an unknown error code",
						text(HEADER, VALID_ROW, "I-2,Invoice,DACO-03,boom,2026-11-20T11:30:00Z"),
						"line 3: unknown error code 'DACO-03'; valid codes: DACO-01, DACO-02, DACO-99"),
				rejected("a sync date that is not an instant",
						text(HEADER, VALID_ROW, "I-2,Invoice,DACO-01,boom,20/11/2026"),
						"line 3: sync_date '20/11/2026' is not an ISO-8601 instant"),
				rejected("an instant without an offset",
						text(HEADER, VALID_ROW, "I-2,Invoice,DACO-01,boom,2026-11-20T11:30:00"),
						"line 3: sync_date '2026-11-20T11:30:00' has no time zone offset"),
				rejected("an instant more precise than a microsecond",
						text(HEADER, VALID_ROW, "I-2,Invoice,DACO-01,boom,2026-11-20T11:30:00.1234567Z"),
						"line 3: sync_date '2026-11-20T11:30:00.1234567Z' is more precise than a microsecond"),
				rejected("a missing field", text(HEADER, VALID_ROW, "I-2,Invoice,DACO-01,,2026-11-20T11:30:00Z"),
						"line 3: missing error_message"),
				rejected("the wrong number of fields",
						text(HEADER, VALID_ROW, "I-2,Invoice,DACO-01,boom, with a comma,2026-11-20T11:30:00Z"),
						"line 3: expected 5 fields, found 6"),
				rejected("a bad row after a multi-line field, named by its line in the file",
						text(HEADER, "I-1,Invoice,DACO-01,\"one\ntwo\nthree\",2026-11-20T11:30:00Z",
								"I-2,Invoice,DACO-01,boom"),
						"line 5: expected 5 fields, found 4"),
				rejected("an unbalanced quote",
						text(HEADER, VALID_ROW, "I-2,Invoice,DACO-01,\"boom,2026-11-20T11:30:00Z", VALID_ROW),
						"line 3: malformed CSV"),
				rejected("text after a closing quote",
						text(HEADER, VALID_ROW, "I-2,Invoice,DACO-01,\"boom\" bang,2026-11-20T11:30:00Z"),
						"line 3: malformed CSV"),
				rejected("a failure listed twice",
						text(HEADER, VALID_ROW, "A-1,Account,DACO-02,x,2026-11-20T11:30:00Z",
								"I-1,Invoice,DACO-99,again,2026-11-21T11:30:00Z"),
						"lines 2 and 4: Invoice I-1 is listed twice"),
				rejected("a first failure after its sync date",
						text(HEADER + ",first_failed_at", VALID_ROW + ",",
								"I-2,Invoice,DACO-01,boom,2026-11-20T11:30:00Z,2026-11-21T11:30:00Z"),
						"line 3: first_failed_at 2026-11-21T11:30:00Z is after sync_date 2026-11-20T11:30:00Z"),
				attempts("attempts zero", "0", "is not a whole number of at least 1"),
				attempts("attempts that are not a number", "three", "is not a whole number of at least 1"),
				// more than the jobs count (and, past 2147483647, more than the column
				// holds)
				attempts("attempts just above the ceiling", "1000001",
						"is more than 1000000, the most attempts a failure counts"),
				attempts("attempts at the column's maximum", "2147483647",
						"is more than 1000000, the most attempts a failure counts"),
				attempts("attempts beyond the column's maximum", "99999999999",
						"is more than 1000000, the most attempts a failure counts"),
				// Integer.parseInt would read each as 3
				attempts("attempts in Arabic-Indic digits", "\u0663", "is not a whole number of at least 1"),
				attempts("attempts in fullwidth digits", "\uFF13", "is not a whole number of at least 1"),
				attempts("attempts with a plus sign", "+3", "is not a whole number of at least 1"),
				// a failure dated in the future could never be deleted by a re-sync
				rejected("a sync date in the future",
						text(HEADER, VALID_ROW, "I-2,Invoice,DACO-01,boom,2099-01-01T00:00:00Z"),
						"line 3: sync_date 2099-01-01T00:00:00Z is in the future: more than 5 minutes after the clock"),
				rejected("a first failure in the future",
						text(HEADER + ",first_failed_at", VALID_ROW + ",",
								"I-2,Invoice,DACO-01,boom,2026-11-20T11:30:00Z,2099-01-01T00:00:00Z"),
						"line 3: first_failed_at 2099-01-01T00:00:00Z is in the future: more than 5 minutes after the "
								+ "clock"),
				rejected("a NUL character",
						text(HEADER, VALID_ROW, "I-2,Invoice,DACO-01,bo\u0000om,2026-11-20T11:30:00Z"),
						"line 3: error_message contains a NUL character"),
				rejected("a Zuora ID holding a line break",
						text(HEADER, VALID_ROW, "\"I-2\nI-3\",Invoice,DACO-01,boom,2026-11-20T11:30:00Z"),
						"line 3: zuora_id 'I-2\nI-3' is not an ID"));
	}

	@ParameterizedTest
	@MethodSource("filesWithAnInvalidHeader")
	void rejectsAFileWhoseHeaderIsInvalid(byte[] content, List<String> messages) {
		// given
		List<SyncFailure> before = listOneFailure();
		Map<String, Object> database = snapshot();
		Path file = write(content);

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, database, messages);
	}

	static Stream<Arguments> filesWithAnInvalidHeader() {
		return Stream.of(
				rejected("a missing column",
						text("zuora_id,object_type,error_code,sync_date", "I-1,Invoice,DACO-01,2026-11-20T11:30:00Z"),
						"line 1 (header): missing column(s) error_message"),
				rejected("an unknown column", text(HEADER + ",severity", VALID_ROW + ",high"),
						"line 1 (header): unknown column(s) severity"),
				rejected("a column named twice", text(HEADER + ",sync_date", VALID_ROW + ",2026-11-20T11:30:00Z"),
						"line 1 (header)"),
				rejected("no header: an empty file", new byte[0], "is empty: expected the header " + HEADER));
	}

	@ParameterizedTest
	@MethodSource("filesThatAreNotUtf8")
	void rejectsTheWholeFileWhenItIsNotUtf8(byte[] content, List<String> messages) {
		// given
		List<SyncFailure> before = listOneFailure();
		Map<String, Object> database = snapshot();
		Path file = write(content);

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, database, messages);
	}

	static Stream<Arguments> filesThatAreNotUtf8() {
		StringBuilder long2002Lines = new StringBuilder(HEADER).append('\n');
		for (int row = 1; row <= 2_000; row++) {
			long2002Lines.append("I-").append(row).append(",Invoice,DACO-01,boom,2026-11-20T11:30:00Z\n");
		}
		long2002Lines.append("I-x,Invoice,DACO-01,Gr\u00fc\u00dfe,2026-11-20T11:30:00Z\n");
		return Stream.of(
				rejected("a row in ISO-8859-1",
						(HEADER + "\n" + VALID_ROW + "\nI-2,Invoice,DACO-01,Gr\u00fc\u00dfe,2026-11-20T11:30:00Z\n")
							.getBytes(StandardCharsets.ISO_8859_1),
						"line 3", "not valid UTF-8"),
				rejected("a bad byte far into the file, named by its line",
						long2002Lines.toString().getBytes(StandardCharsets.ISO_8859_1), "line 2002", "not valid UTF-8"),
				rejected("a header in ISO-8859-1",
						(HEADER + ",\u00e9\n" + VALID_ROW + ",x\n").getBytes(StandardCharsets.ISO_8859_1),
						"not valid UTF-8"));
	}

	@Test
	void rejectsAFileThatIsNotThere() {
		// given
		List<SyncFailure> before = listOneFailure();
		Map<String, Object> database = snapshot();
		Path file = this.directory.resolve("missing.csv");

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, database, List.of("File not found: "));
	}

	@Test
	void rejectsADirectory() {
		// given
		List<SyncFailure> before = listOneFailure();
		Map<String, Object> database = snapshot();
		Path file = this.directory;

		// when
		CliResult result = importFailures(file);

		// then
		assertRejected(result, before, database, List.of("is not a readable file"));
	}

	/** Lists one failure, as a rejected file must leave it; returns the list as it is. */
	private List<SyncFailure> listOneFailure() {
		importOk(csv(HEADER, "I-1,Invoice,DACO-99,timed out,2026-11-19T11:30:00Z"));
		return failures();
	}

	/**
	 * Checks that the import exited with 2 and a message holding {@code messages},
	 * leaving the list unchanged, and the rest of the database ({@code database} is its
	 * {@link #snapshot()} before).
	 */
	private void assertRejected(CliResult result, List<SyncFailure> before, Map<String, Object> database,
			List<String> messages) {
		assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
		assertThat(result.err()).startsWith("Invalid input: ");
		for (String message : messages) {
			assertThat(result.err()).contains(message);
		}
		assertThat(result.out()).isEmpty();
		assertThat(failures()).isEqualTo(before);
		assertThat(snapshot()).isEqualTo(database);
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

	/**
	 * A case of {@code name} for a rejection test: the file's {@code content} and what
	 * the message must hold.
	 */
	private static Arguments rejected(String name, byte[] content, String... messages) {
		return argumentSet(name, content, List.of(messages));
	}

	/** A file whose line 3 has {@code attempts}, and what the message says of them. */
	private static Arguments attempts(String name, String attempts, String problem) {
		return rejected(name + " (" + attempts + ")",
				text(HEADER + ",attempts", VALID_ROW + ",1",
						"I-2,Invoice,DACO-01,boom,2026-11-20T11:30:00Z," + attempts),
				"line 3: attempts '" + attempts + "' " + problem);
	}

	/** {@code lines} as a UTF-8 file, each line ended by a line feed. */
	private static byte[] text(String... lines) {
		return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
	}

	private Path csv(String... lines) {
		return write(text(lines));
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
