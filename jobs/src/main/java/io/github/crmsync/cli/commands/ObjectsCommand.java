package io.github.crmsync.cli.commands;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import io.github.crmsync.catalog.CatalogRepository;
import io.github.crmsync.catalog.ObjectType;
import io.github.crmsync.cli.CrmSyncCli;
import io.github.crmsync.cli.Services;
import io.github.crmsync.cli.shared.ExitCodes;
import io.github.crmsync.cli.shared.Json;
import io.github.crmsync.cli.shared.ReportFormat;
import io.github.crmsync.cli.shared.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "objects", mixinStandardHelpOptions = true, footer = { "", ExitCodes.COMMAND },
		description = { "Lists the object catalog in sync order (parents first).",
				"Each type's parent, whether it cascades from its parent (re-syncing the parent re-syncs it), its",
				"Salesforce object, whether it belongs to the product catalog (needs Zuora Quotes), and whether it",
				"is enabled for sync." })
public class ObjectsCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
			description = "table or json (default: ${DEFAULT-VALUE}).")
	ReportFormat format;

	private final Services services;

	ObjectsCommand(Services services) {
		this.services = services;
	}

	@Override
	public Integer call() {
		List<ObjectType> types = this.services.get(CatalogRepository.class).load().types();
		PrintWriter out = this.spec.commandLine().getOut();
		if (this.format == ReportFormat.JSON) {
			out.println(Json.writer().writeValueAsString(types.stream().map(ObjectJson::of).toList()));
		}
		else {
			List<String> headers = List.of("NAME", "PARENT", "CASCADES", "SALESFORCE OBJECT", "EXTERNAL ID FIELD",
					"PRODUCT CATALOG", "ENABLED");
			List<List<String>> rows = types.stream()
				.map((type) -> List.of(type.name(), (type.parent() != null) ? type.parent() : "-",
						yesNo(type.partOfParent()), type.salesforceObject(), type.externalIdField(),
						yesNo(type.productCatalog()), yesNo(type.enabled())))
				.toList();
			TextTable table = new TextTable(out, headers, TextTable.fit(headers, rows));
			rows.forEach((row) -> table.row(row.toArray(String[]::new)));
		}
		out.flush();
		return CrmSyncCli.EXIT_OK;
	}

	private static String yesNo(boolean value) {
		return value ? "yes" : "no";
	}

	public record ObjectJson(String name, String parent, boolean cascadesFromParent, String salesforceObject,
			String externalIdField, boolean productCatalog, boolean enabled, int syncOrder) {

		static ObjectJson of(ObjectType type) {
			return new ObjectJson(type.name(), type.parent(), type.partOfParent(), type.salesforceObject(),
					type.externalIdField(), type.productCatalog(), type.enabled(), type.syncOrder());
		}

	}

}
