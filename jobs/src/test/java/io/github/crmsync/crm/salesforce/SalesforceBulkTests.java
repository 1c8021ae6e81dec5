package io.github.crmsync.crm.salesforce;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.crmsync.crm.CrmOutcome;
import io.github.crmsync.crm.CrmRecord;
import io.github.crmsync.crm.CrmUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.crmsync.crm.salesforce.SalesforceCrmTests.INVOICE_ITEM;
import static io.github.crmsync.crm.salesforce.SalesforceOrg.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Bulk API 2.0 upserts against a WireMock org: the job's life, the CSV sent, and how
 * results become outcomes.
 */
class SalesforceBulkTests {

	@RegisterExtension
	static final SalesforceOrgExtension salesforce = SalesforceOrgExtension.grantingTokens();

	static final String JOBS = "/services/data/v62.0/jobs/ingest";

	static final String JOB = JOBS + "/750J";

	final SalesforceCrm crm = crm(Duration.ofSeconds(2));

	static SalesforceCrm crm(Duration bulkTimeout) {
		return SalesforceCrmTests.crm(Duration.ofSeconds(2), bulkTimeout, salesforce);
	}

	@Test
	void upsertsThroughOneIngestJobAndMatchesItsResultsByExternalId() {
		// given
		acceptsJob();
		jobStates("InProgress", "JobComplete");
		results("successfulResults", """
				"sf__Id","sf__Created",Zuora__External_Id__c,Name,Zuora__Invoice__r.Zuora__External_Id__c
				a0C3,false,II-3,"Item, 3",INV-1
				a0C1,true,II-1,Item 1,INV-1
				""");
		results("failedResults", """
				"sf__Id","sf__Error",Zuora__External_Id__c,Name,Zuora__Invoice__r.Zuora__External_Id__c
				,"FIELD_CUSTOM_VALIDATION_EXCEPTION:Quantity must be positive:Zuora__Quantity__c --",II-2,Item 2,INV-1
				""");
		Map<String, Object> nullQuantity = new HashMap<>();
		nullQuantity.put("Name", "Item 2");
		nullQuantity.put("Zuora__Quantity__c", null);
		List<CrmRecord> records = List.of(new CrmRecord("II-1", "INV-1", Map.of("Name", "Item 1")),
				new CrmRecord("II-2", "INV-1", nullQuantity),
				new CrmRecord("II-3", "INV-1", Map.of("Name", "Item, 3", "Zuora__Tags__c", List.of("a", "b"))),
				new CrmRecord("II-4", "INV-1", Map.of("Name", "Item 4")));

		// when
		List<CrmOutcome> outcomes = this.crm.upsertBulk(INVOICE_ITEM, records);

		// then
		assertThat(outcomes).containsExactly(CrmOutcome.success("II-1"),
				CrmOutcome.rejected("II-2",
						"FIELD_CUSTOM_VALIDATION_EXCEPTION: Quantity must be positive:Zuora__Quantity__c --"),
				CrmOutcome.success("II-3"), CrmOutcome.unexpected("II-4",
						"Salesforce's bulk job 750J (JobComplete) reported no result for this record"));
		salesforce.server().verify(postRequestedFor(urlEqualTo(JOBS)).withRequestBody(equalToJson("""
				{"object": "Zuora__InvoiceItem__c", "externalIdFieldName": "Zuora__External_Id__c",
				 "contentType": "CSV", "operation": "upsert", "lineEnding": "LF"}""")));
		salesforce.server()
			.verify(putRequestedFor(urlEqualTo(JOB + "/batches")).withHeader("Content-Type", equalTo("text/csv"))
				.withRequestBody(
						equalTo("""
								Zuora__External_Id__c,Name,Zuora__Invoice__r.Zuora__External_Id__c,Zuora__Quantity__c,Zuora__Tags__c
								II-1,Item 1,INV-1,,
								II-2,Item 2,INV-1,#N/A,
								II-3,"Item, 3",INV-1,,"[""a"",""b""]"
								II-4,Item 4,INV-1,,
								""")));
		salesforce.server()
			.verify(patchRequestedFor(urlEqualTo(JOB)).withRequestBody(equalToJson("{\"state\": \"UploadComplete\"}")));
	}

