package io.github.crmsync.cli;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.crmsync.PostgresIntegrationTests;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code failures --search}, {@code --since} and {@code --until}, alone and with the
 * other filters, and the CSV of multi-line messages, parsed back and imported again.
 */
class FailuresSearchIntegrationTests extends PostgresIntegrationTests {

	@Test
	void searchFindsTheTextInTheMessageInAnyCase() {
		// given
		insertFailure("I-1", "UNABLE_TO_LOCK_ROW: unable to obtain exclusive access", "2026-11-20T00:00:00Z");
		insertFailure("I-2", "Row LOCK timeout", "2026-11-19T00:00:00Z");
		insertFailure("I-3", "FIELD_CUSTOM_VALIDATION_EXCEPTION", "2026-11-21T00:00:00Z");
		insertFailure("I-4", "first line\nsecond line: Deadlock detected", "2026-11-18T00:00:00Z");

		// when
		CliResult result = cli("failures", "--search", "lOcK", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(zuoraIds(result)).containsExactly("I-1", "I-2", "I-4");
	}

	@Test
	void searchTakesPercentUnderscoreAndBackslashLiterally() {
		// given
		insertFailure("PERCENT", "quota 100% used", "2026-11-20T00:00:00Z");
		insertFailure("NO-PERCENT", "quota 100 used", "2026-11-20T00:00:01Z");
		insertFailure("UNDERSCORE", "bad field a_b", "2026-11-20T00:00:02Z");
		insertFailure("NO-UNDERSCORE", "bad field axb", "2026-11-20T00:00:03Z");
		insertFailure("BACKSLASH", "path C:\\temp", "2026-11-20T00:00:04Z");
		insertFailure("NO-BACKSLASH", "path C:temp", "2026-11-20T00:00:05Z");

		// when
		CliResult percent = cli("failures", "--search", "100%", "--format", "json");
		CliResult anyPercent = cli("failures", "--search", "%", "--format", "json");
		CliResult underscore = cli("failures", "--search", "a_b", "--format", "json");
		CliResult anyUnderscore = cli("failures", "--search", "_", "--format", "json");
		CliResult backslash = cli("failures", "--search", "C:\\t", "--format", "json");

		// then
		assertThat(zuoraIds(percent)).containsExactly("PERCENT");
		assertThat(zuoraIds(anyPercent)).containsExactly("PERCENT");
		assertThat(zuoraIds(underscore)).containsExactly("UNDERSCORE");
		assertThat(zuoraIds(anyUnderscore)).containsExactly("UNDERSCORE");
		assertThat(zuoraIds(backslash)).containsExactly("BACKSLASH");
	}

	@Test
	void searchTakesATermStartingWithAnAtSignLiterallyNotAsAFile(@TempDir Path directory) throws IOException {
		// given: picocli would read "@gmail.com" as the arguments in a file gmail.com, if
		// there is one
		Path file = Files.writeString(directory.resolve("gmail.com"), "boom");
		String term = "@" + file;
		insertFailure("AT", "550 no mailbox for user" + term, "2026-11-20T00:00:00Z");
		insertFailure("BOOM", "boom", "2026-11-20T00:00:01Z");

		// when
		CliResult result = cli("failures", "--search", term, "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(zuoraIds(result)).containsExactly("AT");
	}

	@Test
	void sinceIsIncludedAndUntilIsExcluded() {
		// given
		insertFailure("D-10", "x", "2026-11-10T00:00:00Z");
		insertFailure("D-11", "x", "2026-11-11T00:00:00Z");
		insertFailure("D-12", "x", "2026-11-12T23:59:59.999999Z");
		insertFailure("D-13", "x", "2026-11-13T00:00:00Z");

		// when
		CliResult between = cli("failures", "--since", "2026-11-11T00:00:00Z", "--until", "2026-11-13T01:00:00+01:00",
				"--format", "json");
		CliResult since = cli("failures", "--since", "2026-11-12T00:00:00Z", "--format", "json");
		CliResult until = cli("failures", "--until", "2026-11-11T00:00:00Z", "--format", "json");

		// then
		assertThat(between.exitCode()).as(between.err()).isZero();
		assertThat(zuoraIds(between)).containsExactly("D-12", "D-11");
		assertThat(zuoraIds(since)).containsExactly("D-13", "D-12");
		assertThat(zuoraIds(until)).containsExactly("D-10");
	}

	@Test
	void combinesSearchAndPeriodWithTypeCodeAndLimit() {
		// given
		for (int day = 10; day <= 19; day++) {
			insertFailure("I-" + day, "Invoice", "DACO-01", "UNABLE_TO_LOCK_ROW", "2026-11-" + day + "T00:00:00Z");
			insertFailure("A-" + day, "Account", "DACO-01", "UNABLE_TO_LOCK_ROW", "2026-11-" + day + "T00:00:00Z");
			insertFailure("X-" + day, "Invoice", "DACO-99", "UNABLE_TO_LOCK_ROW", "2026-11-" + day + "T00:00:00Z");
			insertFailure("V-" + day, "Invoice", "DACO-01", "validation", "2026-11-" + day + "T00:00:00Z");
		}

		// when
		CliResult result = cli("failures", "--object-type", "Invoice", "--error-code", "DACO-01", "--search", "lock",
				"--since", "2026-11-12T00:00:00Z", "--until", "2026-11-18T00:00:00Z", "--limit", "3", "--format",
				"json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(zuoraIds(result)).containsExactly("I-17", "I-16", "I-15");
	}

	@Test
	void refusesAPeriodThatEndsBeforeItStartsABadInstantOrAnEmptySearch() {
		// when
		CliResult reversed = cli("failures", "--since", "2026-11-13T00:00:00Z", "--until", "2026-11-11T00:00:00Z");
		CliResult empty = cli("failures", "--since", "2026-11-13T00:00:00Z", "--until", "2026-11-13T01:00:00+01:00");
		CliResult badSince = cli("failures", "--since", "last week");
		CliResult localUntil = cli("failures", "--until", "2026-11-13T00:00:00");
		CliResult emptySearch = cli("failures", "--search", "");

		// then
		assertThat(List.of(reversed, empty, badSince, localUntil, emptySearch)).extracting(CliResult::exitCode)
			.containsOnly(2);
		assertThat(reversed.err()).contains("--since 2026-11-13T00:00:00Z must be before --until 2026-11-11T00:00:00Z");
		assertThat(empty.err()).contains("--since 2026-11-13T00:00:00Z must be before --until 2026-11-13T00:00:00Z");
		assertThat(badSince.err()).contains("--since 'last week' is not an ISO-8601 instant");
		assertThat(localUntil.err()).contains("--until '2026-11-13T00:00:00' has no time zone offset");
		assertThat(emptySearch.err()).contains("--search needs a text");
		assertThat(reversed.out() + empty.out() + badSince.out() + localUntil.out() + emptySearch.out()).isEmpty();
	}

	@Test
	void csvQuotesMultiLineMessagesSoThatTheyParseBackAndImportAgain(@TempDir Path directory) throws IOException {
		// given
		List<String> messages = List.of("lock: line one\nline two", "lock \"quoted\", with a comma\r\nand CRLF",
				" lock with spaces around ", "lock\n\nblank line between\n", "ünïcødé lock ✓");
		for (int i = 0; i < messages.size(); i++) {
			insertFailure("M-" + i, messages.get(i), "2026-11-2" + i + "T00:00:00Z");
		}
		insertFailure("OTHER", "validation\nerror", "2026-11-19T00:00:00Z");

		// when
		CliResult result = cli("failures", "--search", "LOCK", "--format", "csv");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		List<CSVRecord> rows = CSVFormat.RFC4180.builder()
			.setHeader()
			.setSkipHeaderRecord(true)
			.get()
			.parse(new StringReader(result.out()))
			.getRecords();
		assertThat(rows).extracting((row) -> row.get("zuora_id")).containsExactly("M-4", "M-3", "M-2", "M-1", "M-0");
		assertThat(rows).extracting((row) -> row.get("error_message"))
			.containsExactly(messages.get(4), messages.get(3), messages.get(2), messages.get(1), messages.get(0));
		assertThat(rows).extracting((row) -> row.get("sync_date"))
			.containsExactly("2026-11-24T00:00:00Z", "2026-11-23T00:00:00Z", "2026-11-22T00:00:00Z",
					"2026-11-21T00:00:00Z", "2026-11-20T00:00:00Z");

		// when
		Path csv = Files.writeString(directory.resolve("failures.csv"), result.out(), StandardCharsets.UTF_8);
		this.jdbc.sql("truncate sync_failure").update();
		CliResult imported = cli("import-failures", "--file", csv.toString());

		// then
		assertThat(imported.exitCode()).as(imported.err()).isZero();
		assertThat(this.jdbc.sql("select zuora_id, error_message from sync_failure order by zuora_id")
			.query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2)))
			.list()).containsExactly(Map.entry("M-0", messages.get(0)), Map.entry("M-1", messages.get(1)),
					Map.entry("M-2", messages.get(2)), Map.entry("M-3", messages.get(3)),
					Map.entry("M-4", messages.get(4)));
	}

	private void insertFailure(String zuoraId, String message, String syncDate) {
		insertFailure(zuoraId, "Invoice", "DACO-01", message, syncDate);
	}

	private void insertFailure(String zuoraId, String objectType, String errorCode, String message, String syncDate) {
		this.jdbc.sql("""
				insert into sync_failure (zuora_id, object_type, error_code, error_message, sync_date, first_failed_at)
				values (?, ?, ?, ?, cast(? as timestamptz), cast(? as timestamptz))""")
			.params(zuoraId, objectType, errorCode, message, syncDate, syncDate)
			.update();
	}

	private static List<String> zuoraIds(CliResult result) {
		assertThat(result.exitCode()).as(result.err()).isZero();
		return JsonMapper.builder().build().readValue(result.out(), new TypeReference<List<Map<String, Object>>>() {
		}).stream().map((failure) -> (String) failure.get("zuoraId")).toList();
	}

}
