package io.github.crmsync.cli.commands;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.crmsync.cli.CrmSyncCli;
import io.github.crmsync.cli.Services;
import io.github.crmsync.cli.shared.ExitCodes;
import io.github.crmsync.cli.shared.Json;
import io.github.crmsync.cli.shared.ReportFormat;
import io.github.crmsync.cli.shared.TextTable;
import io.github.crmsync.failures.ErrorCode;
import io.github.crmsync.failures.FailureSummary;
import io.github.crmsync.failures.SyncFailureRepository;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "summary", mixinStandardHelpOptions = true, footer = { "", ExitCodes.COMMAND },
		description = "Counts the failure list by object type and error code, with the total.")
public class SummaryCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
			description = "table or json (default: ${DEFAULT-VALUE}).")
	ReportFormat format;

	private final Services services;

	SummaryCommand(Services services) {
		this.services = services;
	}

	@Override
	public Integer call() {
		FailureSummary summary = this.services.get(SyncFailureRepository.class).summary();
		PrintWriter out = this.spec.commandLine().getOut();
		if (this.format == ReportFormat.JSON) {
			Map<String, Map<String, Long>> byType = new LinkedHashMap<>();
			summary.byObjectType().forEach((type, counts) -> {
				Map<String, Long> byCode = new LinkedHashMap<>();
				counts.forEach((code, count) -> byCode.put(code.code(), count));
				byType.put(type, byCode);
			});
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("total", summary.total());
			json.put("byObjectType", byType);
			out.println(Json.writer().writeValueAsString(json));
		}
		else {
			table(summary, out);
		}
		out.flush();
		return CrmSyncCli.EXIT_OK;
	}

	private static void table(FailureSummary summary, PrintWriter out) {
		List<String> headers = new ArrayList<>(List.of("OBJECT TYPE"));
		for (ErrorCode code : ErrorCode.values()) {
			headers.add(code.code());
		}
		headers.add("TOTAL");
		List<List<String>> rows = new ArrayList<>();
		long[] byCode = new long[ErrorCode.values().length];
		summary.byObjectType().forEach((type, counts) -> {
			List<String> row = new ArrayList<>(List.of(type));
			long total = 0;
			for (ErrorCode code : ErrorCode.values()) {
				long count = counts.getOrDefault(code, 0L);
				row.add(String.valueOf(count));
				byCode[code.ordinal()] += count;
				total += count;
			}
			row.add(String.valueOf(total));
			rows.add(row);
		});
		List<String> totals = new ArrayList<>(List.of("TOTAL"));
		for (long count : byCode) {
			totals.add(String.valueOf(count));
		}
		totals.add(String.valueOf(summary.total()));
		rows.add(totals);
		TextTable table = new TextTable(out, headers, TextTable.fit(headers, rows, 1, 2, 3, 4));
		rows.forEach((row) -> table.row(row.toArray(String[]::new)));
	}

}
