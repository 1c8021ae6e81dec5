package io.github.crmsync.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

import io.github.crmsync.catalog.CatalogRepository;
import io.github.crmsync.catalog.ObjectCatalog;
import io.github.crmsync.catalog.ObjectType;
import io.github.crmsync.catalog.ZuoraIds;
import io.github.crmsync.support.ImportResult;
import io.github.crmsync.support.InputFiles;
import io.github.crmsync.support.Instants;
import io.github.crmsync.support.InvalidInputException;
import io.github.crmsync.support.PostgresCopy;
import io.github.crmsync.support.Progress;
import io.github.crmsync.support.Rows;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Loads or refreshes source records from a JSON Lines file, upserting by (object type,
 * Zuora ID). Like the failure import, the whole file is one transaction and one invalid
 * line rejects it, naming the line. A CRM ID must have the form of a Salesforce Account
 * ID ({@link CrmIds}): any other would fail every record of its account in the org.
 */
@Service
public class SourceRecordJsonlImport {

	static final Set<String> PROPERTIES = Set.of("objectType", "zuoraId", "parentId", "accountId", "crmId", "fields");

	private final JdbcClient jdbc;

	private final DataSource dataSource;

	private final CatalogRepository catalogRepository;

	private final ObjectMapper json;

	/**
	 * A property named twice would silently keep its last value: such a line is rejected
	 * instead. Numbers are read as decimals: as binary doubles,
	 * {@code 12345678901234567.89} would be stored as {@code 12345678901234568} and
	 * {@code 10.10} as {@code 10.1}, and the CRM would receive what the file did not say.
	 */
	private final ObjectReader lineReader;

