package io.github.crmsync.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.github.crmsync.operations.JobControl;
import io.github.crmsync.purge.PurgeReport;
import io.github.crmsync.retry.RetryReport;
import io.github.crmsync.support.ProcessRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

@Command(name = "execution", mixinStandardHelpOptions = true,
		description = { "Shows the whole story of one job execution.",
				"Its parameters, its steps (counts, commits, rollbacks, exit description with the head of a stack",
				"trace) and the run's outcome report." })
class ExecutionCommand implements Callable<Integer> {

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
		JobExecution execution = this.services.get(JobControl.class).find(this.id);
		Map<String, Object> json = json(execution, this.services.get(ProcessRuns.class).hostOf(execution));
		PrintWriter out = this.spec.commandLine().getOut();
		if (this.format == ReportFormat.JSON) {
			out.println(Json.writer().writeValueAsString(json));
		}
		else {
			print(json, out, "");
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
						out.println(indent + "  - " + element);
					}
				}
			}
			else if (value instanceof String text && text.contains("\n")) {
				out.println(indent + name + ":");
				text.lines().forEach((line) -> out.println(indent + "    " + line));
			}
			else {
				out.printf("%s%-18s %s%n", indent, name, value);
			}
		});
	}

	static Map<String, Object> json(JobExecution execution, ProcessRuns.Host process) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", execution.getId());
		json.put("job", execution.getJobInstance().getJobName());
		json.put("instance", execution.getJobInstance().getInstanceId());
		json.put("status", execution.getStatus().name());
		json.put("exitCode", execution.getExitStatus().getExitCode());
		json.put("exitDescription", execution.getExitStatus().getExitDescription());
		json.put("created", time(execution.getCreateTime()));
		json.put("start", time(execution.getStartTime()));
		json.put("end", time(execution.getEndTime()));
		json.put("durationSeconds", duration(execution.getStartTime(), execution.getEndTime()));
		json.put("host", process.host());
		json.put("pid", process.pid());
		List<String> parameters = new ArrayList<>();
		execution.getJobParameters()
			.parameters()
			.forEach((parameter) -> parameters
				.add(parameter.name() + (parameter.identifying() ? "*" : "") + " = " + parameter.value()));
		json.put("parameters", parameters);
		List<Map<String, Object>> steps = new ArrayList<>();
		for (StepExecution step : execution.getStepExecutions()) {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("step", step.getStepName());
			map.put("status", step.getStatus().name());
			map.put("read", step.getReadCount());
			map.put("written", step.getWriteCount());
			map.put("filtered", step.getFilterCount());
			map.put("readSkips", step.getReadSkipCount());
			map.put("processSkips", step.getProcessSkipCount());
			map.put("writeSkips", step.getWriteSkipCount());
			map.put("commits", step.getCommitCount());
			map.put("rollbacks", step.getRollbackCount());
			map.put("start", time(step.getStartTime()));
			map.put("end", time(step.getEndTime()));
			map.put("exitCode", step.getExitStatus().getExitCode());
			String description = step.getExitStatus().getExitDescription();
			map.put("exitDescription", (description == null) ? ""
					: description.lines().limit(STACK_TRACE_LINES).collect(Collectors.joining("\n")));
			steps.add(map);
		}
		json.put("steps", steps);
		json.put("report", "purgeJob".equals(execution.getJobInstance().getJobName())
				? PurgeReport.of(execution).asMap() : RetryReport.of(execution).asMap());
		return json;
	}

	private static String time(LocalDateTime time) {
		return (time != null) ? time.toInstant(ZoneOffset.UTC).toString() : null;
	}

	private static Double duration(LocalDateTime start, LocalDateTime end) {
		if (start == null) {
			return null;
		}
		Instant from = start.toInstant(ZoneOffset.UTC);
		Instant to = (end != null) ? end.toInstant(ZoneOffset.UTC) : Instant.now();
		return Duration.between(from, to).toMillis() / 1000.0;
	}

}
