package io.github.crmsync.cli.shared;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.crmsync.application.LaunchResult;
import io.github.crmsync.cli.CrmSyncCli;
import io.github.crmsync.support.JobReport;
import org.jspecify.annotations.Nullable;

/**
 * Prints what a launch came to (any job: a launch, a resume, a restart) and maps it to
 * the exit code: 0 completed (or already completed), 1 failed, stopped or abandoned, 3
 * another run active.
 */
public final class LaunchPrinter {

	private LaunchPrinter() {
	}

	public static int print(LaunchResult launch, ReportFormat format, PrintWriter out, PrintWriter err) {
		JobReport report = launch.report();
		if (launch.outcome() == LaunchResult.Outcome.ANOTHER_RUN_ACTIVE || report == null) {
			err.println(launch.message());
			return CrmSyncCli.EXIT_ANOTHER_RUN_ACTIVE;
		}
		if (format == ReportFormat.JSON) {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("outcome", launch.outcome().name());
			json.put("message", launch.message());
			json.putAll(report.asMap());
			out.println(Json.writer().writeValueAsString(json));
		}
		else {
			out.println(TerminalText.safe(launch.message(), false));
			report.asMap()
				.forEach((name, value) -> out.printf("  %-20s %s%n", name,
						TerminalText.safe(String.valueOf(value), false)));
		}
		out.flush();
		return launch.succeeded() ? CrmSyncCli.EXIT_OK : CrmSyncCli.EXIT_FAILED;
	}

}
