package io.github.crmsync.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.crmsync.PostgresIntegrationTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * {@code import-records}: what a valid file writes or refreshes, and that every kind of
 * invalid line rejects the whole file.
 */
class SourceRecordJsonlImportIntegrationTests extends PostgresIntegrationTests {

	static final String ACCOUNT = """
			{"objectType":"Account","zuoraId":"A-1","parentId":null,"accountId":"A-1","crmId":"001XYZ000000000","fields":{"Name":"Acme"}}""";

	static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path directory;

	@Test
	void insertsEveryPropertyOfEachRecord() {
		// given
		Path file = jsonl(ACCOUNT,
				"""
						{"objectType":"Invoice","zuoraId":"INV-1","parentId":"A-1","accountId":"A-1","crmId":null,\
						"fields":{"Amount":12.5,"Lines":[1,2],"Note":"Grüße, \\"quoted\\"\\nnext line ✓ 😀","Nested":{"ok":true}}}""",
				"""
						{"objectType":"InvoiceItem","zuoraId":"INV-1-II1","parentId":"INV-1"}""");

		// when
		CliResult result = importRecords(file);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("Imported 3 source records").contains("3 new, 0 updated");
		assertThat(records()).containsExactly(
				row("Account", "A-1", null, "A-1", "001XYZ000000000", "{\"Name\":\"Acme\"}"),
				row("Invoice", "INV-1", "A-1", "A-1", null,
						"{\"Amount\":12.5,\"Lines\":[1,2],\"Note\":\"Grüße, \\\"quoted\\\"\\nnext line ✓ 😀\","
								+ "\"Nested\":{\"ok\":true}}"),
				row("InvoiceItem", "INV-1-II1", "INV-1", null, null, "{}"));
	}

	@Test
	void storesNullFieldsAsAnEmptyObject() {
		// given
		Path file = jsonl("""
				{"objectType":"Contact","zuoraId":"C-1","parentId":"A-1","fields":null}""");

		// when
		CliResult result = importRecords(file);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(records()).containsExactly(row("Contact", "C-1", "A-1", null, null, "{}"));
	}

	@Test
	void skipsBlankLines() {
		// given
		Path file = jsonl("", ACCOUNT, "   ", "");

		// when
		CliResult result = importRecords(file);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("Imported 1 source records");
		assertThat(records())
			.containsExactly(row("Account", "A-1", null, "A-1", "001XYZ000000000", "{\"Name\":\"Acme\"}"));
	}

	@Test
	void refreshesAListedRecordReplacingItsFieldsAndMovingUpdatedAt() {
		// given
		importOk(jsonl(ACCOUNT,
				"""
						{"objectType":"Invoice","zuoraId":"INV-1","parentId":"A-1","accountId":"A-1","fields":{"Amount":1,"Old":"x"}}"""));
		this.jdbc.sql("update source_record set updated_at = '2020-01-01T00:00:00Z'").update();
		Path refresh = jsonl("""
				{"objectType":"Account","zuoraId":"A-1","accountId":"A-1","crmId":null,"fields":{"Name":"Acme Ltd"}}""",
				"""
						{"objectType":"Invoice","zuoraId":"INV-1","parentId":"A-1","accountId":"A-1","fields":{"Amount":2}}""",
				"""
						{"objectType":"Invoice","zuoraId":"INV-2","parentId":"A-1","accountId":"A-1","fields":{}}""");

		// when
		CliResult result = importRecords(refresh);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("Imported 3 source records").contains("1 new, 2 updated");
		assertThat(records()).containsExactly(row("Account", "A-1", null, "A-1", null, "{\"Name\":\"Acme Ltd\"}"),
				row("Invoice", "INV-1", "A-1", "A-1", null, "{\"Amount\":2}"),
				row("Invoice", "INV-2", "A-1", "A-1", null, "{}"));
		assertThat(this.jdbc.sql("select min(updated_at) from source_record").query(OffsetDateTime.class).single())
			.isAfter(OffsetDateTime.parse("2020-01-01T00:00:00Z"));
	}

	@ParameterizedTest
	@MethodSource("filesWithAnInvalidLine")
	void rejectsTheWholeFileWhenOneLineIsInvalid(byte[] content, List<String> messages) {
		// given
		List<Map<String, Object>> before = listOneRecord();
		Map<String, Object> database = snapshot();
		Path file = write(content);

		// when
		CliResult result = importRecords(file);

		// then
		assertRejected(result, before, database, messages);
	}

