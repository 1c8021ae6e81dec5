package io.github.crmsync.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.crmsync.PostgresIntegrationTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "done when": {@code import-records} and {@code import-failures}, then
 * {@code failures --format json}, gives back every field exactly.
 */
class ImportRoundTripIntegrationTests extends PostgresIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void failuresImportedAfterTheirRecordsListAsJsonWithEveryFieldExactly() throws IOException {
		// given
		Path records = Files.writeString(this.directory.resolve("records.jsonl"),
				"""
						{"objectType":"Account","zuoraId":"A-1","parentId":null,"accountId":"A-1","crmId":"001A00000000000","fields":{"Name":"Acme"}}
						{"objectType":"Invoice","zuoraId":"INV-1","parentId":"A-1","accountId":"A-1","crmId":null,"fields":{"Amount":10}}
						{"objectType":"InvoiceItem","zuoraId":"INV-1-II1","parentId":"INV-1","accountId":"A-1","fields":{}}
						""",
				StandardCharsets.UTF_8);
		String multiLine = "FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount, \"net\", must not be negative\n"
				+ "  at line 2\r\nGrüße ✓ 😀 — 請求書";
		Path failures = Files.writeString(this.directory.resolve("failures.csv"),
				"zuora_id,object_type,error_code,error_message,sync_date,first_failed_at,attempts\n"
						+ "A-1,Account,DACO-02,Missing CRM ID,2026-11-20T11:30:00Z,2026-11-18T07:00:00Z,3\n"
						+ "INV-1,Invoice,DACO-01,\"" + multiLine.replace("\"", "\"\"")
						+ "\",2026-11-19T10:00:00.123456+01:00,2026-11-19T08:00:00.000001Z,1\n"
						+ "INV-1-II1,InvoiceItem,DACO-99,\"a, b; \"\"c\"\"\",2026-11-18T00:00:00Z,2026-11-18T00:00:00Z,12\n",
				StandardCharsets.UTF_8);

		// when
		CliResult importedRecords = cli("import-records", "--file", records.toString());
		CliResult importedFailures = cli("import-failures", "--file", failures.toString());
		CliResult listed = cli("failures", "--format", "json");

		// then
		assertThat(importedRecords.exitCode()).as(importedRecords.err()).isZero();
		assertThat(importedFailures.exitCode()).as(importedFailures.err()).isZero();
		assertThat(listed.exitCode()).as(listed.err()).isZero();
		assertThat(this.jdbc.sql("select zuora_id from source_record order by zuora_id collate \"C\"")
			.query(String.class)
			.list()).containsExactly("A-1", "INV-1", "INV-1-II1");
		List<Map<String, Object>> json = JsonMapper.builder()
			.build()
			.readValue(listed.out(), new TypeReference<List<Map<String, Object>>>() {
			});
		assertThat(json).map(ImportRoundTripIntegrationTests::withoutId)
			.containsExactly(
					Map.of("zuoraId", "A-1", "objectType", "Account", "errorCode", "DACO-02", "errorMessage",
							"Missing CRM ID", "syncDate", "2026-11-20T11:30:00Z", "firstFailedAt",
							"2026-11-18T07:00:00Z", "attempts", 3),
					Map.of("zuoraId", "INV-1", "objectType", "Invoice", "errorCode", "DACO-01", "errorMessage",
							multiLine, "syncDate", "2026-11-19T09:00:00.123456Z", "firstFailedAt",
							"2026-11-19T08:00:00.000001Z", "attempts", 1),
					Map.of("zuoraId", "INV-1-II1", "objectType", "InvoiceItem", "errorCode", "DACO-99", "errorMessage",
							"a, b; \"c\"", "syncDate", "2026-11-18T00:00:00Z", "firstFailedAt", "2026-11-18T00:00:00Z",
							"attempts", 12));
		assertThat(json).allSatisfy((failure) -> assertThat(failure.get("id")).isInstanceOf(Number.class));
	}

	@Test
	void numbersOfAnImportedRecordReachTheCrmDigitForDigit() throws IOException {
		// given: numbers a binary double cannot hold (more than 17 significant digits) or
		// writes differently (10.10)
		Path records = Files.writeString(this.directory.resolve("records.jsonl"),
				"""
						{"objectType":"Account","zuoraId":"A-1","accountId":"A-1","crmId":"001A00000000000","fields":{}}
						{"objectType":"Invoice","zuoraId":"INV-1","parentId":"A-1","accountId":"A-1","fields":{"Amount":12345678901234567.89,"Rate":0.1000000000000000055511151231257827,"Total":10.10,"Lines":[1.50]}}
						""",
				StandardCharsets.UTF_8);
		Path failures = Files.writeString(this.directory.resolve("failures.csv"),
				"zuora_id,object_type,error_code,error_message,sync_date\n"
						+ "INV-1,Invoice,DACO-99,timed out,2026-11-19T10:00:00Z\n",
				StandardCharsets.UTF_8);

		// when
		CliResult importedRecords = cli("import-records", "--file", records.toString());
		CliResult importedFailures = cli("import-failures", "--file", failures.toString());
		CliResult retried = cli("daily-retry", "--now", "2026-11-20T12:00:00Z");

		// then
		assertThat(List.of(importedRecords, importedFailures, retried)).extracting(CliResult::exitCode).containsOnly(0);
		String numbers = "select fields ->> 'Amount', fields ->> 'Rate', fields ->> 'Total', fields ->> 'Lines' from ";
		List<String> expected = List.of("12345678901234567.89", "0.1000000000000000055511151231257827", "10.10",
				"[1.50]");
		assertThat(this.jdbc.sql(numbers + "source_record where zuora_id = 'INV-1'")
			.query((rs, row) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
			.single()).isEqualTo(expected);
		assertThat(this.jdbc.sql(numbers + "crm_sandbox_record where external_id = 'INV-1'")
			.query((rs, row) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
			.single()).isEqualTo(expected);
	}

	private static Map<String, Object> withoutId(Map<String, Object> failure) {
		Map<String, Object> copy = new HashMap<>(failure);
		copy.remove("id");
		return copy;
	}

}
