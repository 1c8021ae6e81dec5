package io.github.crmsync.crm.salesforce;

import java.util.List;
import java.util.function.Supplier;

import io.github.crmsync.catalog.ObjectCatalog;
import io.github.crmsync.catalog.ObjectType;
import io.github.crmsync.crm.CrmOutcome;
import io.github.crmsync.crm.CrmPort;
import io.github.crmsync.crm.CrmRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;

/**
 * Salesforce behind the CRM port: one sObject Collections upsert by external ID per call
 * ({@code PATCH /services/data/vNN.N/composite/sobjects/{SObject}/{ExternalIdField}},
 * {@code allOrNone} false).
 * <ul>
 * <li>HTTP 200: one outcome per record from its result ({@link UpsertResults}); HTTP 300
 * (an external ID matches several records): every record of the call is rejected; any
 * other 4xx (a malformed request: 400, an unknown object: 404, …): every record of the
 * call is unexpected, and the run goes on with other calls.</li>
 * <li>An expired session, a spent allowance, 5xx and connection trouble: as every request
 * ({@link SalesforceApi}).</li>
 * </ul>
 */
final class SalesforceCrm implements CrmPort {

	private static final Logger logger = LoggerFactory.getLogger(SalesforceCrm.class);

	private final SalesforceApi api;

	private final SalesforceBulk bulk;

	private final SalesforceSettings settings;

	private final FieldMapping mapping;

	private final Supplier<ObjectCatalog> catalog;

	private final ObjectMapper json;

	SalesforceCrm(RestClient rest, SalesforceSettings settings, FieldMapping mapping, Supplier<ObjectCatalog> catalog,
			ObjectMapper json) {
		this.api = new SalesforceApi(rest, settings, json);
		this.bulk = new SalesforceBulk(this.api, settings, json);
		this.settings = settings;
		this.mapping = mapping;
		this.catalog = catalog;
		this.json = json;
	}

	@Override
	public List<CrmOutcome> upsert(ObjectType type, List<CrmRecord> records) {
		if (records.size() > MAX_BATCH_SIZE) {
			throw new IllegalArgumentException(
					"At most " + MAX_BATCH_SIZE + " records per call, got " + records.size());
		}
		if (records.isEmpty()) {
			return List.of();
		}
		Answer answer = this.api.send(HttpMethod.PATCH,
				"/composite/sobjects/" + type.salesforceObject() + "/" + type.externalIdField(), body(type, records),
				"the upsert of " + records.size() + " " + type.salesforceObject() + " records");
		return outcomes(type, records, answer);
	}

	/**
	 * Through Bulk API 2.0 ({@link SalesforceBulk}): above
	 * {@code crm.salesforce.bulk-threshold} records.
	 */
	@Override
	public List<CrmOutcome> upsertBulk(ObjectType type, List<CrmRecord> records) {
		return this.bulk.upsert(type, sobjects(type, records), records);
	}

	@Override
	public int bulkThreshold() {
		return (this.settings.bulkThreshold() > 0) ? this.settings.bulkThreshold() : Integer.MAX_VALUE;
	}

	private byte[] body(ObjectType type, List<CrmRecord> records) {
		ObjectNode request = this.json.createObjectNode();
		request.put("allOrNone", false);
		request.putArray("records").addAll(sobjects(type, records));
		return this.json.writeValueAsBytes(request);
	}

	private List<ObjectNode> sobjects(ObjectType type, List<CrmRecord> records) {
		ObjectCatalog catalog = this.catalog.get();
		ObjectType parent = (type.parent() != null) ? catalog.find(type.parent()).orElse(null) : null;
		TypeMapping rules = this.mapping.forType(type.name());
		return records.stream().map((record) -> rules.toSObject(this.json, type, parent, record)).toList();
	}

	private List<CrmOutcome> outcomes(ObjectType type, List<CrmRecord> records, Answer answer) {
		int status = answer.status();
		if (status == 200) {
			return UpsertResults.outcomes(this.json, records, answer);
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
		this.api.signOut();
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
	public @Nullable String lastApiUsage() {
		return this.api.lastApiUsage();
	}

}
