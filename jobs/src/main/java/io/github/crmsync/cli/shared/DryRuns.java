package io.github.crmsync.cli.shared;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.crmsync.failures.ErrorCode;
import io.github.crmsync.failures.SyncFailureRepository.Preview;

/** Prints what a dry run found. */
public final class DryRuns {

	private DryRuns() {
	}

	public static void print(String verb, String selection, Preview preview, ReportFormat format, PrintWriter out) {
		if (format == ReportFormat.JSON) {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("dryRun", true);
			json.put("selection", selection);
			json.put("total", preview.counts().total());
			Map<String, Map<String, Long>> byType = new LinkedHashMap<>();
			preview.counts().byObjectType().forEach((type, counts) -> {
				Map<String, Long> byCode = new LinkedHashMap<>();
				counts.forEach((code, count) -> byCode.put(code.code(), count));
				byType.put(type, byCode);
			});
			json.put("byObjectType", byType);
			json.put("firstRows", preview.firstRows().stream().map(FailureJson::of).toList());
			out.println(Json.writer().writeValueAsString(json));
			out.flush();
			return;
		}
		out.println(verb + " " + preview.counts().total() + " failures (" + selection + "); dry run: nothing changed");
		List<String> headers = new ArrayList<>(List.of("OBJECT TYPE"));
		for (ErrorCode code : ErrorCode.values()) {
			headers.add(code.code());
		}
		List<List<String>> rows = new ArrayList<>();
		preview.counts().byObjectType().forEach((type, counts) -> {
			List<String> row = new ArrayList<>(List.of(type));
			for (ErrorCode code : ErrorCode.values()) {
				row.add(String.valueOf(counts.get(code)));
			}
			rows.add(row);
		});
		TextTable counts = new TextTable(out, headers, TextTable.fit(headers, rows, 1, 2, 3));
		rows.forEach((row) -> counts.row(row.toArray(String[]::new)));
		if (!preview.firstRows().isEmpty()) {
			out.println();
			out.println("First " + preview.firstRows().size() + ":");
			TextTable first = new TextTable(out,
					List.of("ID", "ZUORA ID", "OBJECT TYPE", "CODE", "SYNC DATE", "ERROR MESSAGE"), -8, 26, 25, 7, 20,
					60);
			preview.firstRows()
				.forEach((failure) -> first.row(String.valueOf(failure.id()), failure.zuoraId(), failure.objectType(),
						failure.errorCode().code(), Times.show(failure.syncDate()), failure.errorMessage()));
		}
		out.flush();
	}

}