	@Test
	void aFailedJobFailsTheRecordsItReportsNothingForAsUnexpected() {
		// given
		acceptsJob();
		salesforce.server()
			.stubFor(get(urlEqualTo(JOB))
				.willReturn(okJson("{\"id\": \"750J\", \"state\": \"Failed\", \"errorMessage\": \"InvalidBatch\"}")));
		results("successfulResults", "\"sf__Id\",\"sf__Created\",Zuora__External_Id__c\n");
		results("failedResults", "\"sf__Id\",\"sf__Error\",Zuora__External_Id__c\n");

		// when
		List<CrmOutcome> outcomes = this.crm.upsertBulk(INVOICE_ITEM,
				List.of(new CrmRecord("II-1", "INV-1", Map.of())));

		// then
		assertThat(outcomes).containsExactly(CrmOutcome.unexpected("II-1",
				"Salesforce's bulk job 750J (Failed: InvalidBatch) reported no result for this record"));
	}

	@Test
	void aJobRefusedAtCreationFailsItsRecordsAsUnexpected() {
		// given
		salesforce.server()
			.stubFor(post(urlEqualTo(JOBS))
				.willReturn(error(400, "INVALIDJOB", "Unable to find object: Zuora__InvoiceItem__c")));

		// when
		List<CrmOutcome> outcomes = this.crm.upsertBulk(INVOICE_ITEM,
				List.of(new CrmRecord("II-1", "INV-1", Map.of())));

		// then
		assertThat(outcomes).singleElement().satisfies((outcome) -> {
			assertThat(outcome.status()).isEqualTo(CrmOutcome.Status.UNEXPECTED);
			assertThat(outcome.message()).contains("HTTP 400").contains("INVALIDJOB: Unable to find object");
		});
	}

	@Test
	void aJobThatTakesTooLongIsAbortedAsTransientTrouble() {
		// given
		SalesforceCrm impatient = crm(Duration.ofMillis(50));
		acceptsJob();
		salesforce.server().stubFor(get(urlEqualTo(JOB)).willReturn(okJson("{\"state\": \"InProgress\"}")));

		// when / then
		assertThatExceptionOfType(CrmUnavailableException.class)
			.isThrownBy(() -> impatient.upsertBulk(INVOICE_ITEM, List.of(new CrmRecord("II-1", "INV-1", Map.of()))))
			.withMessageContaining("did not complete the bulk upsert of 1 Zuora__InvoiceItem__c records");
		salesforce.server()
			.verify(patchRequestedFor(urlEqualTo(JOB)).withRequestBody(equalToJson("{\"state\": \"Aborted\"}")));
	}

	private static void acceptsJob() {
		salesforce.server()
			.stubFor(post(urlEqualTo(JOBS)).willReturn(okJson("{\"id\": \"750J\", \"state\": \"Open\"}")));
		salesforce.server().stubFor(put(urlEqualTo(JOB + "/batches")).willReturn(aResponse().withStatus(201)));
		salesforce.server().stubFor(patch(urlEqualTo(JOB)).willReturn(okJson("{\"state\": \"UploadComplete\"}")));
	}

	private static void jobStates(String... states) {
		String state = Scenario.STARTED;
		for (int i = 0; i < states.length; i++) {
			String next = "poll-" + (i + 1);
			salesforce.server()
				.stubFor(get(urlEqualTo(JOB)).inScenario("job")
					.whenScenarioStateIs(state)
					.willSetStateTo((i < states.length - 1) ? next : state)
					.willReturn(okJson("{\"id\": \"750J\", \"state\": \"" + states[i] + "\"}")));
			state = next;
		}
	}

	private static void results(String kind, String csv) {
		salesforce.server()
			.stubFor(get(urlEqualTo(JOB + "/" + kind + "/"))
				.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/csv").withBody(csv)));
	}

}
