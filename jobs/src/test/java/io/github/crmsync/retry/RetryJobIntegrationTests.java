package io.github.crmsync.retry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.github.crmsync.PostgresIntegrationTests;
import io.github.crmsync.support.JobLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class RetryJobIntegrationTests extends PostgresIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Instant RECENT = Instant.now().truncatedTo(ChronoUnit.MICROS).minus(Duration.ofDays(2));

	@TempDir
	Path directory;

	@Test
	void retriesTheFailuresOfTheIdsGiven() {
		// given
		account("A1", "0010000000000A1");
		for (String id : List.of("INV-1", "INV-2", "INV-3")) {
			invoice(id, "A1");
			failure("Invoice", id, "DACO-01", "x", RECENT, RECENT);
		}

		// when
		CliResult result = cli("retry", "--ids", "INV-1,INV-3");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("COMPLETED").contains("read                 2");
		assertThat(remainingZuoraIds()).containsExactly("INV-2");
		assertThat(sandboxIds()).containsExactlyInAnyOrder("INV-1", "INV-3");
	}

	@Test
	void retriesThousandsOfIdsFromAFile() throws Exception {
		// given
		account("A1", "0010000000000A1");
		this.jdbc.sql("""
				insert into source_record (object_type, zuora_id, parent_id, account_id, fields)
				select 'Invoice', 'INV-' || i, 'A1', 'A1', '{}' from generate_series(1, 1500) as i""").update();
		this.jdbc.sql("""
				insert into sync_failure (object_type, zuora_id, error_code, error_message, sync_date, first_failed_at)
				select 'Invoice', 'INV-' || i, 'DACO-01', 'x', now(), now() from generate_series(1, 1500) as i""")
			.update();
		List<String> lines = new ArrayList<>();
		IntStream.rangeClosed(1, 1200).forEach((i) -> lines.add("INV-" + i));
		lines.add(600, "");
		Path ids = Files.write(this.directory.resolve("ids.txt"), lines);

		// when
		CliResult result = cli("retry", "--ids-file", ids.toString(), "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		JsonNode report = JSON.readTree(result.out());
		assertThat(report.get("read").asLong()).isEqualTo(1200);
		assertThat(report.get("resynced").asLong()).isEqualTo(1200);
		assertThat(this.jdbc.sql("select count(*) from sync_failure").query(Long.class).single()).isEqualTo(300);
		assertThat(this.jdbc.sql("select count(*) from sync_failure where zuora_id in ('INV-1', 'INV-1200')")
			.query(Long.class)
			.single()).isZero();
		assertThat(this.jdbc.sql("select count(*) from crm_sandbox_record").query(Long.class).single()).isEqualTo(1200);
	}

	@Test
	void anObjectTypeAlsoRetriesTheTypesThatCascadeFromIt() {
		// given
		account("A1", "0010000000000A1");
		invoice("INV-1", "A1");
		invoice("INV-2", "A1");
		record("InvoiceItem", "II-2", "INV-2", "A1", null, "{}");
		record("TaxationItem", "TX-2", "INV-2", "A1", null, "{}");
		record("InvoicePayment", "IP-2", "INV-2", "A1", null, "{}");
		record("Payment", "P-1", "A1", "A1", null, "{}");
		record("Subscription", "S-1", "A1", "A1", null, "{}");
		failure("Invoice", "INV-1", "DACO-01", "x", RECENT, RECENT);
		failure("InvoiceItem", "II-2", "DACO-99", "x", RECENT, RECENT);
		failure("TaxationItem", "TX-2", "DACO-01", "x", RECENT, RECENT);
		failure("InvoicePayment", "IP-2", "DACO-02", "x", RECENT, RECENT);
		failure("Payment", "P-1", "DACO-01", "x", RECENT, RECENT);
		failure("Subscription", "S-1", "DACO-01", "x", RECENT, RECENT);

		// when
		CliResult result = cli("retry", "--object-type", "Invoice", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(JSON.readTree(result.out()).get("read").asLong()).isEqualTo(4);
		assertThat(JSON.readTree(result.out()).get("selection").asString())
			.isEqualTo("types Invoice,InvoiceItem,TaxationItem,InvoicePayment");
		assertThat(remainingZuoraIds()).containsExactly("P-1", "S-1");
		assertThat(sandboxIds()).containsExactlyInAnyOrder("INV-1", "II-2", "TX-2", "IP-2");
	}

	@Test
	void retriesEveryFailureWithAllAndRecordsNewAttemptsOfTheRejectedOnes() {
		// given
		account("A1", "0010000000000A1");
		invoice("INV-1", "A1");
		record("Payment", "P-1", "A1", "A1", null, "{}");
		record("Refund", "R-1", "A1", "A1", null, "{\"sandboxReject\": \"INVALID_FIELD: bad amount\"}");
		failure("Invoice", "INV-1", "DACO-02", "Missing CRM ID", RECENT, RECENT);
		failure("Payment", "P-1", "DACO-99", "x", RECENT, RECENT);
		long rejected = failure("Refund", "R-1", "DACO-99", "x", RECENT, RECENT);

		// when
		CliResult result = cli("retry", "--all");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(remainingZuoraIds()).containsExactly("R-1");
		assertThat(row(rejected)).containsEntry("error_code", "DACO-01")
			.containsEntry("error_message", "INVALID_FIELD: bad amount")
			.containsEntry("attempts", 2);
		assertThat(sandboxIds()).containsExactlyInAnyOrder("INV-1", "P-1");
	}

	@Test
	void anErrorCodeNarrowsTheSelection() {
		// given
		account("A1", "0010000000000A1");
		for (String id : List.of("INV-1", "INV-2", "INV-3")) {
			invoice(id, "A1");
		}
		record("Payment", "P-1", "A1", "A1", null, "{}");
		failure("Invoice", "INV-1", "DACO-01", "x", RECENT, RECENT);
		failure("Invoice", "INV-2", "DACO-99", "x", RECENT, RECENT);
		failure("Invoice", "INV-3", "DACO-02", "x", RECENT, RECENT);
		failure("Payment", "P-1", "DACO-99", "x", RECENT, RECENT);

		// when
		CliResult byType = cli("retry", "--object-type", "Invoice", "--error-code", "DACO-99");
		CliResult byIds = cli("retry", "--ids", "INV-1,INV-3", "--error-code", "DACO-02");

		// then
		assertThat(byType.exitCode()).as(byType.err()).isZero();
		assertThat(byIds.exitCode()).as(byIds.err()).isZero();
		assertThat(remainingZuoraIds()).containsExactly("INV-1", "P-1");
		assertThat(sandboxIds()).containsExactlyInAnyOrder("INV-2", "INV-3");
	}

	@Test
	void retriesMissingCrmIdFailuresWhichReSyncOnceTheAccountIsLinked() {
		// given
		account("A1", null);
		invoice("INV-1", "A1");
		long id = failure("Invoice", "INV-1", "DACO-02", "Missing CRM ID", RECENT, RECENT);

		// when
		CliResult unlinked = cli("retry", "--ids", "INV-1");

		// then
		assertThat(unlinked.exitCode()).as(unlinked.err()).isZero();
		assertThat(row(id)).containsEntry("error_code", "DACO-02").containsEntry("attempts", 2);
		assertThat(crm().calls()).isZero();

		// when
		this.jdbc.sql("update source_record set crm_id = '0010000000000A1' where zuora_id = 'A1'").update();
		CliResult linked = cli("retry", "--error-code", "DACO-02", "--all");

		// then
		assertThat(linked.exitCode()).as(linked.err()).isZero();
		assertThat(remainingZuoraIds()).isEmpty();
		assertThat(sandboxIds()).containsExactly("INV-1");
	}

	@Test
	void linksEveryRecordSentToItsBillingAccountsCrmAccount() {
		// given
		account("A1", "0010000000000A1");
		account("A2", "001Xy0000000aB2IAE");
		invoice("INV-1", "A1");
		record("InvoiceItem", "INV-1-II1", "INV-1", "A1", null, "{}");
		record("Payment", "PAY-2", "A2", "A2", null, "{}");
		record("Subscription", "SUB-2", "A2", "A2", null, "{}");
		for (String[] failed : new String[][] { { "Account", "A1" }, { "Invoice", "INV-1" }, { "Payment", "PAY-2" },
				{ "Subscription", "SUB-2" } }) {
			failure(failed[0], failed[1], "DACO-01", "x", RECENT, RECENT);
		}

		// when
		CliResult result = cli("retry", "--all");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(remainingZuoraIds()).isEmpty();
		assertThat(sandboxLinks()).containsExactly("A1 -> 0010000000000A1", "INV-1 -> 0010000000000A1",
				"INV-1-II1 -> 0010000000000A1", "PAY-2 -> 001Xy0000000aB2IAE", "SUB-2 -> 001Xy0000000aB2IAE");
	}

	@Test
	void aReLinkedAccountsRecordsMoveToItsNewCrmAccountOnTheirNextReSync() {
		// given
		account("A1", "0010000000000A1");
		invoice("INV-1", "A1");
		failure("Invoice", "INV-1", "DACO-01", "x", RECENT, RECENT);
		assertThat(cli("retry", "--all").exitCode()).isZero();
		this.jdbc.sql("update source_record set crm_id = '0010000000000B7' where zuora_id = 'A1'").update();
		failure("Invoice", "INV-1", "DACO-01", "x", RECENT, RECENT);

		// when
		CliResult result = cli("retry", "--all");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(remainingZuoraIds()).isEmpty();
		assertThat(sandboxLinks()).containsExactly("INV-1 -> 0010000000000B7");
		assertThat(this.jdbc.sql("select upsert_count from crm_sandbox_record").query(Integer.class).single())
			.isEqualTo(2);
	}

	@Test
	void anInvalidCrmIdStoredBeforeTheImportCheckFailsOnlyItsAccountsUnitsWithDaco02() {
		// given
		account("A1", "0010000000000A1");
		account("A2", "001A2");
		invoice("INV-1", "A1");
		invoice("INV-2", "A2");
		failure("Invoice", "INV-1", "DACO-01", "x", RECENT, RECENT);
		long invalid = failure("Invoice", "INV-2", "DACO-01", "x", RECENT, RECENT);
		long account = failure("Account", "A2", "DACO-99", "x", RECENT, RECENT);

		// when
		CliResult result = cli("retry", "--all", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(remainingZuoraIds()).containsExactly("INV-2", "A2");
		assertThat(row(invalid)).containsEntry("error_code", "DACO-02")
			.containsEntry("attempts", 2)
			.containsEntry("error_message",
					"Invalid CRM ID: account A2 is linked to '001A2', which cannot be a Salesforce Account ID (15 or 18 "
							+ "letters and digits starting with 001): link the account to its Salesforce Account "
							+ "(import-records), then retry");
		assertThat(row(account)).containsEntry("error_code", "DACO-02").containsEntry("attempts", 2);
		assertThat(sandboxLinks()).containsExactly("INV-1 -> 0010000000000A1");
		JsonNode report = JSON.readTree(result.out());
		assertThat(report.path("resynced").asInt()).isEqualTo(1);
		assertThat(report.path("stillFailing").path("DACO-02").asInt()).isEqualTo(2);
	}

	@Test
	void hasNoTimeWindow() {
		// given
		Instant monthAgo = Instant.now().minus(Duration.ofDays(30));
		account("A1", "0010000000000A1");
		invoice("INV-OLD", "A1");
		failure("Invoice", "INV-OLD", "DACO-01", "x", monthAgo, monthAgo.minus(Duration.ofDays(5)));

		// when
		CliResult result = cli("retry", "--object-type", "Invoice");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(remainingZuoraIds()).isEmpty();
		assertThat(sandboxIds()).containsExactly("INV-OLD");
	}

	@Test
	void skipsFailuresOfDisabledObjectTypesWithAllAndReportsThem() {
		// given
		account("A1", "0010000000000A1");
		invoice("INV-1", "A1");
		record("Payment", "P-1", "A1", "A1", null, "{}");
		this.jdbc.sql("update sync_object_type set enabled = false where name = 'Invoice'").update();
		long invoice = failure("Invoice", "INV-1", "DACO-01", "x", RECENT, RECENT);
		failure("Payment", "P-1", "DACO-01", "x", RECENT, RECENT);
		failure("Product", "PR-1", "DACO-01", "x", RECENT, RECENT);
		Map<String, Object> before = row(invoice);

		// when
		CliResult result = cli("retry", "--all", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		JsonNode report = JSON.readTree(result.out());
		assertThat(report.get("skippedDisabledType").asLong()).isEqualTo(2);
		assertThat(report.get("read").asLong()).isEqualTo(1);
		assertThat(row(invoice)).isEqualTo(before);
		assertThat(remainingZuoraIds()).containsExactly("INV-1", "PR-1");
	}

	@Test
	void aDryRunPrintsCountsByTypeAndCodeAndTheFirstRowsAndChangesNothing() {
		// given
		account("A1", "0010000000000A1");
		invoice("INV-1", "A1");
		failure("Invoice", "INV-1", "DACO-01", "first message", RECENT, RECENT);
		failure("Invoice", "INV-2", "DACO-02", "x", RECENT, RECENT);
		failure("InvoiceItem", "II-1", "DACO-99", "x", RECENT, RECENT);
		failure("Payment", "P-1", "DACO-01", "x", RECENT, RECENT);
		failure("Product", "PR-1", "DACO-01", "disabled type", RECENT, RECENT);
		Map<String, Object> before = snapshot();

		// when
		CliResult result = cli("retry", "--all", "--dry-run");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("Would retry 4 failures (all); dry run: nothing changed")
			.containsPattern("Invoice +1 +1 +0")
			.containsPattern("InvoiceItem +0 +0 +1")
			.containsPattern("Payment +1 +0 +0")
			.contains("First 4:")
			.contains("INV-1", "first message", "II-1", "P-1")
			.doesNotContain("PR-1");
		assertThat(snapshot()).isEqualTo(before);
		assertThat(crm().calls()).isZero();
	}

	@Test
	void aDryRunByIdsAsJsonChangesNothing() {
		// given
		failure("Invoice", "INV-1", "DACO-01", "x", RECENT, RECENT);
		failure("InvoiceItem", "INV-1", "DACO-99", "same id, other type", RECENT, RECENT);
		failure("Invoice", "INV-2", "DACO-01", "x", RECENT, RECENT);
		Map<String, Object> before = snapshot();

		// when
		CliResult result = cli("retry", "--ids", "INV-1", "--dry-run", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		JsonNode json = JSON.readTree(result.out());
		assertThat(json.get("dryRun").asBoolean()).isTrue();
		assertThat(json.get("total").asLong()).isEqualTo(2);
		assertThat(json.get("byObjectType").get("Invoice").get("DACO-01").asLong()).isEqualTo(1);
		assertThat(json.get("byObjectType").get("InvoiceItem").get("DACO-99").asLong()).isEqualTo(1);
		assertThat(json.get("firstRows").valueStream().map((row) -> row.get("objectType").asString()))
			.containsExactly("Invoice", "InvoiceItem");
		assertThat(snapshot()).isEqualTo(before);
		assertThat(crm().calls()).isZero();
	}

	@Test
	void printsTheReportAsJson() {
		// given
		account("A1", "0010000000000A1");
		invoice("INV-1", "A1");
		record("InvoiceItem", "II-1", "INV-1", "A1", null, "{}");
		record("Invoice", "INV-2", "A1", "A1", null, "{\"sandboxReject\": \"DUPLICATE_VALUE: duplicate\"}");
		failure("Invoice", "INV-1", "DACO-01", "x", RECENT, RECENT);
		failure("InvoiceItem", "II-1", "DACO-01", "x", RECENT, RECENT);
		failure("Invoice", "INV-2", "DACO-99", "x", RECENT, RECENT);
		failure("Invoice", "GONE", "DACO-01", "x", RECENT, RECENT);

		// when
		CliResult result = cli("retry", "--ids", "INV-1,INV-2,GONE", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		JsonNode report = JSON.readTree(result.out());
		long execution = this.jdbc.sql("select job_execution_id from batch_job_execution").query(Long.class).single();
		assertThat(report.get("outcome").asString()).isEqualTo("RAN");
		assertThat(report.get("execution").asLong()).isEqualTo(execution);
		assertThat(report.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(report.get("read").asLong()).isEqualTo(3);
		assertThat(report.get("resynced").asLong()).isEqualTo(1);
		assertThat(report.get("childRowsDeleted").asLong()).isEqualTo(1);
		assertThat(report.get("stillFailing").get("DACO-01").asLong()).isEqualTo(1);
		assertThat(report.get("stillFailing").get("DACO-99").asLong()).isEqualTo(1);
		assertThat(report.get("stillFailingTotal").asLong()).isEqualTo(2);
		assertThat(report.get("recordsSent").asLong()).isEqualTo(3);
		assertThat(report.get("crmCalls").asLong()).isEqualTo(2);
		assertThat(report.get("skippedDisabledType").asLong()).isZero();
		assertThat(remainingZuoraIds()).containsExactly("INV-2", "GONE");
	}

	@Test
	void eachLaunchIsAJobInstanceOfItsOwn() {
		// given
		account("A1", "0010000000000A1");
		record("Invoice", "INV-1", "A1", "A1", null, "{\"sandboxReject\": \"DUPLICATE_VALUE: duplicate\"}");
		long id = failure("Invoice", "INV-1", "DACO-01", "x", RECENT, RECENT);

		// when
		CliResult first = cli("retry", "--object-type", "Invoice");
		CliResult second = cli("retry", "--object-type", "Invoice");

		// then
		assertThat(first.exitCode()).as(first.err()).isZero();
		assertThat(second.exitCode()).as(second.err()).isZero();
		assertThat(this.jdbc.sql("select count(*) from batch_job_instance where job_name = 'retryJob'")
			.query(Long.class)
			.single()).isEqualTo(2);
		assertThat(this.jdbc.sql("select status from batch_job_execution order by job_execution_id")
			.query(String.class)
			.list()).containsExactly("COMPLETED", "COMPLETED");
		assertThat(row(id)).containsEntry("attempts", 3);
	}

	@Test
	void recordsWhoRequestedTheRunAsANonIdentifyingParameter() {
		// given
		failure("Invoice", "INV-1", "DACO-01", "x", RECENT, RECENT);

		// when
		CliResult byDefault = cli("retry", "--all", "--dry-run");
		CliResult defaulted = cli("retry", "--all");
		CliResult named = cli("retry", "--all", "--requested-by", "ops: Jane Doe");

		// then
		assertThat(List.of(byDefault, defaulted, named)).extracting(CliResult::exitCode).containsOnly(0);
		assertThat(this.jdbc.sql("""
				select parameter_value, identifying from batch_job_execution_params
				where parameter_name = 'requestedBy' order by job_execution_id""")
			.query((rs, row) -> rs.getString(1) + "/" + rs.getString(2))
			.list()).containsExactly(System.getProperty("user.name") + "/N", "ops: Jane Doe/N");
	}

	@Test
	void refusesToStartWhileAnotherRetryRunIsActive() throws Exception {
		// given
		failure("Invoice", "INV-1", "DACO-01", "x", RECENT, RECENT);
		Map<String, Object> before = snapshot();
		try (Connection other = newSession();
				PreparedStatement lock = other.prepareStatement("select pg_advisory_lock(hashtext(?))")) {
			lock.setString(1, JobLock.RETRY);
			lock.execute();

			// when
			CliResult result = cli("retry", "--ids", "INV-1");

			// then
			assertThat(result.exitCode()).isEqualTo(3);
			assertThat(result.err()).contains("another retry run is active");
			assertThat(snapshot()).isEqualTo(before);
		}
	}

	@Test
	void aCrmOutageFailsTheRunAndLeavesTheRowsUntouched() {
		// given
		account("A1", "0010000000000A1");
		invoice("INV-1", "A1");
		invoice("INV-2", "A1");
		failure("Invoice", "INV-1", "DACO-01", "x", RECENT, RECENT);
		failure("Invoice", "INV-2", "DACO-01", "x", RECENT, RECENT);
		List<Map<String, Object>> before = rows();
		crm().unavailableFor((call) -> true);

		// when
		CliResult result = cli("retry", "--object-type", "Invoice");

		// then
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.out()).contains("FAILED").contains("CRM unavailable after 4 attempts");
		assertThat(rows()).isEqualTo(before);
		assertThat(sandboxIds()).isEmpty();
		assertThat(this.jdbc.sql("select status from batch_job_execution").query(String.class).single())
			.isEqualTo("FAILED");
	}

	/**
	 * What the sandbox CRM holds: {@code <external ID> -> <CRM account>}, by external ID.
	 */
	private List<String> sandboxLinks() {
		return this.jdbc
			.sql("select external_id || ' -> ' || coalesce(crm_account_id, '(none)') from crm_sandbox_record "
					+ "order by external_id")
			.query(String.class)
			.list();
	}

	private List<String> sandboxIds() {
		return this.jdbc.sql("select external_id from crm_sandbox_record order by external_id")
			.query(String.class)
			.list();
	}

	private List<Map<String, Object>> rows() {
		return this.jdbc.sql("select * from sync_failure order by id").query().listOfRows();
	}

}
