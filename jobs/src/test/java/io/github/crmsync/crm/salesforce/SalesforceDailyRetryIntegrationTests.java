package io.github.crmsync.crm.salesforce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.crmsync.PostgresIntegrationTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.github.crmsync.crm.salesforce.SalesforceOrg.CLIENT_SECRET;
import static io.github.crmsync.crm.salesforce.SalesforceOrg.error;
import static io.github.crmsync.crm.salesforce.SalesforceOrg.results;
import static io.github.crmsync.crm.salesforce.SalesforceOrg.upsert;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daily retry with {@code crm.target=salesforce} against a WireMock org: one Spring
 * context for all of these (the org, a {@link SalesforceOrgExtension}, is started once
 * for the class; its URL and the settings are dynamic properties, which win over the base
 * class's).
 */
@ExtendWith(OutputCaptureExtension.class)
class SalesforceDailyRetryIntegrationTests extends PostgresIntegrationTests {

	static final String NOW = "2026-11-20T12:00:00Z";

	static final Instant IN_WINDOW = Instant.parse("2026-11-18T11:30:00Z");

	static final String INVOICES = "/services/data/v62.0/composite/sobjects/Zuora__ZInvoice__c/Zuora__External_Id__c";

	static final String ITEMS = "/services/data/v62.0/composite/sobjects/Zuora__InvoiceItem__c/Zuora__External_Id__c";

	static final String JOBS = "/services/data/v62.0/jobs/ingest";

	static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static final SalesforceOrgExtension salesforce = SalesforceOrgExtension.grantingTokens();

	@DynamicPropertySource
	static void salesforce(DynamicPropertyRegistry registry) {
		registry.add("crm.target", () -> "salesforce");
		registry.add("crm.salesforce.login-url", salesforce::url);
		registry.add("crm.salesforce.client-id", () -> SalesforceOrg.CLIENT_ID);
		registry.add("crm.salesforce.client-secret", () -> CLIENT_SECRET);
		registry.add("crm.salesforce.read-timeout", () -> "500ms");
		registry.add("crm.salesforce.max-requests-in-flight", () -> 3);
		registry.add("crm.salesforce.max-calls-per-run", () -> 8);
		registry.add("crm.salesforce.bulk-poll-interval", () -> "10ms");
		// Retry-After is whole seconds: the longest backoff must allow one
		registry.add("crm.retry.max-delay", () -> "1500ms");
	}

	@BeforeEach
	void signOut() {
		// the org forgot the tokens it granted (it is reset before each test): the
		// adapter must ask for a new one
		((SalesforceCrm) crm().delegate()).signOut();
	}

	@Test
	void reSyncsThroughSalesforceParentsFirstAtMost200RecordsPerCall() {
		// given
		salesforce.acceptsUpserts();
		account("A1");
		invoice("INV-1", 450);
		failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		failure("InvoiceItem", "INV-1-II-7", "DACO-99", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW, "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(remainingZuoraIdsSorted()).isEmpty();
		List<LoggedRequest> upserts = salesforce.upsertRequests();
		assertThat(upserts).extracting(LoggedRequest::getUrl).containsExactly(INVOICES, ITEMS, ITEMS, ITEMS);
		assertThat(SalesforceOrg.body(upserts.get(0)).path("records").get(0).path("Zuora__BillingAccount__r"))
			.hasToString("{\"Zuora__External_Id__c\":\"A1\"}");
		List<String> items = new ArrayList<>();
		for (LoggedRequest request : upserts.subList(1, upserts.size())) {
			assertThat(SalesforceOrg.externalIds(request)).hasSizeLessThanOrEqualTo(200);
			items.addAll(SalesforceOrg.externalIds(request));
		}
		assertThat(items).hasSize(450).doesNotHaveDuplicates().allMatch((id) -> id.startsWith("INV-1-II-"));
		assertThat(salesforce.tokenRequests()).hasSize(1);
		JsonNode report = JSON.readTree(result.out());
		assertThat(report.path("recordsSent").asInt()).isEqualTo(451);
		assertThat(report.path("crmCalls").asInt()).isEqualTo(4);
		assertThat(report.path("crmApiUsage").asString()).isEqualTo("1234/15000");
	}

	@Test
	void sendsMoreThanTheBulkThresholdOfOneTypeThroughOneBulkJob() {
		// given
		salesforce.acceptsUpserts();
		salesforce.server()
			.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"id\": \"750J\", \"state\": \"Open\"}")));
		salesforce.server().stubFor(put(urlEqualTo(JOBS + "/750J/batches")).willReturn(aResponse().withStatus(201)));
		salesforce.server()
			.stubFor(patch(urlEqualTo(JOBS + "/750J")).willReturn(okJson("{\"state\": \"UploadComplete\"}")));
		salesforce.server().stubFor(get(urlEqualTo(JOBS + "/750J")).willReturn(okJson("{\"state\": \"JobComplete\"}")));
		StringBuilder succeeded = new StringBuilder("\"sf__Id\",\"sf__Created\",Zuora__External_Id__c\n");
		for (int item = 2001; item >= 1; item--) {
			succeeded.append("a0C").append(item).append(",false,INV-1-II-").append(item).append('\n');
		}
		salesforce.server()
			.stubFor(get(urlEqualTo(JOBS + "/750J/successfulResults/"))
				.willReturn(aResponse().withStatus(200).withBody(succeeded.toString())));
		salesforce.server()
			.stubFor(get(urlEqualTo(JOBS + "/750J/failedResults/"))
				.willReturn(aResponse().withStatus(200).withBody("\"sf__Id\",\"sf__Error\",Zuora__External_Id__c\n")));
		account("A1");
		invoice("INV-1", 2001);
		failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		failure("InvoiceItem", "INV-1-II-2001", "DACO-99", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW, "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(remainingZuoraIdsSorted()).isEmpty();
		assertThat(salesforce.upsertRequests()).extracting(LoggedRequest::getUrl).containsExactly(INVOICES);
		List<String> uploaded = salesforce.server()
			.findAll(putRequestedFor(urlEqualTo(JOBS + "/750J/batches")))
			.get(0)
			.getBodyAsString()
			.lines()
			.toList();
		assertThat(uploaded).hasSize(2002)
			.startsWith("Zuora__External_Id__c,Zuora__Invoice__r.Zuora__External_Id__c", "INV-1-II-1,INV-1");
		assertThat(JSON.readTree(result.out()).path("crmCalls").asInt()).isEqualTo(2);
	}

	@Test
	void everyRecordReachesTheOrgLinkedToItsAccountWhereZuorasMappingHasTheLookup() {
		// given
		salesforce.acceptsUpserts();
		account("A1");
		record("Subscription", "SUB-1", "A1", "A1", null, "{}");
		record("RatePlan", "SUB-1-RP1", "SUB-1", "A1", null, "{}");
		record("RatePlanCharge", "SUB-1-RP1-CH1", "SUB-1-RP1", "A1", null, "{}");
		invoice("INV-1", 2);
		invoice("INV-2", 1);
		record("Payment", "PAY-1", "A1", "A1", null, "{\"Zuora__Account__c\": \"001FORGED000000\"}");
		failure("Account", "A1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		failure("Subscription", "SUB-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		failure("InvoiceItem", "INV-2-II-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		failure("Payment", "PAY-1", "DACO-99", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(remainingZuoraIdsSorted()).isEmpty();
		Map<String, String> links = sentLinks();
		assertThat(links).containsOnly(Map.entry("A1", "0010000000000A1"), Map.entry("SUB-1", "0010000000000A1"),
				Map.entry("SUB-1-RP1", "(none)"), Map.entry("SUB-1-RP1-CH1", "0010000000000A1"),
				Map.entry("INV-1", "0010000000000A1"), Map.entry("INV-1-II-1", "(none)"),
				Map.entry("INV-1-II-2", "(none)"), Map.entry("INV-2-II-1", "(none)"),
				Map.entry("PAY-1", "0010000000000A1"));
		assertThat(sent("INV-1").path("Zuora__BillingAccount__r")).hasToString("{\"Zuora__External_Id__c\":\"A1\"}");
	}

	@Test
	void theBulkCsvCarriesTheAccountLinkAsAColumn() {
		// given
		acceptsBulkJob("750L", IntStream.rangeClosed(1, 2001).mapToObj((i) -> "INV-" + i).toList());
		account("A1");
		this.jdbc.sql("""
				insert into source_record (object_type, zuora_id, parent_id, account_id, fields)
				select 'Invoice', 'INV-' || i, 'A1', 'A1', '{}'::jsonb from generate_series(1, 2001) i""").update();
		this.jdbc.sql("""
				insert into sync_failure (object_type, zuora_id, error_code, error_message, sync_date, first_failed_at)
				select 'Invoice', 'INV-' || i, 'DACO-01', 'x', :at, :at from generate_series(1, 2001) i""")
			.param("at", OffsetDateTime.parse("2026-11-18T11:30:00Z"))
			.update();

		// when
		CliResult result = cli("daily-retry", "--now", NOW);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(remainingZuoraIdsSorted()).isEmpty();
		assertThat(salesforce.upsertRequests()).isEmpty();
		List<String> csv = salesforce.server()
			.findAll(putRequestedFor(urlEqualTo(JOBS + "/750L/batches")))
			.get(0)
			.getBodyAsString()
			.lines()
			.toList();
		List<String> header = List.of(csv.get(0).split(","));
		assertThat(header).containsExactly("Zuora__External_Id__c", "Zuora__BillingAccount__r.Zuora__External_Id__c",
				"Zuora__Account__c");
		assertThat(csv.subList(1, csv.size())).hasSize(2001)
			.allSatisfy((row) -> assertThat(row).matches("INV-\\d+,A1,0010000000000A1"));
	}

	@Test
	void aReLinkedAccountReachesTheOrgOnTheNextReSync() throws Exception {
		// given
		salesforce.acceptsUpserts();
		importRecords("0010000000000A1");
		failure("Account", "A1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		assertThat(cli("daily-retry", "--now", NOW).exitCode()).isZero();
		Map<String, String> before = sentLinks();
		salesforce.reset();
		salesforce.grantsTokens().acceptsUpserts();
		importRecords("001Xy0000000aB7IAE");
		failure("Account", "A1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", "2026-11-20T23:45:00Z");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(remainingZuoraIdsSorted()).isEmpty();
		assertThat(before).containsOnly(Map.entry("A1", "0010000000000A1"), Map.entry("INV-1", "0010000000000A1"));
		assertThat(sentLinks()).containsOnly(Map.entry("A1", "001Xy0000000aB7IAE"),
				Map.entry("INV-1", "001Xy0000000aB7IAE"));
	}

	@Test
	void aCrmIdTheOrgRefusesFailsItsAccountsRecordsWithDaco01AndSalesforcesMessage() {
		// given
		salesforce.acceptsUpserts();
		record("Account", "A1", null, "A1", SalesforceOrg.UNKNOWN_ACCOUNT, "{}");
		record("Account", "A2", null, "A2", SalesforceOrg.HIDDEN_ACCOUNT, "{}");
		account("A3");
		for (String account : List.of("A1", "A2", "A3")) {
			record("Invoice", "INV-" + account, account, account, null, "{}");
		}
		long unknown = failure("Invoice", "INV-A1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		long hidden = failure("Invoice", "INV-A2", "DACO-99", "x", IN_WINDOW, IN_WINDOW);
		failure("Invoice", "INV-A3", "DACO-01", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(remainingZuoraIdsSorted()).containsExactly("INV-A1", "INV-A2");
		assertThat(row(unknown)).containsEntry("error_code", "DACO-01")
			.containsEntry("error_message",
					"INVALID_CROSS_REFERENCE_KEY: invalid cross reference id [Zuora__Account__c]")
			.containsEntry("attempts", 2);
		assertThat(row(hidden)).containsEntry("error_code", "DACO-01")
			.containsEntry("error_message",
					"INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: insufficient access rights "
							+ "on cross-reference id [Zuora__Account__c]")
			.containsEntry("attempts", 2);
		assertThat(sentLinks()).containsOnly(Map.entry("INV-A1", SalesforceOrg.UNKNOWN_ACCOUNT),
				Map.entry("INV-A2", SalesforceOrg.HIDDEN_ACCOUNT), Map.entry("INV-A3", "0010000000000A3"));
	}

	@Test
	void sendsTheBatchesOfOneTypeUpToTheConfiguredRequestsInFlight() {
		// given
		salesforce.server().stubFor(upsert().willReturn(results().withFixedDelay(100)));
		account("A1");
		invoice("INV-1", 1000);
		failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(salesforce.upsertRequests()).extracting(LoggedRequest::getUrl)
			.containsExactly(INVOICES, ITEMS, ITEMS, ITEMS, ITEMS, ITEMS);
		assertThat(crm().mostInFlight()).isEqualTo(3);
		assertThat(remainingZuoraIdsSorted()).isEmpty();
	}

	@Test
	void rejectedRecordsFailWithDaco01AndTheirSiblingsReSync() {
		// given
		salesforce.acceptsUpserts();
		account("A1");
		invoice("INV-1", 1);
		record("Invoice", "INV-2", "A1", "A1", null,
				"{\"Test_Reject__c\": \"FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount must not be negative\"}");
		record("InvoiceItem", "INV-2-II-1", "INV-2", "A1", null, "{}");
		failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		long rejected = failure("Invoice", "INV-2", "DACO-99", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(remainingZuoraIdsSorted()).containsExactly("INV-2");
		assertThat(row(rejected)).containsEntry("error_code", "DACO-01")
			.containsEntry("error_message",
					"FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount must not be negative [Test_Reject__c]")
			.containsEntry("attempts", 2);
		assertThat(salesforce.upsertRequests()).flatExtracting(SalesforceOrg::externalIds)
			.containsExactly("INV-1", "INV-2", "INV-1-II-1");
	}

	@Test
	void answersAboutAWholeRequestFailItsRecordsAndTheRunGoesOn() {
		// given
		salesforce.acceptsUpserts();
		salesforce.server()
			.stubFor(patch(urlEqualTo(INVOICES)).willReturn(error(400, "INVALID_FIELD",
					"No such column 'Zuora__Amount__c' on sobject of type Zuora__ZInvoice__c")));
		salesforce.server()
			.stubFor(patch(urlPathMatching(".*/Zuora__Payment__c/.*")).willReturn(aResponse().withStatus(300)
				.withBody("[\"/services/data/v62.0/sobjects/Zuora__Payment__c/a1\","
						+ "\"/services/data/v62.0/sobjects/Zuora__Payment__c/a2\"]")));
		account("A1");
		invoice("INV-1", 0);
		record("Payment", "P-1", "A1", "A1", null, "{}");
		record("Refund", "R-1", "A1", "A1", null, "{}");
		long invoice = failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		long payment = failure("Payment", "P-1", "DACO-99", "x", IN_WINDOW, IN_WINDOW);
		failure("Refund", "R-1", "DACO-99", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(remainingZuoraIdsSorted()).containsExactlyInAnyOrder("INV-1", "P-1");
		assertThat(row(invoice)).containsEntry("error_code", "DACO-99")
			.containsEntry("error_message",
					"Salesforce answered HTTP 400 to the whole request (1 Zuora__ZInvoice__c records): INVALID_FIELD: "
							+ "No such column 'Zuora__Amount__c' on sobject of type Zuora__ZInvoice__c");
		assertThat(row(payment)).containsEntry("error_code", "DACO-01");
		assertThat((String) row(payment).get("error_message")).startsWith("MULTIPLE_CHOICES: ");
	}

	@Test
	void anAnswerWithFewerResultsThanRecordsDeletesNoRow() {
		// given: two invoices sent in one call, one result back: results are positional,
		// so none can be trusted
		salesforce.server().stubFor(upsert().willReturn(okJson("[{\"success\": true, \"errors\": []}]")));
		account("A1");
		invoice("INV-1", 0);
		invoice("INV-2", 0);
		failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		long second = failure("Invoice", "INV-2", "DACO-01", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(remainingZuoraIdsSorted()).containsExactly("INV-1", "INV-2");
		assertThat(row(second)).containsEntry("attempts", 2).containsEntry("error_code", "DACO-99");
	}

	@Test
	void aMalformedAnswerDeletesNoRowAndUpdatesEachOnce() {
		// given
		salesforce.server().stubFor(upsert().willReturn(okJson("[{\"success\": tr")));
		account("A1");
		invoice("INV-1", 0);
		invoice("INV-2", 0);
		long first = failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		long second = failure("Invoice", "INV-2", "DACO-01", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(remainingZuoraIdsSorted()).containsExactly("INV-1", "INV-2");
		assertThat(List.of(row(first), row(second)))
			.allSatisfy((row) -> assertThat(row).containsEntry("attempts", 2).containsEntry("error_code", "DACO-99"));
	}

	@Test
	void waitsAsLongAsAnUnavailableOrgAsksAndThenReSyncs() {
		// given
		salesforce.server()
			.stubFor(upsert().inScenario("outage")
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(error(503, "SERVER_UNAVAILABLE", "Server unavailable").withHeader("Retry-After", "1"))
				.willSetStateTo("back"));
		salesforce.server().stubFor(upsert().inScenario("outage").whenScenarioStateIs("back").willReturn(results()));
		account("A1");
		invoice("INV-1", 0);
		failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW, "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(remainingZuoraIdsSorted()).isEmpty();
		List<LoggedRequest> upserts = salesforce.upsertRequests();
		assertThat(upserts).hasSize(2);
		assertThat(Duration.between(upserts.get(0).getLoggedDate().toInstant(),
				upserts.get(1).getLoggedDate().toInstant()))
			.isGreaterThanOrEqualTo(Duration.ofMillis(950));
		assertThat(JSON.readTree(result.out()).path("crmCalls").asInt()).isEqualTo(2);
	}

	@Test
	void aWaitLongerThanTheLongestBackoffFailsTheRunAtOnce() {
		// given
		salesforce.server()
			.stubFor(upsert()
				.willReturn(error(503, "SERVER_UNAVAILABLE", "Server unavailable").withHeader("Retry-After", "3600")));
		account("A1");
		invoice("INV-1", 0);
		long id = failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW);

		// then
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.out()).contains("FAILED").contains("asked to wait 3600 s");
		assertThat(salesforce.upsertRequests()).hasSize(1);
		assertThat(row(id)).containsEntry("attempts", 1).containsEntry("error_message", "x");
	}

	@Test
	void aSlowAnswerTimesOutAndIsRetried() {
		// given
		salesforce.server()
			.stubFor(upsert().inScenario("slow")
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(results().withFixedDelay(1_000))
				.willSetStateTo("fast"));
		salesforce.server().stubFor(upsert().inScenario("slow").whenScenarioStateIs("fast").willReturn(results()));
		account("A1");
		invoice("INV-1", 0);
		failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW, "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(remainingZuoraIdsSorted()).isEmpty();
		assertThat(JSON.readTree(result.out()).path("crmCalls").asInt()).isEqualTo(2);
	}

	@Test
	void aSpentApiAllowanceStopsTheRunAndLeavesTheChunkUntouched() {
		// given
		salesforce.acceptsUpserts();
		salesforce.server()
			.stubFor(patch(urlEqualTo(INVOICES))
				.willReturn(error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
					.withHeader("Sforce-Limit-Info", "api-usage=15000/15000")));
		account("A1");
		invoice("INV-1", 2);
		record("Payment", "P-1", "A1", "A1", null, "{}");
		long invoice = failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		long payment = failure("Payment", "P-1", "DACO-99", "y", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW, "--format", "json");

		// then
		assertThat(result.exitCode()).isEqualTo(1);
		JsonNode report = JSON.readTree(result.out());
		assertThat(report.path("status").asString()).isEqualTo("FAILED");
		assertThat(report.path("cause").asString()).contains("REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.")
			.contains("org API usage 15000/15000");
		assertThat(report.path("crmApiUsage").asString()).isEqualTo("15000/15000");
		assertThat(report.path("crmCalls").asInt()).isEqualTo(1);
		assertThat(salesforce.upsertRequests()).extracting(LoggedRequest::getUrl).containsExactly(INVOICES);
		assertThat(row(invoice)).containsEntry("attempts", 1).containsEntry("error_message", "x");
		assertThat(row(payment)).containsEntry("attempts", 1).containsEntry("error_message", "y");
		assertThat(this.jdbc.sql("select exit_message from batch_job_execution").query(String.class).single())
			.contains("REQUEST_LIMIT_EXCEEDED")
			.contains("15000/15000");
	}

	@Test
	void stopsCleanlyAtTheCallBudgetAndARestartGoesOn() {
		// given: 5 calls per invoice (itself, then 4 batches of items), a budget of 8 per
		// run
		salesforce.acceptsUpserts();
		account("A1");
		invoice("INV-1", 800);
		invoice("INV-2", 800);
		failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		long second = failure("Invoice", "INV-2", "DACO-01", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult stopped = cli("daily-retry", "--now", NOW, "--chunk-size", "1", "--format", "json");
		CliResult resumed = cli("daily-retry", "--now", NOW, "--chunk-size", "1", "--format", "json");

		// then
		assertThat(stopped.exitCode()).isEqualTo(1);
		JsonNode report = JSON.readTree(stopped.out());
		assertThat(report.path("cause").asString()).contains("reached its budget of 8 CRM calls");
		assertThat(report.path("crmCalls").asInt()).isEqualTo(8);
		assertThat(report.path("resynced").asInt()).isEqualTo(1);
		assertThat(resumed.exitCode()).as(resumed.err()).isZero();
		assertThat(JSON.readTree(resumed.out()).path("resynced").asInt()).as("this execution's own work").isEqualTo(1);
		assertThat(remainingZuoraIdsSorted()).isEmpty();
		assertThat(second).isPositive();
	}

	@Test
	void refusedCredentialsFailTheRunAtOnceAndTheSecretIsShownNowhere(CapturedOutput output) {
		// given
		salesforce.server()
			.stubFor(post(urlEqualTo(SalesforceOrg.TOKEN_PATH)).willReturn(aResponse().withStatus(400)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\": \"invalid_client\", \"error_description\": \"invalid client credentials\"}")));
		account("A1");
		invoice("INV-1", 0);
		failure("Invoice", "INV-1", "DACO-01", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult refused = cli("daily-retry", "--now", NOW);
		int tokenRequestsWhenRefused = salesforce.tokenRequests().size();
		salesforce.grantsTokens();
		salesforce.server()
			.stubFor(upsert().withHeader("Authorization", equalTo("Bearer 00Dtoken-1"))
				.willReturn(error(401, "INVALID_SESSION_ID", "Session expired or invalid")));
		salesforce.server()
			.stubFor(upsert().withHeader("Authorization", equalTo("Bearer 00Dtoken-2")).willReturn(results()));
		CliResult resumed = cli("daily-retry", "--now", NOW);

		// then
		assertThat(refused.exitCode()).isEqualTo(1);
		assertThat(refused.out()).contains("invalid_client: invalid client credentials");
		assertThat(tokenRequestsWhenRefused).isEqualTo(1);
		assertThat(resumed.exitCode()).as(resumed.err()).isZero();
		assertThat(remainingZuoraIdsSorted()).isEmpty();
		assertThat(salesforce.tokenRequests()).hasSize(3)
			.allSatisfy((request) -> assertThat(request.getBodyAsString()).contains(CLIENT_SECRET));
		assertThat(output.getAll() + refused.out() + refused.err() + resumed.out() + resumed.err())
			.contains("invalid_client")
			.doesNotContain(CLIENT_SECRET)
			.doesNotContain("00Dtoken-");
		assertThat(jobRepository()).contains("invalid_client")
			.doesNotContain(CLIENT_SECRET)
			.doesNotContain("00Dtoken-");
	}

	/** Every row of the job repository's tables, as text. */
	private String jobRepository() {
		StringBuilder rows = new StringBuilder();
		for (String table : List.of("batch_job_instance", "batch_job_execution", "batch_job_execution_params",
				"batch_job_execution_context", "batch_step_execution", "batch_step_execution_context")) {
			this.jdbc.sql("select t::text from " + table + " t").query(String.class).list().forEach(rows::append);
		}
		return rows.toString();
	}

	/**
	 * Every record of the upserts the org received, by external ID: its Account link
	 * ({@code Zuora__Account__c}), or {@code (none)}.
	 */
	private Map<String, String> sentLinks() {
		Map<String, String> links = new LinkedHashMap<>();
		for (LoggedRequest request : salesforce.upsertRequests()) {
			SalesforceOrg.body(request)
				.path("records")
				.forEach((record) -> links.put(record.path("Zuora__External_Id__c").asString(),
						record.path("Zuora__Account__c").asString("(none)")));
		}
		return links;
	}

	/** The record of external ID {@code externalId} as the org received it last. */
	private JsonNode sent(String externalId) {
		JsonNode found = null;
		for (LoggedRequest request : salesforce.upsertRequests()) {
			for (JsonNode record : SalesforceOrg.body(request).path("records")) {
				if (record.path("Zuora__External_Id__c").asString().equals(externalId)) {
					found = record;
				}
			}
		}
		return found;
	}

	/**
	 * Loads account A1, linked to {@code crmId}, and its invoice INV-1 with
	 * import-records.
	 */
	private void importRecords(String crmId) throws IOException {
		Path file = Files.createTempFile("records", ".jsonl");
		try {
			Files.writeString(file, """
					{"objectType":"Account","zuoraId":"A1","accountId":"A1","crmId":"%s","fields":{"Name":"Acme"}}
					{"objectType":"Invoice","zuoraId":"INV-1","parentId":"A1","accountId":"A1","fields":{}}
					""".formatted(crmId));
			CliResult imported = cli("import-records", "--file", file.toString());
			assertThat(imported.exitCode()).as(imported.err()).isZero();
		}
		finally {
			Files.delete(file);
		}
	}

	/**
	 * Answers bulk job {@code id} as an org that upserts every record of it:
	 * {@code externalIds} succeeded.
	 */
	private static void acceptsBulkJob(String id, List<String> externalIds) {
		salesforce.server()
			.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"id\": \"" + id + "\", \"state\": \"Open\"}")));
		salesforce.server()
			.stubFor(put(urlEqualTo(JOBS + "/" + id + "/batches")).willReturn(aResponse().withStatus(201)));
		salesforce.server()
			.stubFor(patch(urlEqualTo(JOBS + "/" + id)).willReturn(okJson("{\"state\": \"UploadComplete\"}")));
		salesforce.server()
			.stubFor(get(urlEqualTo(JOBS + "/" + id)).willReturn(okJson("{\"state\": \"JobComplete\"}")));
		StringBuilder succeeded = new StringBuilder("\"sf__Id\",\"sf__Created\",Zuora__External_Id__c\n");
		externalIds.forEach((externalId) -> succeeded.append("a0X,false,").append(externalId).append('\n'));
		salesforce.server()
			.stubFor(get(urlEqualTo(JOBS + "/" + id + "/successfulResults/"))
				.willReturn(aResponse().withStatus(200).withBody(succeeded.toString())));
		salesforce.server()
			.stubFor(get(urlEqualTo(JOBS + "/" + id + "/failedResults/"))
				.willReturn(aResponse().withStatus(200).withBody("\"sf__Id\",\"sf__Error\",Zuora__External_Id__c\n")));
	}

	private void account(String zuoraId) {
		record("Account", zuoraId, null, zuoraId, crmId(zuoraId), "{}");
	}

	/** The CRM ID of account {@code zuoraId}: {@code 0010000000000A1} for A1. */
	private static String crmId(String zuoraId) {
		return "001" + "0".repeat(12 - zuoraId.length()) + zuoraId;
	}

	/** An invoice of account A1 with {@code items} items {@code <invoice>-II-<n>}. */
	private void invoice(String zuoraId, int items) {
		record("Invoice", zuoraId, "A1", "A1", null, "{\"Zuora__Amount__c\": 10}");
		this.jdbc.sql("""
				insert into source_record (object_type, zuora_id, parent_id, account_id, fields)
				select 'InvoiceItem', :invoice || '-II-' || n, :invoice, 'A1', '{}'::jsonb
				from generate_series(1, :items) n""").param("invoice", zuoraId).param("items", items).update();
	}

	private List<String> remainingZuoraIdsSorted() {
		return this.jdbc.sql("select zuora_id from sync_failure order by zuora_id").query(String.class).list();
	}

}
