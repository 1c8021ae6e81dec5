package io.github.crmsync.crm.salesforce;

import java.util.ArrayList;
import java.util.List;

import io.github.crmsync.crm.CrmOutcome;
import io.github.crmsync.crm.CrmRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The outcomes of an sObject Collections answer (HTTP 200): one result per record, in
 * request order. A record succeeded only if its result says {@code "success": true}; a
 * result with errors rejects it with {@code STATUS_CODE: message [fields]} (several
 * errors joined by {@code ;}); anything else (a body that is not a list, a result missing
 * or unreadable, a count of results other than the count of records, which leaves no
 * telling which result is whose) is unexpected.
 */
final class UpsertResults {

	private UpsertResults() {
	}

	static List<CrmOutcome> outcomes(ObjectMapper json, List<CrmRecord> records, Answer answer) {
		JsonNode results;
		try {
			results = json.readTree(answer.body());
		}
		catch (JacksonException ex) {
			return all(records, CrmOutcome.Status.UNEXPECTED,
					"Salesforce answered HTTP 200 with a body that is not JSON: " + answer.bodyText());
		}
		if (!results.isArray()) {
			return all(records, CrmOutcome.Status.UNEXPECTED,
					"Salesforce answered HTTP 200 with a body that is not a list of results: " + answer.bodyText());
		}
		if (results.size() != records.size()) {
			return all(records, CrmOutcome.Status.UNEXPECTED, "Salesforce returned " + results.size()
					+ " results for the " + records.size() + " records of the request");
		}
		List<CrmOutcome> outcomes = new ArrayList<>(records.size());
		for (int i = 0; i < records.size(); i++) {
			outcomes.add(outcome(records.get(i).externalId(), results.get(i)));
		}
		return outcomes;
	}

	private static CrmOutcome outcome(String externalId, JsonNode result) {
		JsonNode success = result.path("success");
		if (success.isBoolean() && success.asBoolean()) {
			return CrmOutcome.success(externalId);
		}
		JsonNode errors = result.path("errors");
		if (success.isBoolean() && errors.isArray() && !errors.isEmpty()) {
			List<String> described = new ArrayList<>();
			errors.forEach((error) -> described.add(Answer.describe(error.path("statusCode").asString(""),
					error.path("message").asString(""), error.path("fields"))));
			return CrmOutcome.rejected(externalId, String.join("; ", described));
		}
		return CrmOutcome.unexpected(externalId, "Salesforce returned an unreadable result for this record: " + result);
	}

	/** The same outcome for every record of a request. */
	static List<CrmOutcome> all(List<CrmRecord> records, CrmOutcome.Status status, String message) {
		return records.stream().map((record) -> new CrmOutcome(record.externalId(), status, message)).toList();
	}

}
