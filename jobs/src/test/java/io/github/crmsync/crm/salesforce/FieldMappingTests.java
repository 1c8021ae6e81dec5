package io.github.crmsync.crm.salesforce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.crmsync.catalog.ObjectType;
import io.github.crmsync.crm.CrmRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The field mapping: the built-in file, an operator's file replacing sections of it, and
 * what a record becomes.
 */
class FieldMappingTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final List<String> CATALOG = List.of("Account", "Contact", "PaymentMethod", "Subscription", "RatePlan",
			"RatePlanCharge", "RatePlanChargeTier", "Invoice", "InvoiceItem", "TaxationItem", "InvoicePayment",
			"Payment", "PaymentPart", "Refund", "RefundInvoicePayment", "CreditMemo", "CreditMemoItem", "DebitMemo",
			"DebitMemoItem", "Product", "ProductRatePlan", "ProductRatePlanCharge", "ProductRatePlanChargeTier");

	static final ObjectType INVOICE = SalesforceCrmTests.INVOICE;

	static final ObjectType INVOICE_ITEM = SalesforceCrmTests.INVOICE_ITEM;

	static final ObjectType INVOICE_PAYMENT = new ObjectType("InvoicePayment", "Invoice", true,
			"Zuora__PaymentInvoice__c", "Zuora__EXT_ID__c", false, true, 110);

	@TempDir
	Path directory;

	@Test
	void theBuiltInMappingCoversTheCatalogAndPassesFieldsThroughUnderTheirNames() {
		// given
		FieldMapping mapping = FieldMapping.load(null);
		mapping.checkTypes(CATALOG);
		CrmRecord record = new CrmRecord("IP-1", "INV-1",
				fields("Name", "IP 1", "Zuora__Amount__c", 12.5, "sandboxReject", "x", "Zuora__EXT_ID__c", "forged"));

		// when
		String sobject = mapping.forType("InvoicePayment").toSObject(JSON, INVOICE_PAYMENT, INVOICE, record).toString();

		// then
		assertThat(sobject).isEqualTo("{\"attributes\":{\"type\":\"Zuora__PaymentInvoice__c\"},"
				+ "\"Zuora__EXT_ID__c\":\"IP-1\",\"Name\":\"IP 1\",\"Zuora__Amount__c\":12.5,"
				+ "\"Zuora__Invoice__r\":{\"Zuora__External_Id__c\":\"INV-1\"}}");
	}

	@Test
	void theBuiltInMappingLinksToTheAccountTheTypesWhoseDocumentedObjectHasTheAccountLookup() {
		// given
		FieldMapping mapping = FieldMapping.load(null);

		// when
		Map<String, String> links = new LinkedHashMap<>();
		for (String type : CATALOG) {
			String link = mapping.forType(type).accountLink();
			if (link != null) {
				links.put(type, link);
			}
		}

		// then
		assertThat(links).containsExactly(Map.entry("Account", "Zuora__Account__c"),
				Map.entry("Subscription", "Zuora__Account__c"), Map.entry("RatePlanCharge", "Zuora__Account__c"),
				Map.entry("Invoice", "Zuora__Account__c"), Map.entry("Payment", "Zuora__Account__c"),
				Map.entry("Refund", "Zuora__Account__c"));
	}

	@Test
	void sendsTheRecordsCrmAccountInTheLinkFieldAndNeverASourceFieldOfThatName() {
		// given
		TypeMapping invoices = FieldMapping.load(null).forType("Invoice");
		Map<String, Object> fields = fields("Name", "INV 1", "Zuora__Account__c", "001FORGED000000");

		// when
		String linked = invoices
			.toSObject(JSON, INVOICE, SalesforceCrmTests.ACCOUNT,
					new CrmRecord("INV-1", "A-1", fields, "001Xy0000000aB1"))
			.toString();
		String unlinked = invoices
			.toSObject(JSON, INVOICE, SalesforceCrmTests.ACCOUNT, new CrmRecord("INV-2", "A-1", fields, null))
			.toString();

		// then
		assertThat(linked).isEqualTo("{\"attributes\":{\"type\":\"Zuora__ZInvoice__c\"},"
				+ "\"Zuora__External_Id__c\":\"INV-1\",\"Name\":\"INV 1\","
				+ "\"Zuora__BillingAccount__r\":{\"Zuora__External_Id__c\":\"A-1\"},"
				+ "\"Zuora__Account__c\":\"001Xy0000000aB1\"}");
		assertThat(unlinked).isEqualTo("{\"attributes\":{\"type\":\"Zuora__ZInvoice__c\"},"
				+ "\"Zuora__External_Id__c\":\"INV-2\",\"Name\":\"INV 1\","
				+ "\"Zuora__BillingAccount__r\":{\"Zuora__External_Id__c\":\"A-1\"}}");
	}

	@Test
	void anOperatorsFileChoosesWhichTypesCarryTheLinkAndUnderWhichField() throws IOException {
		// given
		Path file = Files.writeString(this.directory.resolve("mapping.yml"), """
				types:
				  Invoice:
				    parent-relationship: Zuora__BillingAccount__r
				    account-link: none
				  InvoiceItem:
				    parent-relationship: Zuora__Invoice__r
				    account-link: Sales_Account__c
				""");
		FieldMapping mapping = FieldMapping.load(file);
		CrmRecord item = new CrmRecord("II-1", "INV-1", Map.of(), "001Xy0000000aB1");

		// when
		String sent = mapping.forType("InvoiceItem").toSObject(JSON, INVOICE_ITEM, INVOICE, item).toString();

		// then
		assertThat(sent).isEqualTo("{\"attributes\":{\"type\":\"Zuora__InvoiceItem__c\"},"
				+ "\"Zuora__External_Id__c\":\"II-1\",\"Zuora__Invoice__r\":{\"Zuora__External_Id__c\":\"INV-1\"},"
				+ "\"Sales_Account__c\":\"001Xy0000000aB1\"}");
		assertThat(mapping.forType("Invoice").accountLink()).isNull();
		assertThat(mapping.forType("Payment").accountLink()).isEqualTo("Zuora__Account__c");
	}

	@Test
	void anAccountLinkThatIsNotAFieldOrIsInTheDefaultsIsRefused() throws IOException {
		// given
		Path relationship = Files.writeString(this.directory.resolve("a.yml"),
				"types:\n  Invoice:\n    account-link: Zuora__Account__r\n");
		Path blank = Files.writeString(this.directory.resolve("b.yml"), "types:\n  Invoice:\n    account-link: ''\n");
		Path inDefaults = Files.writeString(this.directory.resolve("c.yml"),
				"defaults:\n  account-link: Zuora__Account__c\n");

		// when / then
		assertThatIllegalStateException().isThrownBy(() -> FieldMapping.load(relationship))
			.withMessageContaining("a.yml is invalid at types.Invoice.account-link: must name the Salesforce field");
		assertThatIllegalStateException().isThrownBy(() -> FieldMapping.load(blank))
			.withMessageContaining("b.yml is invalid at types.Invoice.account-link");
		assertThatIllegalStateException().isThrownBy(() -> FieldMapping.load(inDefaults))
			.withMessageContaining("c.yml is invalid at defaults.account-link: belongs to a type's section");
	}

	@Test
	void anOperatorsFileReplacesTheSectionsItHas() throws IOException {
		// given
		Path file = Files.writeString(this.directory.resolve("mapping.yml"), """
				types:
				  InvoiceItem:
				    unmapped: drop
				    fields:
				      Amount: Zuora__ChargeAmount__c
				      Name: Name
				    ignore: [Internal]
				    parent-relationship: Zuora__ParentInvoice__r
				""");
		FieldMapping mapping = FieldMapping.load(file);
		CrmRecord record = new CrmRecord("II-1", "INV-1",
				fields("Amount", 3, "Name", "Item", "Other", true, "sandboxReject", "x"));

		// when
		String item = mapping.forType("InvoiceItem").toSObject(JSON, INVOICE_ITEM, INVOICE, record).toString();
		TypeMapping invoice = mapping.forType("Invoice");

		// then
		assertThat(item).isEqualTo("{\"attributes\":{\"type\":\"Zuora__InvoiceItem__c\"},"
				+ "\"Zuora__External_Id__c\":\"II-1\",\"Zuora__ChargeAmount__c\":3,\"Name\":\"Item\","
				+ "\"Zuora__ParentInvoice__r\":{\"Zuora__External_Id__c\":\"INV-1\"}}");
		assertThat(invoice.parentRelationship()).isEqualTo("Zuora__BillingAccount__r");
		assertThat(invoice.ignore()).containsExactly("sandboxReject");
	}

	@Test
	void derivesAParentRelationshipNotConfiguredAndSendsNoneWhenAskedTo() throws IOException {
		// given
		Path file = Files.writeString(this.directory.resolve("mapping.yml"), """
				types:
				  InvoiceItem: {}
				  Invoice:
				    parent-relationship: none
				""");
		FieldMapping mapping = FieldMapping.load(file);

		// when / then
		assertThat(mapping.forType("InvoiceItem").relationshipTo(INVOICE)).isEqualTo("Zuora__ZInvoice__r");
		assertThat(mapping.forType("Invoice").relationshipTo(SalesforceCrmTests.ACCOUNT)).isNull();
	}

	@Test
	void anInvalidFileIsRefusedNamingWhereAndWhy() throws IOException {
		// given
		Path unknownKey = Files.writeString(this.directory.resolve("a.yml"), "types:\n  Invoice:\n    field: {}\n");
		Path badUnmapped = Files.writeString(this.directory.resolve("b.yml"), "defaults:\n  unmapped: keep\n");
		Path notYaml = Files.writeString(this.directory.resolve("c.yml"), "types: [\n");

		// when / then
		assertThatIllegalStateException().isThrownBy(() -> FieldMapping.load(unknownKey))
			.withMessageContaining("a.yml is invalid at types.Invoice.field: unknown key");
		assertThatIllegalStateException().isThrownBy(() -> FieldMapping.load(badUnmapped))
			.withMessageContaining("defaults.unmapped: must be pass or drop, not keep");
		assertThatIllegalStateException().isThrownBy(() -> FieldMapping.load(notYaml))
			.withMessageContaining("c.yml is not valid YAML");
		assertThatIllegalStateException().isThrownBy(() -> FieldMapping.load(this.directory.resolve("none.yml")))
			.withMessageContaining("CRM_SALESFORCE_MAPPING_FILE");
	}

	@Test
	void aSectionForATypeOutsideTheCatalogIsRefused() throws IOException {
		// given
		Path file = Files.writeString(this.directory.resolve("mapping.yml"), "types:\n  InvoiceItems: {}\n");

		// when / then
		assertThatIllegalStateException().isThrownBy(() -> FieldMapping.load(file).checkTypes(CATALOG))
			.withMessageContaining("not in the catalog: InvoiceItems");
	}

	private static Map<String, Object> fields(Object... namesAndValues) {
		Map<String, Object> fields = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return fields;
	}

}