	/**
	 * Files whose lines are valid but one (mostly line 2, after the valid line 1): what
	 * the message must say.
	 */
	static Stream<Arguments> filesWithAnInvalidLine() {
		return Stream.of(
				rejected("a bad line after blank lines, named by its line in the file", text("", ACCOUNT, "   ", """
						{"objectType":"Invoice","zuoraId":"INV-1","parentId":"A-1","crmId":7}"""),
						"line 4: crmId must be a string"),
				rejected("malformed JSON", text(ACCOUNT, "{\"objectType\":\"Invoice\",\"zuoraId\":"),
						"line 2: malformed JSON"),
				rejected("more than one value on a line",
						text(ACCOUNT, "{\"objectType\":\"Account\",\"zuoraId\":\"A-2\"} {\"objectType\":\"Account\"}"),
						"line 2: malformed JSON"),
				rejected("a line that is not an object", text(ACCOUNT, "[\"Account\",\"A-2\"]"),
						"line 2: expected a JSON object, one record per line"),
				rejected("an unknown property", text(ACCOUNT, """
						{"objectType":"Account","zuoraId":"A-2","crmID":"001"}"""),
						"line 2: unknown property 'crmID'; expected objectType, zuoraId, parentId, accountId, crmId, fields"),
				rejected("a property named twice", text(ACCOUNT, """
						{"objectType":"Account","zuoraId":"A-2","zuoraId":"A-3"}"""),
						"line 2: malformed JSON: Duplicate Object property \"zuoraId\""),
				rejected("an unknown object type", text(ACCOUNT, """
						{"objectType":"Invoce","zuoraId":"INV-1","parentId":"A-1"}"""),
						"line 2: unknown object type 'Invoce'; valid types: Account, Contact",
						"ProductRatePlanChargeTier"),
				rejected("a missing zuoraId", text(ACCOUNT, """
						{"objectType":"Invoice","parentId":"A-1"}"""), "line 2: missing zuoraId"),
				rejected("an ID that is not a string", text(ACCOUNT, """
						{"objectType":"Invoice","zuoraId":1234,"parentId":"A-1"}"""),
						"line 2: zuoraId must be a string"),
				rejected("an ID with surrounding spaces", text(ACCOUNT, """
						{"objectType":"Invoice","zuoraId":" INV-1","parentId":"A-1"}"""),
						"line 2: zuoraId ' INV-1' is not an ID"),
				rejected("a part of its parent without a parentId", text(ACCOUNT, """
						{"objectType":"InvoiceItem","zuoraId":"INV-1-II1","parentId":null}"""),
						"line 2: missing parentId: a InvoiceItem is part of its Invoice"),
				rejected("a root type with a parentId", text(ACCOUNT, """
						{"objectType":"Account","zuoraId":"A-2","parentId":"A-1"}"""),
						"line 2: a Account has no parent type, but parentId is set"),
				rejected("fields that are not an object", text(ACCOUNT, """
						{"objectType":"Account","zuoraId":"A-2","fields":["Name","Acme"]}"""),
						"line 2: fields must be a JSON object"),
				rejected("fields holding a NUL character", text(ACCOUNT, """
						{"objectType":"Account","zuoraId":"A-2","fields":{"Lines":[{"Name":"Ac\\u0000me"}]}}"""),
						"line 2: fields contain a NUL character"),
				rejected("a record listed twice", text("""
						{"objectType":"Invoice","zuoraId":"INV-1","parentId":"A-1"}""", ACCOUNT, """
						{"objectType":"Invoice","zuoraId":"INV-1","parentId":"A-1","fields":{"Amount":2}}"""),
						"lines 1 and 3: Invoice INV-1 is listed twice"),
				rejected("a line in ISO-8859-1", (ACCOUNT + "\n"
						+ "{\"objectType\":\"Account\",\"zuoraId\":\"A-2\",\"fields\":{\"Name\":\"Gr\u00fc\u00dfe\"}}\n")
					.getBytes(StandardCharsets.ISO_8859_1), "line 2: not valid UTF-8"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "001A1", "001XYZ00000000", "001XYZ0000000000", "001XYZ00000000000", "001XYZ0000000000000",
			"003XYZ000000000", "001XYZ-00000000", "001XYZ00000000É", "001XYZ00000000０" })
	void rejectsTheWholeFileWhenACrmIdCannotBeASalesforceAccountId(String crmId) {
		// given
		List<Map<String, Object>> before = listOneRecord();
		Map<String, Object> database = snapshot();
		Path file = jsonl(ACCOUNT, """
				{"objectType":"Account","zuoraId":"A-2","accountId":"A-2","crmId":"%s"}""".formatted(crmId));

		// when
		CliResult result = importRecords(file);

		// then
		assertRejected(result, before, database, List.of("line 2: crmId '" + crmId
				+ "' cannot be a Salesforce Account ID (15 or 18 letters and digits starting with 001)"));
	}

	@Test
	void acceptsCrmIdsOfFifteenAndEighteenCharacters() {
		// given
		Path file = jsonl("""
				{"objectType":"Account","zuoraId":"A-1","crmId":"001Xy0000000aB1"}""", """
				{"objectType":"Account","zuoraId":"A-2","crmId":"001Xy0000000aB1IAE"}""");

		// when
		CliResult result = importRecords(file);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(records()).containsExactly(row("Account", "A-1", null, null, "001Xy0000000aB1", "{}"),
				row("Account", "A-2", null, null, "001Xy0000000aB1IAE", "{}"));
	}

	@Test
	void acceptsAnEscapedBackslashBeforeU0000InFields() {
		// given
		Path file = jsonl("""
				{"objectType":"Account","zuoraId":"A-2","fields":{"Path":"C:\\\\u0000"}}""");

		// when
		CliResult result = importRecords(file);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(records()).containsExactly(row("Account", "A-2", null, null, null, "{\"Path\":\"C:\\\\u0000\"}"));
	}

	@Test
	void rejectsAFileThatIsNotThere() {
		// given
		List<Map<String, Object>> before = listOneRecord();
		Map<String, Object> database = snapshot();
		Path file = this.directory.resolve("missing.jsonl");

		// when
		CliResult result = importRecords(file);

		// then
		assertRejected(result, before, database, List.of("File not found: " + file));
	}

	/** Lists one record, as a rejected file must leave it; returns the table as it is. */
	private List<Map<String, Object>> listOneRecord() {
		importOk(jsonl("""
				{"objectType":"Account","zuoraId":"A-1","crmId":"001OLD000000000","fields":{"Name":"Old"}}"""));
		return records();
	}

	/**
	 * Checks that the import exited with 2 and a message holding {@code messages},
	 * leaving the table unchanged, and the rest of the database ({@code database} is its
	 * {@link #snapshot()} before).
	 */
	private void assertRejected(CliResult result, List<Map<String, Object>> before, Map<String, Object> database,
			List<String> messages) {
		assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
		assertThat(result.err()).startsWith("Invalid input: ");
		for (String message : messages) {
			assertThat(result.err()).contains(message);
		}
		assertThat(result.out()).isEmpty();
		assertThat(records()).isEqualTo(before);
		assertThat(snapshot()).isEqualTo(database);
	}

	private CliResult importRecords(Path file) {
		return cli("import-records", "--file", file.toString());
	}

	private void importOk(Path file) {
		CliResult result = importRecords(file);
		assertThat(result.exitCode()).as(result.err()).isZero();
	}

	/** The table, fields as parsed JSON (jsonb orders keys its own way). */
	private List<Map<String, Object>> records() {
		return this.jdbc.sql("""
				select object_type, zuora_id, parent_id, account_id, crm_id, fields::text as fields
				from source_record order by object_type collate "C", zuora_id collate "C"
				""")
			.query((rs, row) -> row(rs.getString("object_type"), rs.getString("zuora_id"), rs.getString("parent_id"),
					rs.getString("account_id"), rs.getString("crm_id"), rs.getString("fields")))
			.list();
	}

	private static Map<String, Object> row(String objectType, String zuoraId, String parentId, String accountId,
			String crmId, String fields) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("objectType", objectType);
		row.put("zuoraId", zuoraId);
		row.put("parentId", parentId);
		row.put("accountId", accountId);
		row.put("crmId", crmId);
		row.put("fields", JSON.readTree(fields));
		return row;
	}

	/**
	 * A case of {@code name} for a rejection test: the file's {@code content} and what
	 * the message must hold.
	 */
	private static Arguments rejected(String name, byte[] content, String... messages) {
		return argumentSet(name, content, List.of(messages));
	}

	/** {@code lines} as a UTF-8 file, each line ended by a line feed. */
	private static byte[] text(String... lines) {
		return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
	}

	private Path jsonl(String... lines) {
		return write(text(lines));
	}

	private Path write(byte[] content) {
		try {
			return Files.write(Files.createTempFile(this.directory, "records", ".jsonl"), content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
