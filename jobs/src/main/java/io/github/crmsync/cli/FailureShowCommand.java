package io.github.crmsync.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.github.crmsync.failures.SyncFailure;
import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.source.AccountLink;
import io.github.crmsync.source.RecordKey;
import io.github.crmsync.source.SourceRecord;
import io.github.crmsync.source.SourceRecordRepository;
import io.github.crmsync.support.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true,
		description = { "Shows everything about the failure(s) of one Zuora ID.",
				"Every field, the whole error message, attempts, first and last failure time, the source record",
				"with its fields, the CRM account it will be linked to (its billing account's CRM ID), and a",
				"summary of the records that cascade from it." })
class FailureShowCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Parameters(index = "0", paramLabel = "ZUORA_ID", description = "The failed record's Zuora ID.")
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
		List<SyncFailure> failures = this.services.get(SyncFailureRepository.class)
			.findByZuoraId(this.zuoraId)
			.stream()
			.filter((failure) -> this.objectType == null || failure.objectType().equals(this.objectType))
			.toList();
		if (failures.isEmpty()) {
			throw new InvalidInputException("no failure is listed for Zuora ID '" + this.zuoraId + "'"
					+ ((this.objectType != null) ? " of type " + this.objectType : ""));
		}
		SourceRecordRepository records = this.services.get(SourceRecordRepository.class);
		SyncFailureRepository failureRepository = this.services.get(SyncFailureRepository.class);
		Map<RecordKey, List<SourceRecord>> units = records.findWithDescendants(
				failures.stream().map((failure) -> new RecordKey(failure.objectType(), failure.zuoraId())).toList());
		Set<String> accounts = units.values()
			.stream()
			.map((unit) -> AccountLink.accountOf(unit.get(0)))
			.filter(Objects::nonNull)
			.collect(Collectors.toSet());
		Map<String, String> accountCrmIds = accounts.isEmpty() ? Map.of() : records.findAccountCrmIds(accounts);
		List<Map<String, Object>> shown = new ArrayList<>();
		for (SyncFailure failure : failures) {
			shown.add(detail(failure, units.get(new RecordKey(failure.objectType(), failure.zuoraId())), accountCrmIds,
					failureRepository));
		}
		PrintWriter out = this.spec.commandLine().getOut();
		if (this.format == ReportFormat.JSON) {
			out.println(Json.writer().writeValueAsString(shown));
		}
		else {
			for (Map<String, Object> failure : shown) {
				failure.forEach((name, value) -> {
					if (value instanceof String text && text.contains("\n")) {
						out.println(name + ":");
						text.lines().forEach((line) -> out.println("    " + line));
					}
					else {
						out.printf("%-16s %s%n", name, (value instanceof Map || value instanceof List)
								? Json.MAPPER.writeValueAsString(value) : value);
					}
				});
				out.println();
			}
		}
		out.flush();
		return CrmSyncCli.EXIT_OK;
	}

	private static Map<String, Object> detail(SyncFailure failure, List<SourceRecord> unit,
			Map<String, String> accountCrmIds, SyncFailureRepository failures) {
		Map<String, Object> map = new LinkedHashMap<>(
				Json.MAPPER.convertValue(FailuresCommand.FailureJson.of(failure), Map.class));
		if (unit == null) {
			map.put("sourceRecord", null);
			map.put("note", "the source record no longer exists in the billing system");
			return map;
		}
		SourceRecord root = unit.get(0);
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("parentId", root.parentId());
		source.put("accountId", root.accountId());
		source.put("crmId", root.crmId());
		source.put("fields", root.fields());
		map.put("sourceRecord", source);
		map.put("crmLink", crmLink(AccountLink.of(root, accountCrmIds)));
		List<SourceRecord> children = unit.subList(1, unit.size());
		Set<RecordKey> failing = failures
			.findByKeys(children.stream().map((child) -> new RecordKey(child.objectType(), child.zuoraId())).toList())
			.stream()
			.map((child) -> new RecordKey(child.objectType(), child.zuoraId()))
			.collect(Collectors.toSet());
		Map<String, Map<String, Long>> byType = new LinkedHashMap<>();
		for (SourceRecord child : children) {
			Map<String, Long> counts = byType.computeIfAbsent(child.objectType(),
					(type) -> new LinkedHashMap<>(Map.of("records", 0L, "failing", 0L)));
			counts.merge("records", 1L, Long::sum);
			if (failing.contains(new RecordKey(child.objectType(), child.zuoraId()))) {
				counts.merge("failing", 1L, Long::sum);
			}
		}
		map.put("cascadedRecords", byType);
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
