package io.github.crmsync.crm.salesforce;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.http.Fault;
import io.github.crmsync.catalog.ObjectCatalog;
import io.github.crmsync.catalog.ObjectType;
import io.github.crmsync.crm.CrmLimitExceededException;
import io.github.crmsync.crm.CrmOutcome;
import io.github.crmsync.crm.CrmRecord;
import io.github.crmsync.crm.CrmRejectedCredentialsException;
import io.github.crmsync.crm.CrmUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.crmsync.crm.salesforce.SalesforceOrg.CLIENT_SECRET;
import static io.github.crmsync.crm.salesforce.SalesforceOrg.TOKEN_PATH;
import static io.github.crmsync.crm.salesforce.SalesforceOrg.error;
import static io.github.crmsync.crm.salesforce.SalesforceOrg.results;
import static io.github.crmsync.crm.salesforce.SalesforceOrg.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The Salesforce adapter against a WireMock org: what it sends and how it reads each kind
 * of answer.
 */
class SalesforceCrmTests {

	@RegisterExtension
	static final SalesforceOrgExtension salesforce = new SalesforceOrgExtension();

	static final ObjectType ACCOUNT = new ObjectType("Account", null, false, "Zuora__CustomerAccount__c",
			"Zuora__External_Id__c", false, true, 10);

	static final ObjectType INVOICE = new ObjectType("Invoice", "Account", false, "Zuora__ZInvoice__c",
			"Zuora__External_Id__c", false, true, 80);

	static final ObjectType INVOICE_ITEM = new ObjectType("InvoiceItem", "Invoice", true, "Zuora__InvoiceItem__c",
			"Zuora__External_Id__c", false, true, 90);

	SalesforceCrm crm = crm(Duration.ofSeconds(2));

	static SalesforceCrm crm(Duration readTimeout) {
		return crm(readTimeout, Duration.ofSeconds(2), salesforce);
	}

	static SalesforceCrm crm(Duration readTimeout, Duration bulkTimeout, SalesforceOrgExtension salesforce) {
		SalesforceSettings settings = new SalesforceSettings(URI.create(salesforce.url()), SalesforceOrg.CLIENT_ID,
				CLIENT_SECRET, "62.0", Duration.ofSeconds(1), readTimeout, 4, null, null, 2000, Duration.ofMillis(10),
				bulkTimeout)
			.check();
		return new SalesforceCrm(SalesforceConfiguration.restClient(settings), settings, FieldMapping.load(null),
				() -> new ObjectCatalog(List.of(ACCOUNT, INVOICE, INVOICE_ITEM)), JsonMapper.builder().build());
	}

