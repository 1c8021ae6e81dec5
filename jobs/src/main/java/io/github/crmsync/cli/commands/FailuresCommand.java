package io.github.crmsync.cli.commands;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import io.github.crmsync.catalog.CatalogRepository;
import io.github.crmsync.catalog.ObjectCatalog;
import io.github.crmsync.cli.CrmSyncCli;
import io.github.crmsync.cli.Services;
import io.github.crmsync.cli.shared.ErrorCodeConverter;
import io.github.crmsync.cli.shared.ExitCodes;
import io.github.crmsync.cli.shared.FailureJson;
import io.github.crmsync.cli.shared.Json;
import io.github.crmsync.cli.shared.ListFormat;
import io.github.crmsync.cli.shared.TextTable;
import io.github.crmsync.cli.shared.Times;
import io.github.crmsync.failures.ErrorCode;
import io.github.crmsync.failures.FailureQuery;
import io.github.crmsync.failures.SyncFailure;
import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.support.Instants;
import io.github.crmsync.support.InvalidInputException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SequenceWriter;

@Command(name = "failures", mixinStandardHelpOptions = true, footer = { "", ExitCodes.COMMAND },
		subcommands = FailureShowCommand.class,
		description = { "Lists the sync failure list, newest sync date first.",
				"table shortens long messages (…); csv and json print every character.",
				"The CSV re-imports with import-failures." })
public class FailuresCommand implements Callable<Integer> {

	static final List<String> CSV_HEADER = List.of("id", "zuora_id", "object_type", "error_code", "error_message",
			"sync_date", "first_failed_at", "attempts");

	@Spec
	CommandSpec spec;

	@Option(names = "--object-type", paramLabel = "T", description = "Only failures of this object type.")
	String objectType;

	@Option(names = "--error-code", paramLabel = "C", converter = ErrorCodeConverter.class,
			description = "Only failures with this error code: DACO-01, DACO-02 or DACO-99.")
	ErrorCode errorCode;

	@Option(names = "--search", paramLabel = "TEXT",
			description = "Only failures whose error message contains TEXT (any case).")
	String search;

	@Option(names = "--since", paramLabel = "INSTANT",
			description = "Only failures whose sync date is at or after this ISO-8601 instant.")
	String since;

	@Option(names = "--until", paramLabel = "INSTANT",
			description = "Only failures whose sync date is before this ISO-8601 instant.")
	String until;

	@Option(names = "--limit", paramLabel = "N", description = "At most N failures (default: all).")
	Long limit;

	@Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
			description = "table, csv or json (default: ${DEFAULT-VALUE}).")
	ListFormat format;

	private final Services services;

	FailuresCommand(Services services) {
		this.services = services;
	}

	@Override
	public Integer call() throws IOException {
		if (this.limit != null && this.limit < 1) {
			throw new InvalidInputException("--limit must be at least 1, not " + this.limit);
		}
		if (this.objectType != null) {
			ObjectCatalog catalog = this.services.get(CatalogRepository.class).load();
			if (!catalog.contains(this.objectType)) {
				throw new InvalidInputException("unknown object type '" + this.objectType + "'; valid types: "
						+ String.join(", ", catalog.names()));
			}
		}
		if (this.search != null && (this.search.isEmpty() || this.search.indexOf('\0') >= 0)) {
			throw new InvalidInputException("--search needs a text without NUL characters");
		}
		Instant from = (this.since != null) ? Instants.parse(this.since, "--since") : null;
		Instant to = (this.until != null) ? Instants.parse(this.until, "--until") : null;
		if (from != null && to != null && !from.isBefore(to)) {
			throw new InvalidInputException("--since " + from + " must be before --until " + to);
		}
		FailureQuery query = new FailureQuery(this.objectType, this.errorCode, this.search, from, to,
				(this.limit != null) ? this.limit : 0);
		SyncFailureRepository failures = this.services.get(SyncFailureRepository.class);
		PrintWriter out = this.spec.commandLine().getOut();
		switch (this.format) {
			case TABLE -> table(failures, query, out);
			case CSV -> csv(failures, query, out);
			case JSON -> json(failures, query, out);
		}
		out.flush();
		return CrmSyncCli.EXIT_OK;
	}

	private static void table(SyncFailureRepository failures, FailureQuery query, PrintWriter out) {
		TextTable table = new TextTable(out,
				List.of("ID", "ZUORA ID", "OBJECT TYPE", "CODE", "SYNC DATE", "FIRST FAILED", "ATT", "ERROR MESSAGE"),
				-8, 26, 25, 7, 20, 20, -3, 60);
		long[] count = { 0 };
		failures.forEach(query, (failure) -> {
			table.row(String.valueOf(failure.id()), failure.zuoraId(), failure.objectType(), failure.errorCode().code(),
					Times.show(failure.syncDate()), Times.show(failure.firstFailedAt()),
					String.valueOf(failure.attempts()), failure.errorMessage());
			count[0]++;
		});
		out.println(
				(count[0] == 0) ? "(no failures)" : "(" + count[0] + ((count[0] == 1) ? " failure)" : " failures)"));
	}

	private static void csv(SyncFailureRepository failures, FailureQuery query, PrintWriter out) throws IOException {
		CSVPrinter csv = new CSVPrinter(out,
				CSVFormat.RFC4180.builder().setHeader(CSV_HEADER.toArray(String[]::new)).get());
		failures.forEach(query,
				unchecked((failure) -> csv.printRecord(failure.id(), failure.zuoraId(), failure.objectType(),
						failure.errorCode().code(), failure.errorMessage(), failure.syncDate(), failure.firstFailedAt(),
						failure.attempts())));
		csv.flush();
	}

	private static void json(SyncFailureRepository failures, FailureQuery query, PrintWriter out) {
		try (SequenceWriter array = Json.writer().writeValuesAsArray(out)) {
			failures.forEach(query, (failure) -> array.write(FailureJson.of(failure)));
		}
		out.println();
	}

	private static Consumer<SyncFailure> unchecked(IoConsumer<SyncFailure> action) {
		return (failure) -> {
			try {
				action.accept(failure);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		};
	}

	private interface IoConsumer<T> {

		void accept(T value) throws IOException;

	}

}
