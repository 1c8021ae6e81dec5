package io.github.crmsync.cli;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.github.crmsync.PostgresIntegrationTests;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code failures}: order, filters, limit and the three formats, and the options it
 * refuses.
 */
class FailuresCommandIntegrationTests extends PostgresIntegrationTests {

	static final String LONG_MESSAGE = "INVALID_FIELD: bad Region__c,\r\n  second line with \"quotes\", Grüße ✓ "
			+ "x".repeat(200) + " END";

	@Test
	void listsTheNewestSyncDateFirst() {
		// given
		insertFailure("I-old", "Invoice", "DACO-01", "old", "2026-11-10T00:00:00Z");
		insertFailure("I-new", "Invoice", "DACO-01", "new", "2026-11-20T00:00:00Z");
		insertFailure("A-mid", "Account", "DACO-02", "mid", "2026-11-15T00:00:00Z");

		// when
		CliResult result = cli("failures", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(json(result)).extracting((failure) -> failure.get("zuoraId"))
			.containsExactly("I-new", "A-mid", "I-old");
	}

	@Test
	void showsControlCharactersEscapedInTablesAndExactInCsvAndJson() {
		// given: a message with an ANSI escape sequence (recolours the terminal), a bell
		// and a direction override
		String message = "INVALID_FIELD: \u001b[31mred\u001b[0m \u0007bell \u202ereversed";
		insertFailure("I-1", "Invoice", "DACO-01", message, "2026-11-20T00:00:00Z");

		// when
		CliResult table = cli("failures");
		CliResult show = cli("failures", "show", "I-1");
		CliResult json = cli("failures", "--format", "json");
		CliResult csv = cli("failures", "--format", "csv");

		// then
		assertThat(List.of(table, show)).allSatisfy((result) -> {
			assertThat(result.exitCode()).as(result.err()).isZero();
			assertThat(result.out()).doesNotContain("\u001b", "\u0007", "\u202e")
				.contains("\\u001b[31mred\\u001b[0m \\u0007bell \\u202e");
		});
		assertThat(json(json)).extracting((failure) -> failure.get("errorMessage")).containsExactly(message);
		assertThat(csv.out()).contains(message);
	}

	@Test
	void filtersByObjectType() {
		// given
		insertFailure("I-1", "Invoice", "DACO-01", "boom", "2026-11-20T00:00:00Z");
		insertFailure("II-1", "InvoiceItem", "DACO-01", "boom", "2026-11-20T00:00:00Z");
		insertFailure("A-1", "Account", "DACO-02", "boom", "2026-11-20T00:00:00Z");

		// when
		CliResult result = cli("failures", "--object-type", "Invoice", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(json(result)).extracting((failure) -> failure.get("zuoraId")).containsExactly("I-1");
	}

	@Test
	void filtersByErrorCodeInAnyCase() {
		// given
		insertFailure("I-1", "Invoice", "DACO-01", "boom", "2026-11-20T00:00:00Z");
		insertFailure("I-2", "Invoice", "DACO-02", "boom", "2026-11-19T00:00:00Z");
		insertFailure("A-1", "Account", "DACO-02", "boom", "2026-11-18T00:00:00Z");

		// when
		CliResult result = cli("failures", "--error-code", "daco-02", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(json(result)).extracting((failure) -> failure.get("zuoraId")).containsExactly("I-2", "A-1");
	}

	@Test
	void combinesFiltersAndLimit() {
		// given
		for (int day = 10; day <= 19; day++) {
			insertFailure("I-" + day, "Invoice", "DACO-99", "boom", "2026-11-" + day + "T00:00:00Z");
			insertFailure("A-" + day, "Account", "DACO-99", "boom", "2026-11-" + day + "T00:00:00Z");
		}
		insertFailure("I-20", "Invoice", "DACO-01", "boom", "2026-11-20T00:00:00Z");

		// when
		CliResult result = cli("failures", "--object-type", "Invoice", "--error-code", "DACO-99", "--limit", "3",
				"--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(json(result)).extracting((failure) -> failure.get("zuoraId"))
			.containsExactly("I-19", "I-18", "I-17");
	}

	@Test
	void tableShortensLongMessagesWithAnEllipsisOnOneLine() {
		// given
		insertFailure("I-1", "Invoice", "DACO-01", LONG_MESSAGE, "2026-11-20T11:30:00Z");
		insertFailure("A-1", "Account", "DACO-02", "Missing CRM ID", "2026-11-19T11:30:00Z");

		// when
		CliResult result = cli("failures");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		List<String> lines = result.out().lines().toList();
		assertThat(lines).hasSize(4);
		assertThat(lines.get(0)).startsWith("      ID  ZUORA ID").endsWith("ERROR MESSAGE");
		assertThat(lines.get(1)).contains("I-1", "Invoice", "DACO-01", "2026-11-20T11:30:00Z")
			.endsWith("  INVALID_FIELD: bad Region__c, second line with \"quotes\", Gr…");
		assertThat(lines.get(2)).contains("A-1", "Account", "DACO-02").endsWith("Missing CRM ID");
		assertThat(lines.get(3)).isEqualTo("(2 failures)");
	}

	@Test
	void tableNeverCutsACharacterInTwo() {
		// given
		insertFailure("I-1", "Invoice", "DACO-01", "a".repeat(58) + "😀 and more", "2026-11-20T11:30:00Z");

		// when
		CliResult result = cli("failures");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		String row = result.out().lines().toList().get(1);
		assertThat(row).endsWith("  " + "a".repeat(58) + "…");
		assertThat(new String(row.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(row);
	}

	@Test
	void csvKeepsEveryCharacterAndParsesBack() throws IOException {
		// given
		insertFailure("I-1", "Invoice", "DACO-01", LONG_MESSAGE, "2026-11-20T11:30:00Z");
		insertFailure("A-1", "Account", "DACO-02", "Missing CRM ID", "2026-11-19T11:30:00Z");

		// when
		CliResult result = cli("failures", "--format", "csv");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		List<CSVRecord> rows = CSVFormat.RFC4180.builder()
			.setHeader()
			.setSkipHeaderRecord(true)
			.get()
			.parse(new StringReader(result.out()))
			.getRecords();
		assertThat(rows).hasSize(2);
		assertThat(rows.get(0).getParser().getHeaderNames()).containsExactly("id", "zuora_id", "object_type",
				"error_code", "error_message", "sync_date", "first_failed_at", "attempts");
		assertThat(rows.get(0).toMap()).containsEntry("zuora_id", "I-1")
			.containsEntry("object_type", "Invoice")
			.containsEntry("error_code", "DACO-01")
			.containsEntry("error_message", LONG_MESSAGE)
			.containsEntry("sync_date", "2026-11-20T11:30:00Z")
			.containsEntry("first_failed_at", "2026-11-20T11:30:00Z")
			.containsEntry("attempts", "1");
		assertThat(rows.get(1).toMap()).containsEntry("zuora_id", "A-1")
			.containsEntry("error_message", "Missing CRM ID");
	}

	@Test
	void jsonKeepsEveryCharacterAndParsesBack() {
		// given
		insertFailure("I-1", "Invoice", "DACO-01", LONG_MESSAGE, "2026-11-20T11:30:00Z");
		this.jdbc.sql("update sync_failure set attempts = 4, first_failed_at = '2026-11-01T00:00:00Z'").update();

		// when
		CliResult result = cli("failures", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(json(result)).containsExactly(Map.of("id", 1, "zuoraId", "I-1", "objectType", "Invoice", "errorCode",
				"DACO-01", "errorMessage", LONG_MESSAGE, "syncDate", "2026-11-20T11:30:00Z", "firstFailedAt",
				"2026-11-01T00:00:00Z", "attempts", 4));
	}

	@Test
	void anEmptyListPrintsAnEmptyArrayAHeaderOrACount() {
		// when
		CliResult json = cli("failures", "--format", "json");
		CliResult csv = cli("failures", "--format", "csv");
		CliResult table = cli("failures");

		// then
		assertThat(List.of(json.exitCode(), csv.exitCode(), table.exitCode())).containsOnly(0);
		assertThat(json(json)).isEmpty();
		assertThat(csv.out())
			.isEqualTo("id,zuora_id,object_type,error_code,error_message,sync_date,first_failed_at,attempts\r\n");
		assertThat(table.out().lines()).last().isEqualTo("(no failures)");
	}

	@Test
	void refusesAnUnknownObjectTypeListingTheValidOnes() {
		// when
		CliResult result = cli("failures", "--object-type", "Invoce");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("unknown object type 'Invoce'; valid types: Account, Contact, PaymentMethod")
			.contains("ProductRatePlanChargeTier");
		assertThat(result.out()).isEmpty();
	}

	@Test
	void refusesAnUnknownErrorCode() {
		// when
		CliResult result = cli("failures", "--error-code", "DACO-03");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("unknown error code 'DACO-03'; valid codes: DACO-01, DACO-02, DACO-99");
		assertThat(result.out()).isEmpty();
	}

	@Test
	void refusesALimitBelowOne() {
		// when
		CliResult zero = cli("failures", "--limit", "0");
		CliResult negative = cli("failures", "--limit", "-5");

		// then
		assertThat(zero.exitCode()).isEqualTo(2);
		assertThat(zero.err()).contains("--limit must be at least 1, not 0");
		assertThat(negative.exitCode()).isEqualTo(2);
		assertThat(negative.err()).contains("--limit must be at least 1, not -5");
		assertThat(zero.out() + negative.out()).isEmpty();
	}

	@Test
	void refusesALimitThatIsNotANumber() {
		// when
		CliResult result = cli("failures", "--limit", "ten");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("--limit").contains("ten");
		assertThat(result.out()).isEmpty();
	}

	@Test
	void refusesAnUnknownFormat() {
		// when
		CliResult result = cli("failures", "--format", "xml");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("--format").contains("'xml'").contains("TABLE, CSV, JSON");
		assertThat(result.out()).isEmpty();
	}

	private void insertFailure(String zuoraId, String objectType, String errorCode, String message, String syncDate) {
		this.jdbc.sql("""
				insert into sync_failure (zuora_id, object_type, error_code, error_message, sync_date, first_failed_at)
				values (?, ?, ?, ?, cast(? as timestamptz), cast(? as timestamptz))""")
			.params(zuoraId, objectType, errorCode, message, syncDate, syncDate)
			.update();
	}

	private static List<Map<String, Object>> json(CliResult result) {
		return JsonMapper.builder().build().readValue(result.out(), new TypeReference<List<Map<String, Object>>>() {
		});
	}

}