	@Test
	void signsInOnceWithClientCredentialsForManyUpserts() {
		// given
		salesforce.grantsTokens().acceptsUpserts();

		// when
		for (int call = 0; call < 3; call++) {
			this.crm.upsert(INVOICE, List.of(record("INV-" + call, "A-1")));
		}

		// then
		assertThat(salesforce.tokenRequests()).singleElement().satisfies((token) -> {
			assertThat(token.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
			assertThat(token.getBodyAsString()).isEqualTo("grant_type=client_credentials&client_id="
					+ SalesforceOrg.CLIENT_ID + "&client_secret=" + CLIENT_SECRET);
		});
		assertThat(salesforce.upsertRequests()).hasSize(3)
			.allSatisfy((request) -> assertThat(request.getHeader("Authorization")).isEqualTo("Bearer 00Dtoken-1"));
	}

	@Test
	void upsertsAnSObjectCollectionByExternalIdNamingTheParentByItsExternalId() {
		// given
		salesforce.grantsTokens().acceptsUpserts();

		// when
		List<CrmOutcome> outcomes = this.crm.upsert(INVOICE_ITEM,
				List.of(new CrmRecord("II-1", "INV-1", Map.of("Name", "Item 1", "Zuora__Quantity__c", 2)),
						new CrmRecord("II-2", "INV-1", Map.of("sandboxReject", "x"))));

		// then
		assertThat(outcomes).containsExactly(CrmOutcome.success("II-1"), CrmOutcome.success("II-2"));
		salesforce.server()
			.verify(patchRequestedFor(
					urlEqualTo("/services/data/v62.0/composite/sobjects/Zuora__InvoiceItem__c/Zuora__External_Id__c"))
				.withHeader("Content-Type", equalTo("application/json"))
				.withRequestBody(equalToJson("""
						{"allOrNone": false, "records": [
						  {"attributes": {"type": "Zuora__InvoiceItem__c"}, "Zuora__External_Id__c": "II-1",
						   "Name": "Item 1", "Zuora__Quantity__c": 2,
						   "Zuora__Invoice__r": {"Zuora__External_Id__c": "INV-1"}},
						  {"attributes": {"type": "Zuora__InvoiceItem__c"}, "Zuora__External_Id__c": "II-2",
						   "Zuora__Invoice__r": {"Zuora__External_Id__c": "INV-1"}}]}""")));
	}

	@Test
	void aRootRecordHasNoParentReference() {
		// given
		salesforce.grantsTokens().acceptsUpserts();

		// when
		this.crm.upsert(ACCOUNT, List.of(new CrmRecord("A-1", null, Map.of("Name", "Acme"))));

		// then
		assertThat(SalesforceOrg.body(salesforce.upsertRequests().get(0)).path("records").get(0).propertyNames())
			.containsExactly("attributes", "Zuora__External_Id__c", "Name");
	}

	@Test
	void fetchesANewTokenOnceWhenTheSessionExpiredAndRepeatsTheCall() {
		// given
		salesforce.grantsTokens();
		salesforce.server()
			.stubFor(upsert().withHeader("Authorization", equalTo("Bearer 00Dtoken-1"))
				.willReturn(error(401, "INVALID_SESSION_ID", "Session expired or invalid")));
		salesforce.server()
			.stubFor(upsert().withHeader("Authorization", equalTo("Bearer 00Dtoken-2")).willReturn(results()));

		// when
		List<CrmOutcome> first = this.crm.upsert(INVOICE, List.of(record("INV-1", "A-1")));
		List<CrmOutcome> second = this.crm.upsert(INVOICE, List.of(record("INV-2", "A-1")));

		// then
		assertThat(first).containsExactly(CrmOutcome.success("INV-1"));
		assertThat(second).containsExactly(CrmOutcome.success("INV-2"));
		assertThat(salesforce.tokenRequests()).hasSize(2);
		assertThat(salesforce.upsertRequests()).extracting((request) -> request.getHeader("Authorization"))
			.containsExactly("Bearer 00Dtoken-1", "Bearer 00Dtoken-2", "Bearer 00Dtoken-2");
	}

	@Test
	void aNewTokenRefusedAgainFailsWithoutAnotherAttempt() {
		// given
		salesforce.grantsTokens();
		salesforce.server()
			.stubFor(upsert().willReturn(error(401, "INVALID_SESSION_ID", "Session expired or invalid")));

		// when / then
		assertThatExceptionOfType(CrmRejectedCredentialsException.class)
			.isThrownBy(() -> this.crm.upsert(INVOICE, List.of(record("INV-1", "A-1"))))
			.withMessageContaining("INVALID_SESSION_ID");
		assertThat(salesforce.tokenRequests()).hasSize(2);
		assertThat(salesforce.upsertRequests()).hasSize(2);
	}

	@Test
	void refusedClientCredentialsFailAtOnceNamingTheErrorButNotTheSecret() {
		// given
		salesforce.server()
			.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(400)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\": \"invalid_client\", \"error_description\": \"invalid client credentials\"}")));

		// when / then
		assertThatExceptionOfType(CrmRejectedCredentialsException.class)
			.isThrownBy(() -> this.crm.upsert(INVOICE, List.of(record("INV-1", "A-1"))))
			.withMessageContaining("invalid_client: invalid client credentials")
			.withMessageContaining("CRM_SALESFORCE_CLIENT_SECRET")
			.withMessageNotContaining(CLIENT_SECRET);
		assertThat(salesforce.upsertRequests()).isEmpty();
	}

	@Test
	void perRecordErrorsRejectThoseRecordsAndTheOthersSucceed() {
		// given
		salesforce.grantsTokens().acceptsUpserts();

		// when
		List<CrmOutcome> outcomes = this.crm.upsert(INVOICE,
				List.of(record("INV-1", "A-1"),
						new CrmRecord("INV-2", "A-1",
								Map.of(SalesforceOrg.REJECT_FIELD, "FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount < 0")),
						record("INV-3", "A-1")));

		// then
		assertThat(outcomes).containsExactly(CrmOutcome.success("INV-1"),
				CrmOutcome.rejected("INV-2", "FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount < 0 [Test_Reject__c]"),
				CrmOutcome.success("INV-3"));
	}

	@Test
	void severalErrorsOfOneRecordAreAllNamed() {
		// given
		salesforce.grantsTokens();
		salesforce.server().stubFor(upsert().willReturn(okJson("""
				[{"success": false, "errors": [
				  {"statusCode": "DUPLICATE_VALUE", "message": "duplicate value found", "fields": []},
				  {"statusCode": "REQUIRED_FIELD_MISSING", "message": "Required fields are missing",
				   "fields": ["Name", "Zuora__Account__c"]}]}]""")));

		// when
		List<CrmOutcome> outcomes = this.crm.upsert(INVOICE, List.of(record("INV-1", "A-1")));

		// then
		assertThat(outcomes).containsExactly(CrmOutcome.rejected("INV-1", "DUPLICATE_VALUE: duplicate value found; "
				+ "REQUIRED_FIELD_MISSING: Required fields are missing [Name, Zuora__Account__c]"));
	}

	@Test
	void anExternalIdMatchingSeveralRecordsRejectsTheRecordsOfTheCall() {
		// given
		salesforce.grantsTokens();
		salesforce.server()
			.stubFor(upsert().willReturn(aResponse().withStatus(300)
				.withHeader("Content-Type", "application/json")
				.withBody("[\"/services/data/v62.0/sobjects/Zuora__ZInvoice__c/a0B1\", "
						+ "\"/services/data/v62.0/sobjects/Zuora__ZInvoice__c/a0B2\"]")));

		// when
		List<CrmOutcome> outcomes = this.crm.upsert(INVOICE, List.of(record("INV-1", "A-1"), record("INV-2", "A-1")));

		// then
		assertThat(outcomes).extracting(CrmOutcome::externalId, CrmOutcome::status)
			.containsExactly(tuple("INV-1", CrmOutcome.Status.REJECTED), tuple("INV-2", CrmOutcome.Status.REJECTED));
		assertThat(outcomes.get(0).message()).startsWith("MULTIPLE_CHOICES: ").contains("a0B1", "a0B2");
	}

	@Test
	void aMalformedRequestFailsEveryRecordOfTheCallAsUnexpected() {
		// given
		salesforce.grantsTokens();
		salesforce.server()
			.stubFor(upsert().willReturn(
					error(400, "INVALID_FIELD", "No such column 'Amount' on sobject of type Zuora__ZInvoice__c")));

		// when
		List<CrmOutcome> outcomes = this.crm.upsert(INVOICE, List.of(record("INV-1", "A-1"), record("INV-2", "A-1")));

		// then
		assertThat(outcomes).hasSize(2).allSatisfy((outcome) -> {
			assertThat(outcome.status()).isEqualTo(CrmOutcome.Status.UNEXPECTED);
			assertThat(outcome.message()).isEqualTo("Salesforce answered HTTP 400 to the whole request (2 "
					+ "Zuora__ZInvoice__c records): INVALID_FIELD: No such column 'Amount' on sobject of type "
					+ "Zuora__ZInvoice__c");
		});
	}

	@Test
	void neverCountsARecordAsSucceededWithoutASuccessResult() {
		// given
		salesforce.grantsTokens();
		List<CrmRecord> two = List.of(record("INV-1", "A-1"), record("INV-2", "A-1"));
		List<String> answers = List.of("[{\"success\": true, \"errors\": []}]", "{\"success\": true}",
				"[{\"success\": true, \"errors\": []}, {\"id\": \"a0B2\"}]", "[{\"success\": tr");

		for (String answer : answers) {
			salesforce.server().stubFor(upsert().willReturn(okJson(answer)));

			// when
			List<CrmOutcome> outcomes = this.crm.upsert(INVOICE, two);

			// then
			assertThat(outcomes).as(answer)
				.hasSize(2)
				.last()
				.extracting(CrmOutcome::status)
				.isEqualTo(CrmOutcome.Status.UNEXPECTED);
			assertThat(outcomes.get(1).externalId()).isEqualTo("INV-2");
		}
	}

	@Test
	void anUnavailableServerIsTransientAndSaysWhenToComeBack() {
		// given
		salesforce.grantsTokens();
		salesforce.server()
			.stubFor(upsert()
				.willReturn(error(503, "SERVER_UNAVAILABLE", "Server unavailable").withHeader("Retry-After", "7")));

		// when / then
		assertThatExceptionOfType(CrmUnavailableException.class)
			.isThrownBy(() -> this.crm.upsert(INVOICE, List.of(record("INV-1", "A-1"))))
			.withMessageContaining("HTTP 503")
			.withMessageContaining("SERVER_UNAVAILABLE")
			.satisfies((ex) -> assertThat(ex.retryAfter()).contains(Duration.ofSeconds(7)));
	}

	@Test
	void aSpentApiAllowanceStopsWithTheOrgsUsage() {
		// given
		salesforce.grantsTokens();
		salesforce.server()
			.stubFor(upsert().willReturn(error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
				.withHeader("Sforce-Limit-Info", "api-usage=15000/15000")));

		// when / then
		assertThatExceptionOfType(CrmLimitExceededException.class)
			.isThrownBy(() -> this.crm.upsert(INVOICE, List.of(record("INV-1", "A-1"))))
			.withMessageContaining("REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.")
			.withMessageContaining("org API usage 15000/15000");
		assertThat(this.crm.lastApiUsage()).isEqualTo("15000/15000");
	}

	@Test
	void keepsTheApiUsageOfTheLastAnswer() {
		// given
		salesforce.grantsTokens().acceptsUpserts();

		// when
		this.crm.upsert(INVOICE, List.of(record("INV-1", "A-1")));

		// then
		assertThat(this.crm.lastApiUsage()).isEqualTo("1234/15000");
	}

	@Test
	void aSlowAnswerTimesOutAsTransientTrouble() {
		// given
		SalesforceCrm impatient = crm(Duration.ofMillis(200));
		salesforce.grantsTokens();
		salesforce.server().stubFor(upsert().willReturn(results().withFixedDelay(1_000)));

		// when / then
		long start = System.nanoTime();
		assertThatExceptionOfType(CrmUnavailableException.class)
			.isThrownBy(() -> impatient.upsert(INVOICE, List.of(record("INV-1", "A-1"))))
			.withMessageContaining("did not answer");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
	}

	@Test
	void aDroppedConnectionIsTransientTrouble() {
		// given
		salesforce.grantsTokens();
		salesforce.server().stubFor(upsert().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		// when / then
		assertThatExceptionOfType(CrmUnavailableException.class)
			.isThrownBy(() -> this.crm.upsert(INVOICE, List.of(record("INV-1", "A-1"))));
	}

	@Test
	void refusesMoreThan200RecordsPerCall() {
		// given
		List<CrmRecord> records = IntStream.rangeClosed(1, 201).mapToObj((i) -> record("INV-" + i, "A-1")).toList();

		// when / then
		assertThatIllegalArgumentException().isThrownBy(() -> this.crm.upsert(INVOICE, records));
		assertThat(salesforce.server().getAllServeEvents()).isEmpty();
	}

	private static CrmRecord record(String zuoraId, String parentId) {
		return new CrmRecord(zuoraId, parentId, Map.of("Name", zuoraId));
	}

}
