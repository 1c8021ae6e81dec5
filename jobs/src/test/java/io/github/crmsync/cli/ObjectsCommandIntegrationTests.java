package io.github.crmsync.cli;

import java.util.List;
import java.util.Map;

import io.github.crmsync.PostgresIntegrationTests;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code objects}: the catalog as a table and as JSON.
 */
class ObjectsCommandIntegrationTests extends PostgresIntegrationTests {

	static final List<String> PRODUCT_CATALOG = List.of("Product", "ProductRatePlan", "ProductRatePlanCharge",
			"ProductRatePlanChargeTier");

	@Test
	void jsonListsTheWholeCatalogInSyncOrder() {
		// when
		CliResult result = cli("objects", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		List<Map<String, Object>> types = JsonMapper.builder()
			.build()
			.readValue(result.out(), new TypeReference<List<Map<String, Object>>>() {
			});
		assertThat(types).hasSize(23);
		assertThat(types).extracting((type) -> type.get("name"))
			.startsWith("Account", "Contact", "PaymentMethod", "Subscription", "RatePlan")
			.endsWith(PRODUCT_CATALOG.toArray());
		assertThat(types).extracting((type) -> (Integer) type.get("syncOrder")).isSorted();
		assertThat(types.get(0)).containsEntry("parent", null)
			.containsEntry("cascadesFromParent", false)
			.containsEntry("salesforceObject", "Zuora__CustomerAccount__c")
			.containsEntry("externalIdField", "Zuora__External_Id__c")
			.containsEntry("productCatalog", false)
			.containsEntry("enabled", true);
		assertThat(byName(types, "InvoicePayment")).containsEntry("parent", "Invoice")
			.containsEntry("cascadesFromParent", true)
			.containsEntry("salesforceObject", "Zuora__PaymentInvoice__c")
			.containsEntry("externalIdField", "Zuora__EXT_ID__c");
		assertThat(byName(types, "Contact")).containsEntry("parent", "Account")
			.containsEntry("cascadesFromParent", false);
		assertThat(types).filteredOn((type) -> Boolean.TRUE.equals(type.get("cascadesFromParent")))
			.extracting((type) -> type.get("name"))
			.containsExactly("RatePlan", "RatePlanCharge", "RatePlanChargeTier", "InvoiceItem", "TaxationItem",
					"InvoicePayment", "PaymentPart", "RefundInvoicePayment", "CreditMemoItem", "DebitMemoItem",
					"ProductRatePlan", "ProductRatePlanCharge", "ProductRatePlanChargeTier");
		assertThat(types).filteredOn((type) -> Boolean.TRUE.equals(type.get("productCatalog")))
			.extracting((type) -> type.get("name"))
			.containsExactlyElementsOf(PRODUCT_CATALOG);
		assertThat(types).filteredOn((type) -> Boolean.FALSE.equals(type.get("enabled")))
			.extracting((type) -> type.get("name"))
			.containsExactlyElementsOf(PRODUCT_CATALOG);
	}

	@Test
	void tableShowsOneRowPerTypeWithItsFlags() {
		// when
		CliResult result = cli("objects");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		List<List<String>> lines = result.out().lines().map((line) -> List.of(line.split(" {2,}"))).toList();
		assertThat(lines).hasSize(24);
		assertThat(lines.get(0)).containsExactly("NAME", "PARENT", "CASCADES", "SALESFORCE OBJECT", "EXTERNAL ID FIELD",
				"PRODUCT CATALOG", "ENABLED");
		assertThat(lines.get(1)).containsExactly("Account", "-", "no", "Zuora__CustomerAccount__c",
				"Zuora__External_Id__c", "no", "yes");
		assertThat(lines).contains(List.of("InvoiceItem", "Invoice", "yes", "Zuora__InvoiceItem__c",
				"Zuora__External_Id__c", "no", "yes"));
		assertThat(lines.get(23)).containsExactly("ProductRatePlanChargeTier", "ProductRatePlanCharge", "yes",
				"zqu__ProductRatePlanChargeTier__c", "Zuora__External_Id__c", "yes", "no");
	}

	@Test
	void showsTheCatalogAsStoredNotAsShipped() {
		// given
		this.jdbc.sql("update sync_object_type set enabled = true where name = 'Product'").update();
		this.jdbc.sql("update sync_object_type set enabled = false where name = 'TaxationItem'").update();

		// when
		CliResult result = cli("objects", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		List<Map<String, Object>> types = JsonMapper.builder()
			.build()
			.readValue(result.out(), new TypeReference<List<Map<String, Object>>>() {
			});
		assertThat(byName(types, "Product")).containsEntry("enabled", true);
		assertThat(byName(types, "TaxationItem")).containsEntry("enabled", false);
	}

	private static Map<String, Object> byName(List<Map<String, Object>> types, String name) {
		return types.stream().filter((type) -> name.equals(type.get("name"))).findFirst().orElseThrow();
	}

}
