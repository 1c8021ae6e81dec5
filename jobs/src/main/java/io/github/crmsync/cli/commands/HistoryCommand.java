package io.github.crmsync.cli.commands;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.github.crmsync.application.JobKind;
import io.github.crmsync.cli.CrmSyncCli;
import io.github.crmsync.cli.Services;
import io.github.crmsync.cli.shared.ExitCodes;
import io.github.crmsync.cli.shared.Json;
import io.github.crmsync.cli.shared.ReportFormat;
import io.github.crmsync.cli.shared.TextTable;
import io.github.crmsync.cli.shared.Times;
import io.github.crmsync.operations.ExecutionSummary;
import io.github.crmsync.operations.HistoryPruner;
import io.github.crmsync.operations.HistoryQuery;
import io.github.crmsync.operations.JobHistory;
import io.github.crmsync.support.Durations;
import io.github.crmsync.support.Instants;
import io.github.crmsync.support.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SequenceWriter;

import org.springframework.batch.core.BatchStatus;

@Command(name = "history", mixinStandardHelpOptions = true, footer = { "", ExitCodes.COMMAND },
		description = { "Lists job executions from the job repository, newest first.",
				"Each with its status, exit code and message, start, end, duration, parameters (identifying ones",
				"marked *), read / written / filtered / skipped counts and who requested it." },
		subcommands = HistoryCommand.Prune.class)
public class HistoryCommand implements Callable<Integer> {

	static final int MAX_LIMIT = 100_000;

	@Spec
	CommandSpec spec;

	@Option(names = "--job", paramLabel = "NAME", description = "Only this job: dailyRetryJob, retryJob or purgeJob.")
	String job;

	@Option(names = "--status", paramLabel = "S",
			description = "Only this status: COMPLETED, FAILED, STOPPED, STARTED, ABANDONED, …")
	String status;

	@Option(names = "--since", paramLabel = "INSTANT",
			description = "Only executions created at or after this ISO-8601 instant.")
	String since;

	@Option(names = "--limit", paramLabel = "N", defaultValue = "50",
			description = "At most N executions (default: ${DEFAULT-VALUE}).")
	int limit;

