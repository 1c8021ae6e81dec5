package io.github.crmsync.crm.salesforce;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.crmsync.catalog.ObjectType;
import io.github.crmsync.crm.CrmOutcome;
import io.github.crmsync.crm.CrmRecord;
import io.github.crmsync.crm.CrmUnavailableException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * A Bulk API 2.0 upsert of many records of one object: create an ingest job
 * ({@code operation: upsert} by the external ID field), upload the records as CSV, close
 * the job, wait for it (polling, the wait doubling up to 30 s, at most
 * {@code bulk-timeout}: then the job is aborted and the trouble is transient), then read
 * its successful and failed results, matched to the records by external ID (their order
 * is not the upload's).
 * <p>
 * A record's CSV row is its sObject Collections record flattened: the parent reference
 * becomes the column {@code Zuora__Invoice__r.Zuora__External_Id__c}, a {@code null}
 * becomes {@code #N/A} (which clears the field, as {@code null} does in JSON), a list or
 * object its JSON text; a field a record does not have is left empty, which leaves it
 * unchanged. A record in neither result list is unexpected; a job Salesforce refuses
 * (HTTP 4xx) fails its records as unexpected, as a refused sObject Collections request
 * does.
 */
final class SalesforceBulk {

	private static final Logger logger = LoggerFactory.getLogger(SalesforceBulk.class);

	private static final MediaType CSV = MediaType.parseMediaType("text/csv");

	private static final Duration LONGEST_POLL = Duration.ofSeconds(30);

	private final SalesforceApi api;

	private final SalesforceSettings settings;

	private final ObjectMapper json;

	SalesforceBulk(SalesforceApi api, SalesforceSettings settings, ObjectMapper json) {
		this.api = api;
		this.settings = settings;
		this.json = json;
	}

	List<CrmOutcome> upsert(ObjectType type, List<ObjectNode> sobjects, List<CrmRecord> records) {
		String what = "the bulk upsert of " + records.size() + " " + type.salesforceObject() + " records";
		ObjectNode job = this.json.createObjectNode()
			.put("object", type.salesforceObject())
			.put("externalIdFieldName", type.externalIdField())
			.put("contentType", "CSV")
			.put("operation", "upsert")
			.put("lineEnding", "LF");
		Answer created = this.api.send(HttpMethod.POST, "/jobs/ingest", this.json.writeValueAsBytes(job), what);
		String id = (created.status() == 200 || created.status() == 201) ? jobId(created) : null;
		if (id == null) {
			return refused(records, what, created);
		}
		String path = "/jobs/ingest/" + id;
		Answer uploaded = this.api.send(HttpMethod.PUT, path + "/batches", CSV, csv(sobjects),
				MediaType.APPLICATION_JSON, what);
		if (uploaded.status() != 201) {
			abort(path, what);
			return refused(records, what, uploaded);
		}
		Answer closed = this.api.send(HttpMethod.PATCH, path, state("UploadComplete"), what);
		if (closed.status() != 200) {
			abort(path, what);
			return refused(records, what, closed);
		}
		JsonNode finished = await(path, what);
		Map<String, CrmOutcome> outcomes = new HashMap<>();
		results(path + "/successfulResults/", type, what).forEach((row) -> {
			String externalId = row.get(type.externalIdField());
			if (externalId != null) {
				outcomes.put(externalId, CrmOutcome.success(externalId));
			}
		});
		results(path + "/failedResults/", type, what).forEach((row) -> {
			String externalId = row.get(type.externalIdField());
			if (externalId != null) {
				outcomes.put(externalId, CrmOutcome.rejected(externalId, error(row.get("sf__Error"))));
			}
		});
		String state = finished.path("state").asString("");
		String problem = finished.path("errorMessage").asString("");
		String missing = "Salesforce's bulk job " + id + " (" + state + (problem.isBlank() ? "" : ": " + problem)
				+ ") reported no result for this record";
		return records.stream()
			.map((record) -> outcomes.getOrDefault(record.externalId(),
					CrmOutcome.unexpected(record.externalId(), missing)))
			.toList();
	}

	/**
	 * Waits for the job to end; aborts it and fails as transient trouble if it takes
	 * longer than the time-out.
	 */
	private JsonNode await(String path, String what) {
		long deadline = System.nanoTime() + this.settings.bulkTimeout().toNanos();
		Duration wait = this.settings.bulkPollInterval();
		while (true) {
			sleep(wait);
			Answer answer = this.api.send(HttpMethod.GET, path, null, what);
			JsonNode job = (answer.status() == 200) ? readJson(answer) : null;
			String state = (job != null) ? job.path("state").asString("") : "";
			if (job != null && (state.equals("JobComplete") || state.equals("Failed") || state.equals("Aborted"))) {
				return job;
			}
			if (System.nanoTime() - deadline > 0) {
				abort(path, what);
				throw new CrmUnavailableException("Salesforce did not complete " + what + " within "
						+ this.settings.bulkTimeout() + " (crm.salesforce.bulk-timeout): the job was aborted");
			}
			wait = (wait.multipliedBy(2).compareTo(LONGEST_POLL) > 0) ? LONGEST_POLL : wait.multipliedBy(2);
		}
	}

	private List<Map<String, String>> results(String path, ObjectType type, String what) {
		Answer answer = this.api.send(HttpMethod.GET, path, null, null, CSV, what);
		if (answer.status() != 200) {
			logger.warn("Salesforce answered HTTP {} for the results of {}: {}", answer.status(), what,
					answer.error(this.json));
			return List.of();
		}
		List<Map<String, String>> rows = new ArrayList<>();
		String text = new String(answer.body(), StandardCharsets.UTF_8);
		try (CSVParser parser = CSVFormat.RFC4180.builder()
			.setHeader()
			.setSkipHeaderRecord(true)
			.get()
			.parse(new StringReader(text))) {
			if (!parser.getHeaderMap().containsKey(type.externalIdField())) {
				return List.of();
			}
			for (CSVRecord row : parser) {
				rows.add(row.toMap());
			}
		}
		catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException ex) {
			logger.warn("Salesforce's results of {} are not readable CSV: {}", what, ex.getMessage());
			return List.of();
		}
		return rows;
	}

	private byte[] csv(List<ObjectNode> sobjects) {
		List<Map<String, String>> rows = new ArrayList<>(sobjects.size());
		Set<String> columns = new LinkedHashSet<>();
		for (ObjectNode sobject : sobjects) {
			Map<String, String> row = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> field : sobject.properties()) {
				JsonNode value = field.getValue();
				if (field.getKey().equals("attributes")) {
					continue;
				}
				if (field.getKey().endsWith("__r") && value.isObject() && value.size() == 1) {
					Map.Entry<String, JsonNode> reference = value.properties().iterator().next();
					row.put(field.getKey() + "." + reference.getKey(), reference.getValue().asString());
				}
				else {
					row.put(field.getKey(),
							value.isNull() ? "#N/A" : value.isContainer() ? value.toString() : value.asString());
				}
			}
			columns.addAll(row.keySet());
			rows.add(row);
		}
		StringBuilder out = new StringBuilder();
		out.append(String.join(",", columns.stream().map(SalesforceBulk::cell).toList())).append('\n');
		for (Map<String, String> row : rows) {
			List<String> values = new ArrayList<>(columns.size());
			columns.forEach((column) -> values.add(cell(row.getOrDefault(column, ""))));
			out.append(String.join(",", values)).append('\n');
		}
		return out.toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * An RFC 4180 cell, quoted only where it must be (a separator, a quote, a line break,
	 * or spaces at an edge), so that {@code #N/A} stays as Salesforce documents it.
	 */
	private static String cell(String value) {
		boolean quote = value.chars().anyMatch((c) -> c == ',' || c == '"' || c == '\n' || c == '\r')
				|| (!value.isEmpty() && (Character.isWhitespace(value.charAt(0))
						|| Character.isWhitespace(value.charAt(value.length() - 1))));
		return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
	}

	private void abort(String path, String what) {
		try {
			this.api.send(HttpMethod.PATCH, path, state("Aborted"), what);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not abort {}: {}", what, ex.getMessage());
		}
	}

	private byte[] state(String state) {
		return this.json.writeValueAsBytes(this.json.createObjectNode().put("state", state));
	}

	private @Nullable String jobId(Answer answer) {
		JsonNode job = readJson(answer);
		String id = (job != null) ? job.path("id").asString("") : "";
		return id.isEmpty() ? null : id;
	}

	private @Nullable JsonNode readJson(Answer answer) {
		try {
			return this.json.readTree(answer.body());
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private List<CrmOutcome> refused(List<CrmRecord> records, String what, Answer answer) {
		String problem = "Salesforce answered HTTP " + answer.status() + " to " + what + ": " + answer.error(this.json);
		logger.warn("{}; the records of the job are failed as unexpected", problem);
		return UpsertResults.all(records, CrmOutcome.Status.UNEXPECTED, problem);
	}

	/** {@code sf__Error} is {@code STATUS_CODE:message}. */
	private static String error(@Nullable String error) {
		if (error == null || error.isBlank()) {
			return "UNKNOWN_EXCEPTION: Salesforce's bulk job reported a failure without an error";
		}
		int colon = error.indexOf(':');
		return (colon > 0) ? error.substring(0, colon) + ": " + error.substring(colon + 1).strip() : error;
	}

	private static void sleep(Duration wait) {
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a Salesforce bulk job", ex);
		}
	}

}
