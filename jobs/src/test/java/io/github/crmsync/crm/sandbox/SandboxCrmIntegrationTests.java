package io.github.crmsync.crm.sandbox;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.github.crmsync.ControllableCrm;
import io.github.crmsync.PostgresIntegrationTests;
import io.github.crmsync.catalog.CatalogRepository;
import io.github.crmsync.catalog.ObjectType;
import io.github.crmsync.crm.CrmOutcome;
import io.github.crmsync.crm.CrmPort;
import io.github.crmsync.crm.CrmRecord;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The sandbox CRM, the default {@link CrmPort}: what it stores and what it rejects.
 */
class SandboxCrmIntegrationTests extends PostgresIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	CrmPort crm;

	@Autowired
	CatalogRepository catalogRepository;

	@Test
	void isTheDefaultCrm() {
		// when
		CrmPort port = this.context.getBean(CrmPort.class);

		// then
		assertThat(((ControllableCrm) port).delegate()).isInstanceOf(SandboxCrm.class);
	}

	@Test
	void storesEachRecordKeyedBySalesforceObjectAndExternalId() {
		// given
		List<CrmRecord> records = List.of(new CrmRecord("INV-1", "A-1", Map.of("Amount", 12.5, "Note", "Grüße ✓")),
				new CrmRecord("INV-2", "A-1", Map.of("Lines", List.of(1, 2))));

		// when
		List<CrmOutcome> outcomes = this.crm.upsert(type("Invoice"), records);

		// then
		assertThat(outcomes).containsExactly(CrmOutcome.success("INV-1"), CrmOutcome.success("INV-2"));
		assertThat(stored()).containsExactly(
				tuple("Zuora__ZInvoice__c", "INV-1", "Invoice", "A-1",
						JSON.readTree("{\"Amount\":12.5,\"Note\":\"Grüße ✓\"}"), 1),
				tuple("Zuora__ZInvoice__c", "INV-2", "Invoice", "A-1", JSON.readTree("{\"Lines\":[1,2]}"), 1));
	}

	@Test
	void aResyncUpdatesTheRecordInsteadOfAddingOne() {
		// given
		this.crm.upsert(type("Invoice"), List.of(new CrmRecord("INV-1", "A-1", Map.of("Amount", 1))));
		OffsetDateTime firstUpsert = upsertedAt("first_upserted_at");

		// when
		List<CrmOutcome> outcomes = this.crm.upsert(type("Invoice"),
				List.of(new CrmRecord("INV-1", "A-2", Map.of("Amount", 2))));

		// then
		assertThat(outcomes).containsExactly(CrmOutcome.success("INV-1"));
		assertThat(stored()).containsExactly(
				tuple("Zuora__ZInvoice__c", "INV-1", "Invoice", "A-2", JSON.readTree("{\"Amount\":2}"), 2));
		assertThat(upsertedAt("first_upserted_at")).isEqualTo(firstUpsert);
		assertThat(upsertedAt("last_upserted_at")).isAfter(firstUpsert);
	}

	@Test
	void keepsTheCrmAccountEachRecordLandedOnAndMovesItWhenItsAccountIsReLinked() {
		// given
		this.crm.upsert(type("Invoice"), List.of(new CrmRecord("INV-1", "A-1", Map.of(), "0010000000000A1"),
				new CrmRecord("INV-2", "A-2", Map.of(), "0010000000000A2"), new CrmRecord("INV-3", null, Map.of())));

		// when
		List<CrmOutcome> outcomes = this.crm.upsert(type("Invoice"),
				List.of(new CrmRecord("INV-1", "A-1", Map.of(), "0010000000000B7")));

		// then
		assertThat(outcomes).containsExactly(CrmOutcome.success("INV-1"));
		assertThat(this.jdbc
			.sql("select external_id, crm_account_id, upsert_count from crm_sandbox_record order by external_id")
			.query((rs, row) -> tuple(rs.getString(1), rs.getString(2), rs.getInt(3)))
			.list()).containsExactly(tuple("INV-1", "0010000000000B7", 2), tuple("INV-2", "0010000000000A2", 1),
					tuple("INV-3", null, 1));
	}

	@Test
	void keepsTheSameExternalIdOfTwoObjectsApart() {
		// given
		this.crm.upsert(type("Invoice"), List.of(new CrmRecord("X-1", "A-1", Map.of())));

		// when
		this.crm.upsert(type("Payment"), List.of(new CrmRecord("X-1", "A-1", Map.of())));

		// then
		assertThat(stored()).extracting((row) -> row.toList().get(0))
			.containsExactly("Zuora__Payment__c", "Zuora__ZInvoice__c");
	}

	@Test
	void rejectsARecordThatAsksForItWithItsMessageAndStoresTheOthers() {
		// given
		List<CrmRecord> records = List.of(new CrmRecord("INV-1", "A-1", Map.of()),
				new CrmRecord("INV-2", "A-1",
						Map.of("sandboxReject", "FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount must not be negative")),
				new CrmRecord("INV-3", "A-1", Map.of()));

		// when
		List<CrmOutcome> outcomes = this.crm.upsert(type("Invoice"), records);

		// then
		assertThat(outcomes).containsExactly(CrmOutcome.success("INV-1"),
				CrmOutcome.rejected("INV-2", "FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount must not be negative"),
				CrmOutcome.success("INV-3"));
		assertThat(stored()).extracting((row) -> row.toList().get(1)).containsExactly("INV-1", "INV-3");
	}

	@Test
	void rejectsAnExternalIdThatComesTwiceInOneCall() {
		// given
		List<CrmRecord> records = List.of(new CrmRecord("INV-1", "A-1", Map.of("Amount", 1)),
				new CrmRecord("INV-1", "A-1", Map.of("Amount", 2)));

		// when
		List<CrmOutcome> outcomes = this.crm.upsert(type("Invoice"), records);

		// then
		assertThat(outcomes).extracting(CrmOutcome::externalId, CrmOutcome::status)
			.containsExactly(tuple("INV-1", CrmOutcome.Status.SUCCESS), tuple("INV-1", CrmOutcome.Status.REJECTED));
		assertThat(outcomes.get(1).message()).startsWith("DUPLICATE_EXTERNAL_ID: ").contains("INV-1");
		assertThat(stored()).containsExactly(
				tuple("Zuora__ZInvoice__c", "INV-1", "Invoice", "A-1", JSON.readTree("{\"Amount\":1}"), 1));
	}

	@Test
	void takesTwoHundredRecordsInOneCall() {
		// given
		List<CrmRecord> records = records(CrmPort.MAX_BATCH_SIZE);

		// when
		List<CrmOutcome> outcomes = this.crm.upsert(type("InvoiceItem"), records);

		// then
		assertThat(outcomes).hasSize(200).allMatch(CrmOutcome::succeeded);
		assertThat(stored()).hasSize(200);
	}

	@Test
	void refusesMoreThanTwoHundredRecordsInOneCall() {
		// given
		List<CrmRecord> records = records(CrmPort.MAX_BATCH_SIZE + 1);

		// when / then
		assertThatIllegalArgumentException().isThrownBy(() -> this.crm.upsert(type("InvoiceItem"), records))
			.withMessage("At most 200 records per call, got 201");
		assertThat(stored()).isEmpty();
	}

	private static List<CrmRecord> records(int count) {
		return IntStream.rangeClosed(1, count)
			.mapToObj((i) -> new CrmRecord("INV-1-II" + i, "INV-1", Map.of("Line", i)))
			.toList();
	}

	private ObjectType type(String name) {
		return this.catalogRepository.load().find(name).orElseThrow();
	}

	/**
	 * (salesforce_object, external_id, object_type, parent_external_id, fields,
	 * upsert_count) of every row.
	 */
	private List<Tuple> stored() {
		return this.jdbc
			.sql("""
					select salesforce_object, external_id, object_type, parent_external_id, fields::text as fields, upsert_count
					from crm_sandbox_record order by salesforce_object collate "C", external_id collate "C"
					""")
			.query((rs, row) -> tuple(rs.getString("salesforce_object"), rs.getString("external_id"),
					rs.getString("object_type"), rs.getString("parent_external_id"),
					(JsonNode) JSON.readTree(rs.getString("fields")), rs.getInt("upsert_count")))
			.list();
	}

	private OffsetDateTime upsertedAt(String column) {
		return this.jdbc.sql("select " + column + " from crm_sandbox_record").query(OffsetDateTime.class).single();
	}

}
