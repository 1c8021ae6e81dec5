package io.github.crmsync.crm.salesforce;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.github.crmsync.catalog.ObjectCatalog;
import io.github.crmsync.catalog.ObjectType;
import io.github.crmsync.crm.CrmLimitExceededException;
import io.github.crmsync.crm.CrmOutcome;
import io.github.crmsync.crm.CrmPort;
import io.github.crmsync.crm.CrmRecord;
import io.github.crmsync.crm.CrmRejectedCredentialsException;
import io.github.crmsync.crm.CrmUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Salesforce behind the CRM port: one sObject Collections upsert by external ID per call
 * ({@code PATCH /services/data/vNN.N/composite/sobjects/{SObject}/{ExternalIdField}}, {@code allOrNone} false).
 * <ul>
 * <li>HTTP 200: one outcome per record from its result ({@link UpsertResults}); HTTP 300 (an external ID matches
 * several records): every record of the call is rejected; any other 4xx (a malformed request: 400, an unknown
 * object: 404, …): every record of the call is unexpected, and the run goes on with other calls.</li>
 * <li>401: the session expired; a new token is fetched once and the call repeated.</li>
 * <li>403 {@code REQUEST_LIMIT_EXCEEDED}: {@link CrmLimitExceededException} with the org's usage; 5xx, 429, time-outs
 * and connection trouble: {@link CrmUnavailableException}, carrying {@code Retry-After}.</li>
 * </ul>
 * The org's API usage of every answer ({@code Sforce-Limit-Info}) is kept for the report.
 */
final class SalesforceCrm implements CrmPort {

	private static final Logger logger = LoggerFactory.getLogger(SalesforceCrm.class);

	private final RestClient rest;

	private final SalesforceSession session;

	private final SalesforceSettings settings;

	private final FieldMapping mapping;

	private final Supplier<ObjectCatalog> catalog;

	private final ObjectMapper json;

	private final AtomicReference<String> apiUsage = new AtomicReference<>();

	SalesforceCrm(RestClient rest, SalesforceSettings settings, FieldMapping mapping, Supplier<ObjectCatalog> catalog,
			ObjectMapper json) {
		this.rest = rest;
		this.session = new SalesforceSession(rest, settings, json);
		this.settings = settings;
		this.mapping = mapping;
		this.catalog = catalog;
		this.json = json;
	}

	@Override
	public List<CrmOutcome> upsert(ObjectType type, List<CrmRecord> records) {
		if (records.size() > MAX_BATCH_SIZE) {
			throw new IllegalArgumentException("At most " + MAX_BATCH_SIZE + " records per call, got " + records.size());
		}
		if (records.isEmpty()) {
			return List.of();
		}
		byte[] body = body(type, records);
		SalesforceSession.Token token = this.session.current();
		Answer answer = send(token, type, body, records.size());
		if (answer.status() == 401) {
			logger.info("Salesforce refused the access token ({}): fetching a new one", answer.error(this.json));
			answer = send(this.session.renew(token), type, body, records.size());
			if (answer.status() == 401) {
				throw new CrmRejectedCredentialsException("Salesforce refused a newly issued access token ("
						+ answer.error(this.json) + "): check the connected app's run-as user and its OAuth scopes");
			}
		}
		return outcomes(type, records, answer);
	}

	private byte[] body(ObjectType type, List<CrmRecord> records) {
		ObjectCatalog catalog = this.catalog.get();
		ObjectType parent = (type.parent() != null) ? catalog.find(type.parent()).orElse(null) : null;
		TypeMapping rules = this.mapping.forType(type.name());
		ObjectNode request = this.json.createObjectNode();
		request.put("allOrNone", false);
		ArrayNode sobjects = request.putArray("records");
		records.forEach((record) -> sobjects.add(rules.toSObject(this.json, type, parent, record)));
		return this.json.writeValueAsBytes(request);
	}

	private Answer send(SalesforceSession.Token token, ObjectType type, byte[] body, int count) {
		URI uri = URI.create(token.instanceUrl().toString().replaceAll("/+$", "") + this.settings.apiPath()
				+ "/composite/sobjects/" + type.salesforceObject() + "/" + type.externalIdField());
		Answer answer;
		try {
			answer = this.rest.method(HttpMethod.PATCH)
				.uri(uri)
				.headers((headers) -> headers.setBearerAuth(token.accessToken()))
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.body(body)
				.exchange((request, response) -> new Answer(response.getStatusCode().value(), response.getHeaders(),
						response.getBody().readAllBytes()));
		}
		catch (RestClientException ex) {
			throw new CrmUnavailableException("Salesforce did not answer the upsert of " + count + " "
					+ type.salesforceObject() + " records: " + rootMessage(ex), ex);
		}
		String usage = answer.apiUsage();
		if (usage != null) {
			this.apiUsage.set(usage);
		}
		return answer;
	}

	private List<CrmOutcome> outcomes(ObjectType type, List<CrmRecord> records, Answer answer) {
		int status = answer.status();
		if (status == 200) {
			return UpsertResults.outcomes(this.json, records, answer);
		}
		if (status == 403 && "REQUEST_LIMIT_EXCEEDED".equals(answer.errorCode(this.json))) {
			String usage = answer.apiUsage();
			throw new CrmLimitExceededException("Salesforce refused the call: " + answer.error(this.json)
					+ " (org API usage " + ((usage != null) ? usage : "not reported") + "): the org's 24-hour API "
					+ "allowance is spent, no further calls were made; restart the run once it has recovered");
		}
		if (status == 429 || status >= 500) {
			throw new CrmUnavailableException("Salesforce answered HTTP " + status + " to the upsert of "
					+ records.size() + " " + type.salesforceObject() + " records: " + answer.error(this.json),
					answer.retryAfter());
		}
		if (status == 300) {
			return UpsertResults.all(records, CrmOutcome.Status.REJECTED, "MULTIPLE_CHOICES: the external ID "
					+ "matches several " + type.salesforceObject() + " records (HTTP 300): " + answer.bodyText());
		}
		String problem = "Salesforce answered HTTP " + status + " to the whole request (" + records.size() + " "
				+ type.salesforceObject() + " records): " + answer.error(this.json);
		if (status >= 400) {
			logger.warn("{}; the records of the request are failed as unexpected", problem);
		}
		return UpsertResults.all(records, CrmOutcome.Status.UNEXPECTED, problem);
	}

	/** Forgets the access token, so that the next call signs in again. */
	void signOut() {
		this.session.signOut();
	}

	@Override
	public int maxConcurrentCalls() {
		return this.settings.maxRequestsInFlight();
	}

	@Override
	public long maxCallsPerRun() {
		return (this.settings.maxCallsPerRun() != null) ? this.settings.maxCallsPerRun() : Long.MAX_VALUE;
	}

	@Override
	public String lastApiUsage() {
		return this.apiUsage.get();
	}

	/** The deepest cause's message: what went wrong on the wire (refused, timed out, reset). */
	static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return root.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

}
