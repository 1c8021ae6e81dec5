package io.github.crmsync.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.crmsync.PostgresIntegrationTests;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sync Object Enablement: {@code enable}, {@code disable}, {@code settings [set]}, their
 * rules (all or nothing, the product catalog needs Zuora Quotes) and what a disabled
 * parent with enabled children means for the daily retry.
 */
class EnablementIntegrationTests extends PostgresIntegrationTests {

	@Test
	void disableAndEnableChangeTheEnabledFlags() {
		// when
		CliResult disabled = cli("disable", "Contact", "PaymentMethod");

		// then
		assertThat(disabled.exitCode()).as(disabled.err()).isZero();
		assertThat(disabled.out()).isEqualTo("Disabled Contact, PaymentMethod\n");
		assertThat(enabled("Contact", "PaymentMethod", "Account")).containsExactly(false, false, true);

		// when
		CliResult enabled = cli("enable", "Contact");

		// then
		assertThat(enabled.exitCode()).as(enabled.err()).isZero();
		assertThat(enabled.out()).isEqualTo("Enabled Contact\n");
		assertThat(enabled("Contact", "PaymentMethod", "Account")).containsExactly(true, false, true);
	}

	@Test
	void refusesAnUnknownTypeListingTheValidOnesAndChangesNothing() {
		// given
		List<Map<String, Object>> before = catalog();

		// when
		CliResult disable = cli("disable", "Contact", "Invoce", "Payment");
		CliResult enable = cli("enable", "Widget");

		// then
		assertThat(disable.exitCode()).isEqualTo(2);
		assertThat(disable.err())
			.contains("unknown object type(s) Invoce; valid types: Account, Contact, PaymentMethod, ")
			.contains("ProductRatePlanChargeTier");
		assertThat(enable.exitCode()).isEqualTo(2);
		assertThat(enable.err()).contains("unknown object type(s) Widget; valid types: Account");
		assertThat(disable.out() + enable.out()).isEmpty();
		assertThat(catalog()).isEqualTo(before);
	}

	@Test
	void refusesAProductCatalogTypeWhileZuoraQuotesIsNotInstalledAndChangesNothing() {
		// given
		List<Map<String, Object>> before = catalog();

		// when
		CliResult result = cli("enable", "Contact", "Product", "ProductRatePlan");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("Product, ProductRatePlan belong to the product catalog, which syncs only "
				+ "where Zuora Quotes is set up: run `settings set zuora-quotes-installed true` first");
		assertThat(catalog()).isEqualTo(before);
	}

	@Test
	void enablesTheProductCatalogOnceZuoraQuotesIsInstalled() {
		// when
		CliResult set = cli("settings", "set", "zuora-quotes-installed", "TRUE");
		CliResult enable = cli("enable", "Product", "ProductRatePlan");

		// then
		assertThat(set.exitCode()).as(set.err()).isZero();
		assertThat(set.out()).isEqualTo("zuora-quotes-installed = true\n");
		assertThat(zuoraQuotesInstalled()).isTrue();
		assertThat(enable.exitCode()).as(enable.err()).isZero();
		assertThat(enabled("Product", "ProductRatePlan", "ProductRatePlanCharge")).containsExactly(true, true, false);
	}

	@Test
	void refusesToMarkZuoraQuotesUninstalledWhileProductCatalogTypesAreEnabled() {
		// given
		cli("settings", "set", "zuora-quotes-installed", "true");
		cli("enable", "Product", "ProductRatePlan");

		// when
		CliResult refused = cli("settings", "set", "zuora-quotes-installed", "false");

		// then
		assertThat(refused.exitCode()).isEqualTo(2);
		assertThat(refused.err()).contains("the product catalog types Product, ProductRatePlan are enabled: disable "
				+ "them before marking Zuora Quotes as not installed");
		assertThat(zuoraQuotesInstalled()).isTrue();

		// when
		cli("disable", "Product", "ProductRatePlan");
		CliResult accepted = cli("settings", "set", "zuora-quotes-installed", "false");

		// then
		assertThat(accepted.exitCode()).as(accepted.err()).isZero();
		assertThat(zuoraQuotesInstalled()).isFalse();
	}

	@Test
	void refusesAnUnknownSettingOrABadValue() {
		// when
		CliResult name = cli("settings", "set", "zuora-quotes", "true");
		CliResult value = cli("settings", "set", "zuora-quotes-installed", "yes");
		CliResult missing = cli("settings", "set", "zuora-quotes-installed");

		// then
		assertThat(List.of(name, value, missing)).extracting(CliResult::exitCode).containsOnly(2);
		assertThat(name.err()).contains("unknown setting 'zuora-quotes'; settings: zuora-quotes-installed");
		assertThat(value.err()).contains("zuora-quotes-installed takes true or false, not 'yes'");
		assertThat(missing.err()).contains("VALUE");
		assertThat(zuoraQuotesInstalled()).isFalse();
	}

