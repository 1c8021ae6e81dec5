package io.github.crmsync.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.crmsync.cli.commands.ControlCommands;
import io.github.crmsync.cli.commands.DailyRetryCommand;
import io.github.crmsync.cli.commands.EnablementCommands;
import io.github.crmsync.cli.commands.ExecutionCommand;
import io.github.crmsync.cli.commands.FailuresCommand;
import io.github.crmsync.cli.commands.HistoryCommand;
import io.github.crmsync.cli.commands.ImportFailuresCommand;
import io.github.crmsync.cli.commands.ImportRecordsCommand;
import io.github.crmsync.cli.commands.ObjectsCommand;
import io.github.crmsync.cli.commands.PurgeCommand;
import io.github.crmsync.cli.commands.RetryCommand;
import io.github.crmsync.cli.commands.SummaryCommand;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root command: lists the commands.
 */
@Command(name = "crm-sync-jobs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		description = "Retries and purges the sync failure list of a billing (Zuora) to CRM (Salesforce) connector.",
		footer = { "",
				"Exit codes: 0 success, 1 failure (the job FAILED or STOPPED), 2 invalid input (nothing started),",
				"3 another run is active.",
				"Database: SPRING_DATASOURCE_URL (+ _USERNAME, _PASSWORD); without it an embedded PostgreSQL." })
class CrmSyncCommand implements Runnable {

	/**
	 * The commands by name, in the order of the usage help. Not in the annotation:
	 * picocli builds the model of every command it is given by reflection, which took 0.4
	 * s of each start, so the command line gets only the command it runs, or all of them
	 * where it needs all (the usage help, a usage error)
	 * ({@link CrmSyncCli#commandLine}).
	 */
	static final Map<String, Class<?>> COMMANDS = commands(DailyRetryCommand.class, RetryCommand.class,
			PurgeCommand.class, HistoryCommand.class, ExecutionCommand.class, ControlCommands.Stop.class,
			ControlCommands.Restart.class, ControlCommands.Recover.class, ControlCommands.Abandon.class,
			FailuresCommand.class, SummaryCommand.class, ObjectsCommand.class, EnablementCommands.Enable.class,
			EnablementCommands.Disable.class, EnablementCommands.Settings.class, ImportRecordsCommand.class,
			ImportFailuresCommand.class, AutoComplete.GenerateCompletion.class);

	/**
	 * picocli's bash/zsh completion script of every command
	 * ({@code source <(bin/crm-sync-jobs generate-completion)}).
	 */
	static final String GENERATE_COMPLETION = "generate-completion";

	@Spec
	CommandSpec spec;

	/**
	 * Read by the failure handler ({@link CrmSyncCli#verbose}); inherited, so that it may
	 * also follow the command's name.
	 */
	@Option(names = "--verbose", scope = ScopeType.INHERIT,
			description = "On a failure, print the stack trace after the one-line message.")
	boolean verbose;

	private static Map<String, Class<?>> commands(Class<?>... types) {
		Map<String, Class<?>> commands = new LinkedHashMap<>();
		for (Class<?> type : types) {
			commands.put(type.getAnnotation(Command.class).name(), type);
		}
		return Collections.unmodifiableMap(commands);
	}

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(),
				"Missing command: name one of " + String.join(", ",
						this.spec.subcommands()
							.entrySet()
							.stream()
							.filter((command) -> !command.getValue().getCommandSpec().usageMessage().hidden())
							.map(Map.Entry::getKey)
							.toList()));
	}

}
