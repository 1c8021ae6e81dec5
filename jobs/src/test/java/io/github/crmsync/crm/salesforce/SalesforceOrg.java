package io.github.crmsync.crm.salesforce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A Salesforce org played by WireMock: the OAuth token endpoint and sObject Collections
 * upserts. An upsert stubbed with {@link #results()} answers one result per record of the
 * request, as Salesforce does: success, unless the record's field {@value #REJECT_FIELD}
 * holds {@code STATUS_CODE: message}, which rejects it, or its Account link names an
 * Account the org does not have ({@link #UNKNOWN_ACCOUNT}) or that the integration user
 * may not see ({@link #HIDDEN_ACCOUNT}), as Salesforce rejects a lookup to such an ID.
 * <p>
 * Tests get one through {@link SalesforceOrgExtension}, which starts, resets and stops
 * it; the benchmark's server ({@link BenchSalesforceServer}) through
 * {@link #start(UnaryOperator)}.
 */
final class SalesforceOrg {

	static final String CLIENT_ID = "3MVG9test.client.id";

	/**
	 * What must never show up in a log, a message, a job parameter or the job repository.
	 */
	static final String CLIENT_SECRET = "Sec-7f3c9e1b-never-shown";

	static final String TOKEN_PATH = "/services/oauth2/token";

	static final String UPSERTS = "/services/data/v62.0/composite/sobjects/.*";

	static final String REJECT_FIELD = "Test_Reject__c";

	/** The field of the managed package's objects that links a record to its Account. */
	static final String ACCOUNT_LINK = "Zuora__Account__c";

	/**
	 * An Account ID of the right form that the org does not have: a record linked to it
	 * is rejected with {@code INVALID_CROSS_REFERENCE_KEY}.
	 */
	static final String UNKNOWN_ACCOUNT = "001000000UNKNWN";

	/**
	 * An Account the integration user may not see: a record linked to it is rejected with
	 * {@code INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY}.
	 */
	static final String HIDDEN_ACCOUNT = "001000000HIDDEN";

	static final String API_USAGE = "api-usage=1234/15000";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	final WireMockServer server;

	private final Tokens tokens = new Tokens();

	/**
	 * An org whose server's configuration is tuned by {@code tuning}, not started yet:
	 * {@link #startWarmedUp()}.
	 */
	SalesforceOrg(UnaryOperator<WireMockConfiguration> tuning) {
		this.server = new WireMockServer(
				tuning.apply(options().dynamicPort().jettyAcceptors(1).extensions(new Results(), this.tokens)));
	}

	/**
	 * Starts an org with its server's configuration tuned by {@code tuning}, warmed up as
	 * {@link #startWarmedUp()} (the benchmark's; the tests' is
	 * {@link SalesforceOrgExtension}).
	 */
	static SalesforceOrg start(UnaryOperator<WireMockConfiguration> tuning) {
		SalesforceOrg org = new SalesforceOrg(tuning);
		org.startWarmedUp();
		return org;
	}

	/**
	 * Starts the server, and warms it up so that the first answer of a test is not slower
	 * than the others; it leaves the org {@link #reset()}.
	 */
	void startWarmedUp() {
		this.server.start();
		grantsTokens().acceptsUpserts();
		HttpClient http = HttpClient.newHttpClient();
		try {
			for (int round = 0; round < 3; round++) {
				http.send(HttpRequest.newBuilder(URI.create(url() + TOKEN_PATH)).POST(BodyPublishers.noBody()).build(),
						BodyHandlers.discarding());
				http.send(HttpRequest.newBuilder(URI.create(url() + "/services/data/v62.0/composite/sobjects/X/Y"))
					.method("PATCH", BodyPublishers.ofString("{\"records\": [{\"Name\": \"x\"}]}"))
					.build(), BodyHandlers.discarding());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		reset();
	}

	void stop() {
		this.server.stop();
	}

	String url() {
		return "http://localhost:" + this.server.port();
	}

	void reset() {
		this.server.resetAll();
		this.tokens.issued.set(0);
	}

	/**
	 * Grants a new access token to every token request: {@code 00Dtoken-1} to the first
	 * one, and so on.
	 */
	SalesforceOrg grantsTokens() {
		this.server.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(aResponse().withTransformers(Tokens.NAME)));
		return this;
	}

	/** Answers every upsert with one result per record. */
	SalesforceOrg acceptsUpserts() {
		this.server.stubFor(upsert().willReturn(results()));
		return this;
	}

	static MappingBuilder upsert() {
		return patch(urlPathMatching(UPSERTS));
	}

	/**
	 * One result per record of the request (see the class comment), with the org's API
	 * usage.
	 */
	static ResponseDefinitionBuilder results() {
		return aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withHeader("Sforce-Limit-Info", API_USAGE)
			.withTransformers(Results.NAME);
	}

	/** A Salesforce error answer: {@code [{"errorCode", "message", "fields"}]}. */
	static ResponseDefinitionBuilder error(int status, String errorCode, String message) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
				[{"message": "%s", "errorCode": "%s", "fields": []}]""".formatted(message, errorCode));
	}

	/** Token requests, in the order received. */
	List<LoggedRequest> tokenRequests() {
		return requests("POST", TOKEN_PATH);
	}

	/** sObject Collections upsert requests, in the order received. */
	List<LoggedRequest> upsertRequests() {
		return requests("PATCH", "/services/data/v62.0/composite/sobjects/");
	}

	private List<LoggedRequest> requests(String method, String pathPrefix) {
		List<LoggedRequest> requests = new ArrayList<>();
		for (ServeEvent event : this.server.getAllServeEvents()) {
			LoggedRequest request = event.getRequest();
			if (request.getMethod().getName().equals(method) && request.getUrl().startsWith(pathPrefix)) {
				requests.add(request);
			}
		}
		Collections.reverse(requests);
		return requests;
	}

	/** The body of an upsert request. */
	static JsonNode body(LoggedRequest request) {
		return JSON.readTree(request.getBodyAsString());
	}

	/** The external IDs an upsert request carried, in order. */
	static List<String> externalIds(LoggedRequest request) {
		List<String> ids = new ArrayList<>();
		body(request).path("records").forEach((record) -> ids.add(record.path("Zuora__External_Id__c").asString()));
		return ids;
	}

	/** Answers a token request with a new access token for this org's instance. */
	final class Tokens implements ResponseDefinitionTransformerV2 {

		static final String NAME = "salesforce-tokens";

		private final AtomicInteger issued = new AtomicInteger();

		@Override
		public ResponseDefinition transform(ServeEvent serveEvent) {
			return ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition())
				.but()
				.withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("""
						{"access_token": "00Dtoken-%d", "instance_url": "%s", "token_type": "Bearer",
						 "issued_at": "1700000000000", "signature": "x"}""".formatted(this.issued.incrementAndGet(),
						url()))
				.build();
		}

		@Override
		public boolean applyGlobally() {
			return false;
		}

		@Override
		public String getName() {
			return NAME;
		}

	}

	/** Answers an sObject Collections upsert with one result per record. */
	static final class Results implements ResponseDefinitionTransformerV2 {

		static final String NAME = "salesforce-results";

		@Override
		public ResponseDefinition transform(ServeEvent serveEvent) {
			ArrayNode results = JSON.createArrayNode();
			for (JsonNode record : JSON.readTree(serveEvent.getRequest().getBodyAsString()).path("records")) {
				ObjectNode result = results.addObject();
				String reject = record.path(REJECT_FIELD).asString("");
				String rejectedField = REJECT_FIELD;
				String account = record.path(ACCOUNT_LINK).asString("");
				if (account.equals(UNKNOWN_ACCOUNT) || account.equals(HIDDEN_ACCOUNT)) {
					reject = account.equals(UNKNOWN_ACCOUNT) ? "INVALID_CROSS_REFERENCE_KEY: invalid cross reference id"
							: "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: insufficient access rights on "
									+ "cross-reference id";
					rejectedField = ACCOUNT_LINK;
				}
				if (reject.isEmpty()) {
					result.put("id", "a0B" + Integer.toHexString(record.hashCode())).put("success", true);
					result.putArray("errors");
					result.put("created", false);
				}
				else {
					result.put("success", false);
					ObjectNode error = result.putArray("errors").addObject();
					error.put("statusCode", reject.substring(0, reject.indexOf(':')));
					error.put("message", reject.substring(reject.indexOf(':') + 1).strip());
					error.putArray("fields").add(rejectedField);
				}
			}
			return ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition())
				.but()
				.withBody(results.toString())
				.build();
		}

		@Override
		public boolean applyGlobally() {
			return false;
		}

		@Override
		public String getName() {
			return NAME;
		}

	}

}
