package io.github.crmsync.cli.commands;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.crmsync.application.FailureDetails.FailureDetail;
import io.github.crmsync.application.FailureDetails;
import io.github.crmsync.cli.CrmSyncCli;
import io.github.crmsync.cli.Services;
import io.github.crmsync.cli.shared.ExitCodes;
import io.github.crmsync.cli.shared.FailureJson;
import io.github.crmsync.cli.shared.Json;
import io.github.crmsync.cli.shared.ReportFormat;
import io.github.crmsync.cli.shared.TerminalText;
import io.github.crmsync.source.AccountLink;
import io.github.crmsync.source.SourceRecord;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true, footer = { "", ExitCodes.COMMAND },
		description = { "Shows everything about the failure(s) of one Zuora ID.",
				"Every field, the whole error message, attempts, first and last failure time, the source record",
				"with its fields, the CRM account it will be linked to (its billing account's CRM ID), and a",
				"summary of the records that cascade from it." })
public class FailureShowCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Parameters(index = "0", paramLabel = "ZUORA_ID",
			description = "The failed record's Zuora ID, or the row ID that failures shows first.")
	String zuoraId;

	@Option(names = "--object-type", paramLabel = "T", description = "Only the failure of this object type.")
	String objectType;

	@Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
			description = "table or json (default: ${DEFAULT-VALUE}).")
	ReportFormat format;

	private final Services services;

	FailureShowCommand(Services services) {
		this.services = services;
	}

	@Override
	public Integer call() {
		List<Map<String, Object>> shown = this.services.get(FailureDetails.class)
			.of(this.zuoraId, this.objectType)
			.stream()
			.map(FailureShowCommand::map)
			.toList();
		PrintWriter out = this.spec.commandLine().getOut();
		if (this.format == ReportFormat.JSON) {
			out.println(Json.writer().writeValueAsString(shown));
		}
		else {
			for (Map<String, Object> failure : shown) {
				failure.forEach((name, value) -> {
					if (value instanceof String text && text.contains("\n")) {
						out.println(name + ":");
						text.lines().forEach((line) -> out.println("    " + TerminalText.safe(line, false)));
					}
					else {
						out.printf("%-16s %s%n", name,
								TerminalText.safe(String.valueOf((value instanceof Map || value instanceof List)
										? Json.MAPPER.writeValueAsString(value) : value), false));
					}
				});
				out.println();
			}
		}
		out.flush();
		return CrmSyncCli.EXIT_OK;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(FailureDetail detail) {
		Map<String, Object> map = new LinkedHashMap<>(
				Json.MAPPER.convertValue(FailureJson.of(detail.failure()), Map.class));
		SourceRecord source = detail.source();
		if (source == null) {
			map.put("sourceRecord", null);
			map.put("note", "the source record no longer exists in the billing system");
			return map;
		}
		Map<String, Object> record = new LinkedHashMap<>();
		record.put("parentId", source.parentId());
		record.put("accountId", source.accountId());
		record.put("crmId", source.crmId());
		record.put("fields", source.fields());
		map.put("sourceRecord", record);
		if (detail.link() != null) {
			map.put("crmLink", crmLink(detail.link()));
		}
		Map<String, Map<String, Long>> cascaded = new LinkedHashMap<>();
		detail.cascaded()
			.forEach((type, counts) -> cascaded.put(type,
					new LinkedHashMap<>(Map.of("records", counts.records(), "failing", counts.failing()))));
		map.put("cascadedRecords", cascaded);
		return map;
	}

	/**
	 * The CRM account a re-sync links the record and its cascaded records to, as the
	 * retry decides it: its billing account, that account's CRM ID, and the problem that
	 * would fail it with DACO-02 before the CRM (a missing or invalid CRM ID), if any.
	 */
	private static Map<String, Object> crmLink(AccountLink link) {
		Map<String, Object> shown = new LinkedHashMap<>();
		shown.put("account", link.account());
		shown.put("crmId", link.crmId());
		shown.put("problem", link.problem());
		return shown;
	}

}
