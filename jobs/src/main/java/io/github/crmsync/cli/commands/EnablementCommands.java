package io.github.crmsync.cli.commands;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.crmsync.catalog.CatalogRepository;
import io.github.crmsync.catalog.Enablement;
import io.github.crmsync.cli.CrmSyncCli;
import io.github.crmsync.cli.Services;
import io.github.crmsync.cli.shared.ExitCodes;
import io.github.crmsync.cli.shared.Json;
import io.github.crmsync.cli.shared.ReportFormat;
import io.github.crmsync.support.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Sync Object Enablement and the connector's settings.
 */
public final class EnablementCommands {

	private EnablementCommands() {
	}

	@Command(name = "enable", mixinStandardHelpOptions = true, footer = { "", ExitCodes.COMMAND },
			description = { "Enables object types for sync.",
					"Product catalog types need Zuora Quotes (settings set zuora-quotes-installed true)." })
	public static class Enable implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Parameters(arity = "1..*", paramLabel = "TYPE", description = "Object types, as objects lists them.")
		List<String> types;

		private final Services services;

		Enable(Services services) {
			this.services = services;
		}

		@Override
		public Integer call() {
			List<String> notes = this.services.get(Enablement.class).enable(this.types);
			return report(this.spec, "Enabled " + String.join(", ", this.types), notes);
		}

	}

	@Command(name = "disable", mixinStandardHelpOptions = true, footer = { "", ExitCodes.COMMAND },
			description = { "Disables object types: their failures are no longer retried.",
					"Disabling a parent leaves its children enabled: their own failures are still retried (the CRM",
					"accepts them only if their parent is there); nothing cascades from a disabled parent." })
	public static class Disable implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Parameters(arity = "1..*", paramLabel = "TYPE", description = "Object types, as objects lists them.")
		List<String> types;

		private final Services services;

		Disable(Services services) {
			this.services = services;
		}

		@Override
		public Integer call() {
			List<String> notes = this.services.get(Enablement.class).disable(this.types);
			return report(this.spec, "Disabled " + String.join(", ", this.types), notes);
		}

	}

	private static int report(CommandSpec spec, String done, List<String> notes) {
		PrintWriter out = spec.commandLine().getOut();
		out.println(done);
		notes.forEach((note) -> out.println("Note: " + note));
		out.flush();
		return CrmSyncCli.EXIT_OK;
	}

	@Command(name = "settings", mixinStandardHelpOptions = true, footer = { "", ExitCodes.COMMAND },
			description = "Shows the connector's settings.", subcommands = Settings.Set.class)
	public static class Settings implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
				description = "table or json (default: ${DEFAULT-VALUE}).")
		ReportFormat format;

		private final Services services;

		Settings(Services services) {
			this.services = services;
		}

		@Override
		public Integer call() {
			Map<String, Object> settings = new LinkedHashMap<>();
			settings.put("zuora-quotes-installed", this.services.get(CatalogRepository.class).zuoraQuotesInstalled());
			PrintWriter out = this.spec.commandLine().getOut();
			if (this.format == ReportFormat.JSON) {
				out.println(Json.writer().writeValueAsString(settings));
			}
			else {
				settings.forEach((name, value) -> out.println(name + " = " + value));
			}
			out.flush();
			return CrmSyncCli.EXIT_OK;
		}

		@Command(name = "set", mixinStandardHelpOptions = true, footer = { "", ExitCodes.COMMAND },
				description = "Changes a setting: zuora-quotes-installed true|false.")
		static class Set implements Callable<Integer> {

			@Spec
			CommandSpec spec;

			@Parameters(index = "0", paramLabel = "NAME", description = "zuora-quotes-installed")
			String name;

			@Parameters(index = "1", paramLabel = "VALUE", description = "true or false")
			String value;

			private final Services services;

			Set(Services services) {
				this.services = services;
			}

			@Override
			public Integer call() {
				if (!"zuora-quotes-installed".equals(this.name)) {
					throw new InvalidInputException(
							"unknown setting '" + this.name + "'; settings: zuora-quotes-installed");
				}
				String text = this.value.toLowerCase(Locale.ROOT);
				if (!text.equals("true") && !text.equals("false")) {
					throw new InvalidInputException(
							"zuora-quotes-installed takes true or false, not '" + this.value + "'");
				}
				this.services.get(Enablement.class).setZuoraQuotesInstalled(Boolean.parseBoolean(text));
				PrintWriter out = this.spec.commandLine().getOut();
				out.println("zuora-quotes-installed = " + text);
				out.flush();
				return CrmSyncCli.EXIT_OK;
			}

		}

	}

}
