package io.github.crmsync.cli;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.crmsync.PostgresIntegrationTests;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code failures show <zuoraId>}: every field, the whole message, the source record and
 * a summary of the records that cascade from it, as JSON and as a table; a record that is
 * gone; an ID that is not listed.
 */
class FailureShowCommandIntegrationTests extends PostgresIntegrationTests {

	static final String MESSAGE = "FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount must not be negative\n"
			+ "  at line 2, \"quoted\", Grüße ✓\r\nthird line " + "x".repeat(300);

	static final Instant FIRST_FAILED = Instant.parse("2026-11-10T08:00:00.123456Z");

	static final Instant LAST_FAILED = Instant.parse("2026-11-20T11:30:00Z");

	@Test
	void showsAFailureByTheRowIdThatTheListShowsFirst() {
		// given
		long id = invoiceWithChildren();

		// when
		CliResult byRowId = cli("failures", "show", String.valueOf(id), "--format", "json");
		CliResult unknownRowId = cli("failures", "show", String.valueOf(id + 1000));

		// then
		assertThat(byRowId.exitCode()).as(byRowId.err()).isZero();
		assertThat(json(byRowId)).singleElement().satisfies((failure) -> {
			assertThat(failure).containsEntry("id", (int) id).containsEntry("zuoraId", "INV-1");
			assertThat(failure).containsKey("cascadedRecords");
		});
		assertThat(unknownRowId.exitCode()).isEqualTo(2);
		assertThat(unknownRowId.err()).contains("no failure is listed for Zuora ID (or row ID) '" + (id + 1000) + "'");
	}

