package io.github.crmsync.cli.commands;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.github.crmsync.application.Executions.ExecutionDetail;
import io.github.crmsync.application.Executions;
import io.github.crmsync.cli.CrmSyncCli;
import io.github.crmsync.cli.Services;
import io.github.crmsync.cli.shared.ExitCodes;
import io.github.crmsync.cli.shared.Json;
import io.github.crmsync.cli.shared.ReportFormat;
import io.github.crmsync.cli.shared.TerminalText;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "execution", mixinStandardHelpOptions = true, footer = { "", ExitCodes.COMMAND },
		description = { "Shows the whole story of one job execution.",
				"Its parameters, its steps (counts, commits, rollbacks, exit description with the head of a stack",
				"trace) and the run's outcome report." })
public class ExecutionCommand implements Callable<Integer> {

	static final int STACK_TRACE_LINES = 12;

	@Spec
	CommandSpec spec;

	@Parameters(index = "0", paramLabel = "ID", description = "The job execution ID (see history).")
	long id;

	@Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
			description = "table or json (default: ${DEFAULT-VALUE}).")
	ReportFormat format;

	private final Services services;

	ExecutionCommand(Services services) {
		this.services = services;
	}

	@Override
	public Integer call() {
		ExecutionDetail detail = this.services.get(Executions.class).detail(this.id);
		PrintWriter out = this.spec.commandLine().getOut();
		if (this.format == ReportFormat.JSON) {
			out.println(Json.writer().writeValueAsString(map(detail, true)));
		}
		else {
			print(map(detail, false), out, "");
		}
		out.flush();
		return CrmSyncCli.EXIT_OK;
	}

	@SuppressWarnings("unchecked")
	private static void print(Map<String, Object> map, PrintWriter out, String indent) {
		map.forEach((name, value) -> {
			if (value instanceof Map<?, ?> nested) {
				out.println(indent + name + ":");
				print((Map<String, Object>) nested, out, indent + "  ");
			}
			else if (value instanceof List<?> list) {
				out.println(indent + name + ":");
				for (Object element : list) {
					if (element instanceof Map<?, ?> nested) {
						out.println(indent + "  -");
						print((Map<String, Object>) nested, out, indent + "    ");
					}
					else {
						out.println(indent + "  - " + TerminalText.safe(String.valueOf(element), false));
					}
				}
			}
			else if (value instanceof String text && text.contains("\n")) {
				out.println(indent + name + ":");
				text.lines().forEach((line) -> out.println(indent + "    " + TerminalText.safe(line, false)));
			}
			else {
				out.printf("%s%-18s %s%n", indent, name, TerminalText.safe(String.valueOf(value), false));
			}
		});
	}

	/**
	 * The execution as printed: in JSON every parameter as {@code name}, {@code value},
	 * {@code identifying} (as {@code history} gives them) and each step's whole exit
	 * description; in a table a parameter as {@code name* = value} and the head of the
	 * exit description.
	 */
	static Map<String, Object> map(ExecutionDetail detail, boolean json) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("id", detail.id());
		map.put("job", detail.job());
		map.put("instance", detail.instance());
		map.put("status", detail.status());
		map.put("exitCode", detail.exitCode());
		map.put("exitDescription", detail.exitDescription());
		map.put("created", text(detail.created()));
		map.put("start", text(detail.start()));
		map.put("end", text(detail.end()));
		map.put("durationSeconds", (detail.duration() != null) ? detail.duration().toMillis() / 1000.0 : null);
		map.put("host", detail.host());
		map.put("pid", detail.pid());
		map.put("parameters", json ? detail.parameters() : detail.parameters()
			.stream()
			.map((parameter) -> parameter.name() + (parameter.identifying() ? "*" : "") + " = " + parameter.value())
			.toList());
		List<Map<String, Object>> steps = new ArrayList<>();
		for (Executions.StepDetail step : detail.steps()) {
			Map<String, Object> stepMap = new LinkedHashMap<>();
			stepMap.put("step", step.step());
			stepMap.put("status", step.status());
			stepMap.put("read", step.read());
			stepMap.put("written", step.written());
			stepMap.put("filtered", step.filtered());
			stepMap.put("readSkips", step.readSkips());
			stepMap.put("processSkips", step.processSkips());
			stepMap.put("writeSkips", step.writeSkips());
			stepMap.put("commits", step.commits());
			stepMap.put("rollbacks", step.rollbacks());
			stepMap.put("start", text(step.start()));
			stepMap.put("end", text(step.end()));
			stepMap.put("exitCode", step.exitCode());
			stepMap.put("exitDescription",
					step.exitDescription().lines().limit(STACK_TRACE_LINES).collect(Collectors.joining("\n")));
			steps.add(stepMap);
		}
		map.put("steps", steps);
		map.put("report", detail.report().asMap());
		return map;
	}

	private static @Nullable String text(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

}