	@Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
			description = "table or json (default: ${DEFAULT-VALUE}).")
	ReportFormat format;

	private final Services services;

	HistoryCommand(Services services) {
		this.services = services;
	}

	@Override
	public Integer call() {
		if (this.job != null && JobKind.ofJobName(this.job).isEmpty()) {
			throw new InvalidInputException(
					"unknown job '" + this.job + "'; jobs: " + String.join(", ", JobKind.jobNames()));
		}
		String statusName = (this.status != null) ? this.status.toUpperCase(Locale.ROOT) : null;
		if (statusName != null
				&& Arrays.stream(BatchStatus.values()).noneMatch((value) -> value.name().equals(statusName))) {
			throw new InvalidInputException("unknown status '" + this.status + "'; statuses: "
					+ Arrays.stream(BatchStatus.values()).map(Enum::name).collect(Collectors.joining(", ")));
		}
		if (this.limit < 1 || this.limit > MAX_LIMIT) {
			throw new InvalidInputException("--limit must be between 1 and " + MAX_LIMIT + ", not " + this.limit);
		}
		HistoryQuery query = new HistoryQuery(this.job, statusName,
				(this.since != null) ? Instants.parse(this.since, "--since") : null, this.limit);
		JobHistory history = this.services.get(JobHistory.class);
		PrintWriter out = this.spec.commandLine().getOut();
		if (this.format == ReportFormat.JSON) {
			try (SequenceWriter array = Json.writer().writeValuesAsArray(out)) {
				history.forEach(query, (execution) -> array.write(json(execution)));
			}
			out.println();
		}
		else {
			TextTable table = new TextTable(out,
					List.of("ID", "JOB", "STATUS", "EXIT", "START", "DURATION", "READ", "WRITTEN", "FILTERED",
							"SKIPPED", "REQUESTED BY", "PROCESS", "PARAMETERS / EXIT MESSAGE"),
					-7, 13, 9, 9, 20, -9, -8, -8, -8, -7, 12, 18, 70);
			long[] count = { 0 };
			history.forEach(query, (execution) -> {
				table.row(String.valueOf(execution.id()), execution.job(), execution.status(), execution.exitCode(),
						Times.show(execution.start()), Times.show(execution.duration()),
						String.valueOf(execution.read()), String.valueOf(execution.written()),
						String.valueOf(execution.filtered()), String.valueOf(execution.skipped()),
						execution.requestedBy(), process(execution), parametersAndMessage(execution));
				count[0]++;
			});
			if (count[0] == 0) {
				out.println("(no job executions" + ((this.job != null || statusName != null || this.since != null)
						? " match the filters)" : " yet)"));
			}
		}
		out.flush();
		return CrmSyncCli.EXIT_OK;
	}

	/**
	 * {@code pid@host}: where the execution ran (a restart in another process than its
	 * first attempt).
	 */
	private static String process(ExecutionSummary execution) {
		return (execution.pid() != null) ? execution.pid() + "@" + execution.host() : "-";
	}

	/**
	 * The identifying parameters, the selection first (what a run worked on), without the
	 * request ID that only makes each on-demand launch an instance of its own (JSON has
	 * it).
	 */
	private static String parametersAndMessage(ExecutionSummary execution) {
		String parameters = execution.parameters()
			.stream()
			.filter((parameter) -> parameter.identifying() && !parameter.name().equals("requestId"))
			.sorted(Comparator
				.comparing((ExecutionSummary.Parameter parameter) -> !parameter.name().equals("selection")))
			.map((parameter) -> parameter.name() + "*=" + parameter.value())
			.collect(Collectors.joining(" "));
		String message = execution.exitMessage();
		return (message == null || message.isBlank()) ? parameters : parameters + " | " + message;
	}

	static Map<String, Object> json(ExecutionSummary execution) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", execution.id());
		json.put("job", execution.job());
		json.put("status", execution.status());
		json.put("exitCode", execution.exitCode());
		json.put("exitMessage", execution.exitMessage());
		json.put("start", (execution.start() != null) ? execution.start().toString() : null);
		json.put("end", (execution.end() != null) ? execution.end().toString() : null);
		json.put("durationSeconds", execution.duration().toMillis() / 1000.0);
		json.put("parameters", execution.parameters());
		json.put("read", execution.read());
		json.put("written", execution.written());
		json.put("filtered", execution.filtered());
		json.put("skipped", execution.skipped());
		json.put("requestedBy", execution.requestedBy());
		json.put("host", execution.host());
		json.put("pid", execution.pid());
		return json;
	}

	@Command(name = "prune", mixinStandardHelpOptions = true, footer = { "", ExitCodes.COMMAND },
			description = { "Deletes job history older than a duration (never a running execution).",
					"Keeps operator queries fast; e.g. history prune --older-than P90D." })
	public static class Prune implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Option(names = "--older-than", required = true, paramLabel = "DURATION",
				description = "A duration: 90d, 12h, or ISO-8601 such as P90D.")
		String olderThan;

		@Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
				description = "table or json (default: ${DEFAULT-VALUE}).")
		ReportFormat format;

		private final Services services;

		Prune(Services services) {
			this.services = services;
		}

		@Override
		public Integer call() {
			Duration age = Durations.parsePositive(this.olderThan, "--older-than");
			Map<String, Integer> counts = this.services.get(HistoryPruner.class).prune(age);
			PrintWriter out = this.spec.commandLine().getOut();
			if (this.format == ReportFormat.JSON) {
				Map<String, Object> json = new LinkedHashMap<>();
				json.put("olderThan", Durations.show(age));
				json.putAll(counts);
				out.println(Json.writer().writeValueAsString(json));
			}
			else {
				out.println("Pruned the job history older than " + Durations.show(age));
				counts.forEach((name, count) -> out.printf("  %-22s %d%n", name, count));
			}
			out.flush();
			return CrmSyncCli.EXIT_OK;
		}

	}

}
