package io.github.crmsync.catalog;

import java.util.List;
import java.util.Map;

import io.github.crmsync.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationsIntegrationTests {

	@Test
	void migrateAnEmptyDatabaseToTheWholeSchemaWithTheDefaultCatalog() {
		// given
		DriverManagerDataSource dataSource = new DriverManagerDataSource(TestDatabase.newDatabase(),
				TestDatabase.username(), TestDatabase.password());

		// when
		Flyway flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load();
		MigrateResult result = flyway.migrate();

		// then
		assertThat(result.success).isTrue();
		assertThat(result.migrationsExecuted).isGreaterThanOrEqualTo(4).isEqualTo(flyway.info().all().length);
		assertThat(flyway.info().pending()).isEmpty();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		List<String> tables = jdbc.sql("""
				select table_name from information_schema.tables where table_schema = 'public'
				and table_name <> 'flyway_schema_history' order by table_name""").query(String.class).list();
		assertThat(tables).containsExactly("batch_job_execution", "batch_job_execution_context",
				"batch_job_execution_params", "batch_job_instance", "batch_step_execution",
				"batch_step_execution_context", "connector_setting", "crm_sandbox_record", "failure_selection",
				"job_execution_process", "job_lock_fence", "source_record", "sync_failure", "sync_failure_archive",
				"sync_object_type");
		assertThat(jdbc.sql("select count(*) from sync_object_type").query(Long.class).single()).isEqualTo(23);
		assertThat(jdbc.sql("select name from sync_object_type where enabled order by sync_order")
			.query(String.class)
			.list()).hasSize(19)
			.doesNotContain("Product", "ProductRatePlan", "ProductRatePlanCharge", "ProductRatePlanChargeTier");
		assertThat(jdbc.sql("select zuora_quotes_installed from connector_setting").query(Boolean.class).single())
			.isFalse();
		Map<String, Object> invoicePayment = jdbc.sql(
				"select parent, part_of_parent, salesforce_object, external_id_field from sync_object_type where name = 'InvoicePayment'")
			.query()
			.singleRow();
		assertThat(invoicePayment).containsEntry("parent", "Invoice")
			.containsEntry("part_of_parent", true)
			.containsEntry("salesforce_object", "Zuora__PaymentInvoice__c")
			.containsEntry("external_id_field", "Zuora__EXT_ID__c");
	}

	@Test
	void catalogCascadesFollowOnlyPartOfParentEdgesParentsFirst() {
		// given
		DriverManagerDataSource dataSource = new DriverManagerDataSource(TestDatabase.newDatabase(),
				TestDatabase.username(), TestDatabase.password());
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		CatalogRepository repository = new CatalogRepository(JdbcClient.create(dataSource));

		// when
		ObjectCatalog catalog = repository.load();

		// then
		assertThat(catalog.withCascadedChildren("Invoice")).extracting(ObjectType::name)
			.containsExactly("Invoice", "InvoiceItem", "TaxationItem", "InvoicePayment");
		assertThat(catalog.withCascadedChildren("Subscription")).extracting(ObjectType::name)
			.containsExactly("Subscription", "RatePlan", "RatePlanCharge", "RatePlanChargeTier");
		assertThat(catalog.withCascadedChildren("Account")).extracting(ObjectType::name).containsExactly("Account");
		assertThat(catalog.withCascadedChildren("Product")).extracting(ObjectType::name)
			.containsExactly("Product", "ProductRatePlan", "ProductRatePlanCharge", "ProductRatePlanChargeTier");
	}

}
