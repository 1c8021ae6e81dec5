package io.github.crmsync.failures;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

import io.github.crmsync.catalog.CatalogRepository;
import io.github.crmsync.catalog.ObjectCatalog;
import io.github.crmsync.catalog.ZuoraIds;
import io.github.crmsync.support.ImportResult;
import io.github.crmsync.support.InputFiles;
import io.github.crmsync.support.Instants;
import io.github.crmsync.support.InvalidInputException;
import io.github.crmsync.support.PostgresCopy;
import io.github.crmsync.support.Progress;
import io.github.crmsync.support.Rows;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Loads failure rows from an RFC 4180 CSV file into the failure list, upserting by
 * (object type, Zuora ID).
 * <p>
 * The whole file is one transaction: rows are validated as they stream into a temporary
 * table (COPY), and one invalid row rejects the file with a message naming its line,
 * leaving the list unchanged. A row for a failure already listed replaces its error and
 * sync date (the first failure time is kept, the attempts count grows by one, up to
 * {@link SyncFailure#MAX_ATTEMPTS}) unless it is older than the row already there.
 * <p>
 * Values the jobs cannot handle are refused, not stored: more attempts than
 * {@link SyncFailure#MAX_ATTEMPTS}, and instants later than the clock plus
 * {@link Instants#CLOCK_SKEW} (a failure dated in the future would never be deleted by a
 * re-sync, whose delete needs {@code sync_date} ≤ the moment of sending).
 */
@Service
public class FailureCsvImport {

	static final List<String> REQUIRED_COLUMNS = List.of("zuora_id", "object_type", "error_code", "error_message",
			"sync_date");

	/**
	 * {@code id} is accepted (and ignored) so that {@code failures --format csv}
	 * re-imports as it is.
	 */
	static final Set<String> OPTIONAL_COLUMNS = Set.of("first_failed_at", "attempts", "id");

	private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
		.setHeader()
		.setSkipHeaderRecord(true)
		.setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
		.setAllowMissingColumnNames(false)
		.setIgnoreEmptyLines(false)
		.get();

	private final JdbcClient jdbc;

	private final DataSource dataSource;

	private final CatalogRepository catalogRepository;

	private final Clock clock;

	FailureCsvImport(JdbcClient jdbc, DataSource dataSource, CatalogRepository catalogRepository, Clock clock) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
		this.catalogRepository = catalogRepository;
		this.clock = clock;
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
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				create temporary table failure_import (
					line bigint not null, zuora_id text not null, object_type text not null, error_code text not null,
					error_message text not null, sync_date timestamptz not null, first_failed_at timestamptz not null,
					attempts integer) on commit drop""").update();
		boolean[] withAttempts = { false };
		long rows;
		try (BufferedReader reader = InputFiles.openUtf8(file, progress, "import-failures")) {
			rows = PostgresCopy.copyIn(this.dataSource, "failure_import",
					"line, zuora_id, object_type, error_code, error_message, sync_date, first_failed_at, attempts",
					(printer) -> {
						CSVParser parser = parse(reader, file);
						withAttempts[0] = parser.getHeaderMap().containsKey("attempts");
						return copyRows(parser, catalog, now, printer);
					});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		rejectDuplicates();
		// the same order of row locks as the jobs' chunk writes: an import beside a retry
		// never deadlocks
		this.jdbc.sql(SyncFailureRepository.LOCK_FOR_CHUNK_WRITES).query().singleRow();
		return merge(rows, withAttempts[0]);
	}

	private static CSVParser parse(BufferedReader reader, Path file) throws IOException {
		CSVParser parser;
		try {
			parser = FORMAT.parse(reader);
		}
		catch (IllegalArgumentException | IOException | UncheckedIOException ex) {
			throw InputFiles.readError("line 1 (header)", ex);
		}
		List<String> header = parser.getHeaderNames();
		if (header.isEmpty()) {
			throw new InvalidInputException(
					file + " is empty: expected the header " + String.join(",", REQUIRED_COLUMNS));
		}
		List<String> missing = REQUIRED_COLUMNS.stream().filter((column) -> !header.contains(column)).toList();
		if (!missing.isEmpty()) {
			throw new InvalidInputException("line 1 (header): missing column(s) " + String.join(", ", missing)
					+ "; expected " + String.join(",", REQUIRED_COLUMNS) + " (optional: first_failed_at, attempts)");
		}
		List<String> unknown = header.stream()
			.filter((column) -> !REQUIRED_COLUMNS.contains(column) && !OPTIONAL_COLUMNS.contains(column))
			.toList();
		if (!unknown.isEmpty()) {
			throw new InvalidInputException("line 1 (header): unknown column(s) " + String.join(", ", unknown)
					+ "; expected " + String.join(",", REQUIRED_COLUMNS) + " (optional: first_failed_at, attempts)");
		}
		return parser;
	}

	private static long copyRows(CSVParser parser, ObjectCatalog catalog, Instant now, CSVPrinter printer)
			throws IOException {
		Map<String, Integer> header = parser.getHeaderMap();
		Iterator<CSVRecord> records = parser.iterator();
		long count = 0;
		while (true) {
			long line = parser.getCurrentLineNumber() + 1;
			CSVRecord record;
			try {
				if (!records.hasNext()) {
					break;
				}
				record = records.next();
			}
			catch (UncheckedIOException | IllegalStateException ex) {
				throw InputFiles.readError("line " + line + ": malformed CSV", ex);
			}
			if (record.size() == 1 && record.get(0).isEmpty()) {
				continue;
			}
			if (record.size() != header.size()) {
				throw new InvalidInputException("line " + line + ": expected " + header.size() + " fields, found "
						+ record.size() + " (a field with a comma, quote or line break must be in double quotes)");
			}
			FailureRow row = FailureRow.of(record, header, catalog, now, "line " + line);
			printer.printRecord(line, row.zuoraId(), row.objectType(), row.errorCode().code(), row.errorMessage(),
					row.syncDate(), row.firstFailedAt(), row.attempts());
			count++;
		}
		return count;
	}

	private void rejectDuplicates() {
		this.jdbc.sql("""
				select object_type, zuora_id, min(line) as first_line, max(line) as last_line from failure_import
				group by object_type, zuora_id having count(*) > 1 order by min(line) limit 1""")
			.query((rs, row) -> "lines " + rs.getLong("first_line") + " and " + rs.getLong("last_line") + ": "
					+ rs.getString("object_type") + " " + rs.getString("zuora_id")
					+ " is listed twice (a failure is identified by object type and Zuora ID)")
			.optional()
			.ifPresent((message) -> {
				throw new InvalidInputException(message);
			});
	}

	/**
	 * Upserts the imported rows. A newer failure of a listed row counts one attempt more,
	 * but never more than {@link SyncFailure#MAX_ATTEMPTS}: a row stored with a larger
	 * count (only SQL can write one) keeps it, so that the {@code + 1} can never overflow
	 * the column and fail the whole import.
	 */
	private ImportResult merge(long rows, boolean withAttempts) {
		String attempts = withAttempts ? "excluded.attempts"
				: "case when excluded.sync_date > f.sync_date and f.attempts < " + SyncFailure.MAX_ATTEMPTS
						+ " then f.attempts + 1 else f.attempts end";
		Map<String, Object> counts = this.jdbc.sql("""
				with merged as (
					insert into sync_failure as f
						(zuora_id, object_type, error_code, error_message, sync_date, first_failed_at, attempts)
					select zuora_id, object_type, error_code, error_message, sync_date, first_failed_at,
					       coalesce(attempts, 1)
					from failure_import
					on conflict (object_type, zuora_id) do update set
						error_code = excluded.error_code,
						error_message = excluded.error_message,
						sync_date = excluded.sync_date,
						first_failed_at = least(f.first_failed_at, excluded.first_failed_at),
						attempts = %s
					where excluded.sync_date >= f.sync_date
					returning (xmax = 0) as inserted)
				select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated
				from merged""".formatted(attempts)).query().singleRow();
		long inserted = Rows.count(counts, "inserted");
		long updated = Rows.count(counts, "updated");
		return new ImportResult(rows, inserted, updated, rows - inserted - updated);
	}

	/** One validated CSV row. */
	record FailureRow(String zuoraId, String objectType, ErrorCode errorCode, String errorMessage, Instant syncDate,
			Instant firstFailedAt, @Nullable Integer attempts) {

		static FailureRow of(CSVRecord record, Map<String, Integer> header, ObjectCatalog catalog, Instant now,
				String where) {
			String zuoraId = required(record, header, "zuora_id", where);
			if (!ZuoraIds.isValid(zuoraId)) {
				throw new InvalidInputException(where + ": zuora_id '" + Instants.abbreviate(zuoraId)
						+ "' is not an ID (" + ZuoraIds.RULE + ")");
			}
			String objectType = required(record, header, "object_type", where);
			if (!catalog.contains(objectType)) {
				throw new InvalidInputException(where + ": unknown object type '" + Instants.abbreviate(objectType)
						+ "'; valid types: " + String.join(", ", catalog.names()));
			}
			String code = required(record, header, "error_code", where);
			ErrorCode errorCode = ErrorCode.fromCode(code)
				.orElseThrow(() -> new InvalidInputException(where + ": unknown error code '"
						+ Instants.abbreviate(code) + "'; valid codes: " + ErrorCode.validCodes()));
			String errorMessage = required(record, header, "error_message", where);
			Instant syncDate = pastInstant(record, header, "sync_date", now, where);
			Instant firstFailedAt = optional(record, header, "first_failed_at") ? syncDate
					: pastInstant(record, header, "first_failed_at", now, where);
			if (firstFailedAt.isAfter(syncDate)) {
				throw new InvalidInputException(where + ": first_failed_at " + firstFailedAt + " is after sync_date "
						+ syncDate + " (the first failure cannot follow the last)");
			}
			Integer attempts = header.containsKey("attempts") ? attempts(record, where) : null;
			return new FailureRow(zuoraId, objectType, errorCode, errorMessage, syncDate, firstFailedAt, attempts);
		}

		private static boolean optional(CSVRecord record, Map<String, Integer> header, String column) {
			return !header.containsKey(column) || record.get(column).isEmpty();
		}

		private static String required(CSVRecord record, Map<String, Integer> header, String column, String where) {
			String value = record.get(column);
			if (value.isBlank()) {
				throw new InvalidInputException(where + ": missing " + column);
			}
			if (value.indexOf('\0') >= 0) {
				throw new InvalidInputException(
						where + ": " + column + " contains a NUL character, which cannot be stored");
			}
			return value;
		}

		/**
		 * An instant of a past event: not later than the clock plus
		 * {@link Instants#CLOCK_SKEW}.
		 */
		private static Instant pastInstant(CSVRecord record, Map<String, Integer> header, String column, Instant now,
				String where) {
			Instant instant = Instants.parse(required(record, header, column, where), where + ": " + column);
			return Instants.notInTheFuture(instant, now, where + ": " + column);
		}

		/**
		 * A count of attempts, written in ASCII digits ({@link Integer#parseInt} would
		 * also take other scripts' digits, or a sign), from 1 to
		 * {@link SyncFailure#MAX_ATTEMPTS}.
		 */
		private static Integer attempts(CSVRecord record, String where) {
			String value = record.get("attempts");
			if (!value.matches("[0-9]+") || value.matches("0+")) {
				throw new InvalidInputException(
						where + ": attempts '" + Instants.abbreviate(value) + "' is not a whole number of at least 1");
			}
			String digits = value.replaceFirst("^0+", "");
			if (digits.length() > 7 || Integer.parseInt(digits) > SyncFailure.MAX_ATTEMPTS) {
				throw new InvalidInputException(where + ": attempts '" + Instants.abbreviate(value) + "' is more than "
						+ SyncFailure.MAX_ATTEMPTS + ", the most attempts a failure counts");
			}
			return Integer.parseInt(digits);
		}

	}

}