	@Test
	void showsEveryFieldTheWholeMessageTheSourceRecordAndItsChildrenAsJson() {
		// given
		long id = invoiceWithChildren();

		// when
		CliResult result = cli("failures", "show", "INV-1", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		List<Map<String, Object>> shown = json(result);
		assertThat(shown).hasSize(1);
		Map<String, Object> failure = shown.get(0);
		assertThat(failure).containsOnlyKeys("id", "zuoraId", "objectType", "errorCode", "errorMessage", "syncDate",
				"firstFailedAt", "attempts", "sourceRecord", "crmLink", "cascadedRecords");
		assertThat(failure).containsEntry("id", (int) id)
			.containsEntry("zuoraId", "INV-1")
			.containsEntry("objectType", "Invoice")
			.containsEntry("errorCode", "DACO-01")
			.containsEntry("errorMessage", MESSAGE)
			.containsEntry("syncDate", "2026-11-20T11:30:00Z")
			.containsEntry("firstFailedAt", "2026-11-10T08:00:00.123456Z")
			.containsEntry("attempts", 3);
		Map<String, Object> source = map(failure.get("sourceRecord"));
		assertThat(source).containsEntry("parentId", "A1")
			.containsEntry("accountId", "A1")
			.containsEntry("crmId", null);
		assertThat(map(source.get("fields")))
			.isEqualTo(Map.of("Name", "Invoice 1", "Zuora__Amount__c", 10.5, "Lines", List.of("a", "b")));
		assertThat(map(failure.get("crmLink"))).containsOnlyKeys("account", "crmId", "problem")
			.containsEntry("account", "A1")
			.containsEntry("crmId", "0010000000000A1")
			.containsEntry("problem", null);
		assertThat(map(failure.get("cascadedRecords"))).isEqualTo(Map.of("InvoiceItem",
				Map.of("records", 3, "failing", 2), "TaxationItem", Map.of("records", 1, "failing", 0)));
	}

	@Test
	void showsTheCrmAccountEachRecordWillBeLinkedToOrWhyItCannotBe() {
		// given
		account("A1", "0010000000000A1");
		account("A2", null);
		account("A3", "001A3");
		record("Payment", "PAY-1", "A1", "A1", null, "{}");
		record("Payment", "PAY-2", "A2", "A2", null, "{}");
		record("Payment", "PAY-3", "A3", "A3", null, "{}");
		for (String id : List.of("A1", "PAY-1", "PAY-2", "PAY-3")) {
			failure(id.startsWith("A") ? "Account" : "Payment", id, "DACO-01", "x", LAST_FAILED, LAST_FAILED);
		}

		// when
		Map<String, Object> account = json(cli("failures", "show", "A1", "--format", "json")).get(0);
		Map<String, Object> linked = json(cli("failures", "show", "PAY-1", "--format", "json")).get(0);
		Map<String, Object> missing = json(cli("failures", "show", "PAY-2", "--format", "json")).get(0);
		Map<String, Object> invalid = json(cli("failures", "show", "PAY-3", "--format", "json")).get(0);
		CliResult table = cli("failures", "show", "PAY-1");

		// then
		assertThat(map(account.get("crmLink"))).containsEntry("account", "A1")
			.containsEntry("crmId", "0010000000000A1")
			.containsEntry("problem", null);
		assertThat(map(linked.get("crmLink"))).containsEntry("account", "A1")
			.containsEntry("crmId", "0010000000000A1")
			.containsEntry("problem", null);
		assertThat(map(missing.get("crmLink"))).containsEntry("account", "A2")
			.containsEntry("crmId", null)
			.containsEntry("problem", "Missing CRM ID: account A2 is not linked to a CRM account");
		assertThat(map(invalid.get("crmLink"))).containsEntry("account", "A3")
			.containsEntry("crmId", "001A3")
			.hasEntrySatisfying("problem", (problem) -> assertThat((String) problem).startsWith(
					"Invalid CRM ID: account A3 is linked to '001A3', which cannot be a Salesforce Account ID"));
		assertThat(table.out()).contains("crmLink").contains("\"crmId\" : \"0010000000000A1\"");
	}

	@Test
	void printsTheWholeMessageOnItsOwnLinesInTheTable() {
		// given
		invoiceWithChildren();

		// when
		CliResult result = cli("failures", "show", "INV-1");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		List<String> lines = result.out().lines().toList();
		assertThat(lines).contains("zuoraId          INV-1", "objectType       Invoice", "errorCode        DACO-01",
				"syncDate         2026-11-20T11:30:00Z", "firstFailedAt    2026-11-10T08:00:00.123456Z",
				"attempts         3", "errorMessage:",
				"    FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount must not be negative",
				"      at line 2, \"quoted\", Grüße ✓", "    third line " + "x".repeat(300));
		assertThat(result.out()).contains("\"InvoiceItem\"").contains("\"records\" : 3").contains("\"failing\" : 2");
	}

	@Test
	void saysSoWhenTheSourceRecordIsGone() {
		// given
		failure("Invoice", "GONE-1", "DACO-99", "deleted in Zuora", LAST_FAILED, FIRST_FAILED);

		// when
		CliResult result = cli("failures", "show", "GONE-1", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		Map<String, Object> failure = json(result).get(0);
		assertThat(failure).containsEntry("zuoraId", "GONE-1")
			.containsEntry("errorMessage", "deleted in Zuora")
			.containsEntry("sourceRecord", null)
			.containsEntry("note", "the source record no longer exists in the billing system")
			.doesNotContainKey("cascadedRecords");
	}

	@Test
	void showsEveryTypeListedForOneZuoraIdUnlessNarrowedByObjectType() {
		// given
		failure("Invoice", "SAME-1", "DACO-01", "as an invoice", LAST_FAILED, FIRST_FAILED);
		failure("Account", "SAME-1", "DACO-02", "as an account", LAST_FAILED, FIRST_FAILED);

		// when
		CliResult both = cli("failures", "show", "SAME-1", "--format", "json");
		CliResult invoice = cli("failures", "show", "SAME-1", "--object-type", "Invoice", "--format", "json");

		// then
		assertThat(both.exitCode()).as(both.err()).isZero();
		assertThat(json(both)).extracting((failure) -> failure.get("objectType")).containsExactly("Account", "Invoice");
		assertThat(json(invoice)).extracting((failure) -> failure.get("errorMessage")).containsExactly("as an invoice");
	}

	@Test
	void refusesAZuoraIdThatIsNotListed() {
		// given
		failure("Invoice", "INV-1", "DACO-01", "x", LAST_FAILED, FIRST_FAILED);

		// when
		CliResult unknown = cli("failures", "show", "INV-404");
		CliResult otherType = cli("failures", "show", "INV-1", "--object-type", "Account");
		CliResult missing = cli("failures", "show");

		// then
		assertThat(List.of(unknown, otherType, missing)).extracting(CliResult::exitCode).containsOnly(2);
		assertThat(unknown.err()).contains("no failure is listed for Zuora ID (or row ID) 'INV-404'");
		assertThat(otherType.err()).contains("no failure is listed for Zuora ID (or row ID) 'INV-1' of type Account");
		assertThat(missing.err()).contains("ZUORA_ID");
		assertThat(unknown.out() + otherType.out() + missing.out()).isEmpty();
	}

	/**
	 * Invoice INV-1 (failing, attempt 3) with three items (two of them failing), a
	 * taxation item and a failing invoice payment of a disabled type (not counted:
	 * nothing cascades to a disabled type); INV-2 has an item too.
	 */
	private long invoiceWithChildren() {
		record("Account", "A1", null, "A1", "0010000000000A1", "{}");
		record("Invoice", "INV-1", "A1", "A1", null,
				"{\"Name\": \"Invoice 1\", \"Zuora__Amount__c\": 10.5, \"Lines\": [\"a\", \"b\"]}");
		record("InvoiceItem", "II-1", "INV-1", "A1", null, "{}");
		record("InvoiceItem", "II-2", "INV-1", "A1", null, "{}");
		record("InvoiceItem", "II-3", "INV-1", "A1", null, "{}");
		record("TaxationItem", "TX-1", "INV-1", "A1", null, "{}");
		record("InvoicePayment", "IP-1", "INV-1", "A1", null, "{}");
		record("Invoice", "INV-2", "A1", "A1", null, "{}");
		record("InvoiceItem", "II-9", "INV-2", "A1", null, "{}");
		this.jdbc.sql("update sync_object_type set enabled = false where name = 'InvoicePayment'").update();
		long id = failure("Invoice", "INV-1", "DACO-01", MESSAGE, LAST_FAILED, FIRST_FAILED);
		this.jdbc.sql("update sync_failure set attempts = 3 where id = ?").param(id).update();
		failure("InvoiceItem", "II-1", "DACO-99", "x", LAST_FAILED, LAST_FAILED);
		failure("InvoiceItem", "II-3", "DACO-01", "x", LAST_FAILED, LAST_FAILED);
		failure("InvoiceItem", "II-9", "DACO-01", "x", LAST_FAILED, LAST_FAILED);
		failure("InvoicePayment", "IP-1", "DACO-01", "x", LAST_FAILED, LAST_FAILED);
		return id;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	private static List<Map<String, Object>> json(CliResult result) {
		return JsonMapper.builder().build().readValue(result.out(), new TypeReference<List<Map<String, Object>>>() {
		});
	}

}