	SourceRecordJsonlImport(JdbcClient jdbc, DataSource dataSource, CatalogRepository catalogRepository,
			ObjectMapper json) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
		this.catalogRepository = catalogRepository;
		this.json = json;
		this.lineReader = json.reader()
			.with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
	}

	@Transactional
	public ImportResult importFile(Path file) {
		return importFile(file, null);
	}

	/**
	 * As {@link #importFile(Path)}, showing the progress of reading the file with
	 * {@code progress} (if not {@code null}).
	 */
	@Transactional
	public ImportResult importFile(Path file, @Nullable Progress progress) {
		ObjectCatalog catalog = this.catalogRepository.load();
		this.jdbc.sql("""
				create temporary table record_import (
					line bigint not null, object_type text not null, zuora_id text not null, parent_id text,
					account_id text, crm_id text, fields jsonb not null) on commit drop""").update();
		long rows;
		try (BufferedReader reader = InputFiles.openUtf8(file, progress, "import-records")) {
			rows = PostgresCopy.copyIn(this.dataSource, "record_import",
					"line, object_type, zuora_id, parent_id, account_id, crm_id, fields",
					(printer) -> copyLines(reader, catalog, printer));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		rejectDuplicates();
		Map<String, Object> counts = this.jdbc
			.sql("""
					with merged as (
						insert into source_record as r (object_type, zuora_id, parent_id, account_id, crm_id, fields, updated_at)
						select object_type, zuora_id, parent_id, account_id, crm_id, fields, now() from record_import
						on conflict (object_type, zuora_id) do update set
							parent_id = excluded.parent_id,
							account_id = excluded.account_id,
							crm_id = excluded.crm_id,
							fields = excluded.fields,
							updated_at = excluded.updated_at
						returning (xmax = 0) as inserted)
					select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated
					from merged""")
			.query()
			.singleRow();
		long inserted = Rows.count(counts, "inserted");
		long updated = Rows.count(counts, "updated");
		return new ImportResult(rows, inserted, updated, rows - inserted - updated);
	}

	private long copyLines(BufferedReader reader, ObjectCatalog catalog, CSVPrinter printer) throws IOException {
		long line = 0;
		long count = 0;
		while (true) {
			String text;
			try {
				text = reader.readLine();
			}
			catch (IOException ex) {
				throw InputFiles.readError("line " + (line + 1), ex);
			}
			if (text == null) {
				return count;
			}
			line++;
			if (text.isBlank()) {
				continue;
			}
			String where = "line " + line;
			JsonNode node;
			try {
				node = this.lineReader.readTree(text);
			}
			catch (JacksonException ex) {
				throw new InvalidInputException(where + ": malformed JSON: " + ex.getOriginalMessage());
			}
			SourceRecord record = toRecord(node, catalog, where);
			JsonNode fields = node.get("fields");
			printer.printRecord(line, record.objectType(), record.zuoraId(), record.parentId(), record.accountId(),
					record.crmId(), this.json.writeValueAsString(
							(fields == null || fields.isNull()) ? this.json.createObjectNode() : fields));
			count++;
		}
	}

	private static SourceRecord toRecord(JsonNode node, ObjectCatalog catalog, String where) {
		if (node == null || !node.isObject()) {
			throw new InvalidInputException(where + ": expected a JSON object, one record per line");
		}
		for (String name : node.propertyNames()) {
			if (!PROPERTIES.contains(name)) {
				throw new InvalidInputException(where + ": unknown property '" + Instants.abbreviate(name)
						+ "'; expected objectType, zuoraId, parentId, accountId, crmId, fields");
			}
		}
		String objectType = required(node, "objectType", where);
		ObjectType type = catalog.find(objectType)
			.orElseThrow(() -> new InvalidInputException(where + ": unknown object type '"
					+ Instants.abbreviate(objectType) + "'; valid types: " + String.join(", ", catalog.names())));
		String zuoraId = required(node, "zuoraId", where);
		String parentId = text(node, "parentId", false, where);
		if (type.partOfParent() && parentId == null) {
			throw new InvalidInputException(where + ": missing parentId: a " + type.name() + " is part of its "
					+ type.parent() + " and needs the " + type.parent() + "'s Zuora ID");
		}
		if (type.parent() == null && parentId != null) {
			throw new InvalidInputException(where + ": a " + type.name() + " has no parent type, but parentId is set");
		}
		JsonNode fields = node.get("fields");
		if (fields != null && !fields.isObject() && !fields.isNull()) {
			throw new InvalidInputException(where + ": fields must be a JSON object");
		}
		if (fields != null && containsNul(fields)) {
			throw new InvalidInputException(
					where + ": fields contain a NUL character (\\u0000), which cannot be stored");
		}
		String crmId = text(node, "crmId", false, where);
		if (crmId != null && !CrmIds.isAccountId(crmId)) {
			throw new InvalidInputException(where + ": crmId '" + Instants.abbreviate(crmId)
					+ "' cannot be a Salesforce Account ID (" + CrmIds.ACCOUNT_ID_FORM + ")");
		}
		return new SourceRecord(objectType, zuoraId, parentId, text(node, "accountId", false, where), crmId, Map.of());
	}

	/**
	 * Whether a string or a property name anywhere in {@code node} holds U+0000, which
	 * jsonb cannot store.
	 */
	private static boolean containsNul(JsonNode node) {
		if (node.isString()) {
			return node.asString().indexOf('\0') >= 0;
		}
		for (String name : node.propertyNames()) {
			if (name.indexOf('\0') >= 0) {
				return true;
			}
		}
		for (JsonNode child : node) {
			if (containsNul(child)) {
				return true;
			}
		}
		return false;
	}

	private static String required(JsonNode node, String name, String where) {
		String text = text(node, name, true, where);
		if (text == null) {
			throw new InvalidInputException(where + ": missing " + name);
		}
		return text;
	}

	private static @Nullable String text(JsonNode node, String name, boolean required, String where) {
		JsonNode value = node.get(name);
		if (value == null || value.isNull()) {
			if (required) {
				throw new InvalidInputException(where + ": missing " + name);
			}
			return null;
		}
		if (!value.isString()) {
			throw new InvalidInputException(where + ": " + name + " must be a string");
		}
		String text = value.asString();
		if (!ZuoraIds.isValid(text)) {
			throw new InvalidInputException(
					where + ": " + name + " '" + Instants.abbreviate(text) + "' is not an ID (" + ZuoraIds.RULE + ")");
		}
		return text;
	}

	private void rejectDuplicates() {
		this.jdbc.sql("""
				select object_type, zuora_id, min(line) as first_line, max(line) as last_line from record_import
				group by object_type, zuora_id having count(*) > 1 order by min(line) limit 1""")
			.query((rs, row) -> "lines " + rs.getLong("first_line") + " and " + rs.getLong("last_line") + ": "
					+ rs.getString("object_type") + " " + rs.getString("zuora_id")
					+ " is listed twice (a record is identified by object type and Zuora ID)")
			.optional()
			.ifPresent((message) -> {
				throw new InvalidInputException(message);
			});
	}

}