	@Test
	void showsTheSettingsAsATableAndAsJson() {
		// given
		cli("settings", "set", "zuora-quotes-installed", "true");

		// when
		CliResult table = cli("settings");
		CliResult json = cli("settings", "--format", "json");

		// then
		assertThat(table.exitCode()).isZero();
		assertThat(table.out()).isEqualTo("zuora-quotes-installed = true\n");
		assertThat(json.exitCode()).isZero();
		assertThat(JsonMapper.builder().build().readValue(json.out(), new TypeReference<Map<String, Object>>() {
		})).isEqualTo(Map.of("zuora-quotes-installed", true));
	}

	@Test
	void disablingAParentNotesTheChildrenItLeavesEnabled() {
		// when
		CliResult result = cli("disable", "Invoice", "TaxationItem");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).isEqualTo("""
				Disabled Invoice, TaxationItem
				Note: Invoice is disabled but its children InvoiceItem, InvoicePayment stay enabled: their own \
				failures are still retried; nothing cascades from Invoice
				""");
		assertThat(enabled("Invoice", "InvoiceItem", "TaxationItem", "InvoicePayment")).containsExactly(false, true,
				false, true);
	}

	@Test
	void enablingAChildOfADisabledParentNotesIt() {
		// given
		cli("disable", "Subscription", "RatePlan");

		// when
		CliResult result = cli("enable", "RatePlan");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("Note: RatePlan is enabled but its parent Subscription is not: its records "
				+ "sync only if their Subscription is in the CRM already");
		assertThat(enabled("Subscription", "RatePlan")).containsExactly(false, true);
	}

	@Test
	void objectsShowsTheChangedFlags() {
		// given
		cli("disable", "Invoice");

		// when
		CliResult result = cli("objects", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		List<Map<String, Object>> objects = JsonMapper.builder()
			.build()
			.readValue(result.out(), new TypeReference<List<Map<String, Object>>>() {
			});
		assertThat(objects).filteredOn((type) -> type.get("name").equals("Invoice"))
			.singleElement()
			.satisfies((type) -> assertThat(type).containsEntry("enabled", false));
		assertThat(objects).filteredOn((type) -> type.get("name").equals("InvoiceItem"))
			.singleElement()
			.satisfies((type) -> assertThat(type).containsEntry("enabled", true));
		assertThat(cli("objects").out().lines().filter((line) -> line.startsWith("Invoice "))).singleElement()
			.asString()
			.endsWith("no");
	}

	@Test
	void aDisabledParentIsSkippedByTheDailyRetryWhileItsEnabledChildrenAreRetriedAlone() {
		// given
		record("Account", "A1", null, "A1", "0010000000000A1", "{}");
		record("Invoice", "INV-1", "A1", "A1", null, "{}");
		record("InvoiceItem", "II-1", "INV-1", "A1", null, "{}");
		record("InvoiceItem", "II-2", "INV-1", "A1", null, "{}");
		Instant inWindow = Instant.parse("2026-11-18T00:00:00Z");
		failure("Invoice", "INV-1", "DACO-01", "x", inWindow, inWindow);
		failure("InvoiceItem", "II-1", "DACO-01", "x", inWindow, inWindow);
		cli("disable", "Invoice");

		// when
		CliResult result = cli("daily-retry", "--now", "2026-11-20T12:00:00Z", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("\"read\" : 1").contains("\"skippedDisabledType\" : 1");
		assertThat(this.jdbc.sql("select zuora_id from sync_failure").query(String.class).list())
			.containsExactly("INV-1");
		assertThat(this.jdbc.sql("select external_id from crm_sandbox_record").query(String.class).list())
			.containsExactly("II-1");
	}

	private List<Boolean> enabled(String... names) {
		return List.of(names)
			.stream()
			.map((name) -> this.jdbc.sql("select enabled from sync_object_type where name = ?")
				.param(name)
				.query(Boolean.class)
				.single())
			.toList();
	}

	private List<Map<String, Object>> catalog() {
		return this.jdbc.sql("select * from sync_object_type order by sync_order").query().listOfRows();
	}

	private boolean zuoraQuotesInstalled() {
		return this.jdbc.sql("select zuora_quotes_installed from connector_setting").query(Boolean.class).single();
	}

}
