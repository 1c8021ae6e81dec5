package io.github.crmsync.cli;

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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The root command: lists the commands.
 */
@Command(name = "crm-sync-jobs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		description = "Retries and purges the sync failure list of a billing (Zuora) to CRM (Salesforce) connector.",
		footer = { "",
				"Exit codes: 0 success, 1 failure (the job FAILED or STOPPED), 2 invalid input (nothing started),",
				"3 another run is active.",
				"Database: SPRING_DATASOURCE_URL (+ _USERNAME, _PASSWORD); without it an embedded PostgreSQL." },
		subcommands = { DailyRetryCommand.class, RetryCommand.class, PurgeCommand.class, HistoryCommand.class,
				ExecutionCommand.class, ControlCommands.Stop.class, ControlCommands.Restart.class,
				ControlCommands.Recover.class, ControlCommands.Abandon.class, FailuresCommand.class,
				SummaryCommand.class, ObjectsCommand.class, EnablementCommands.Enable.class,
				EnablementCommands.Disable.class, EnablementCommands.Settings.class, ImportRecordsCommand.class,
				ImportFailuresCommand.class })
class CrmSyncCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(),
				"Missing command: name one of " + String.join(", ", this.spec.subcommands().keySet()));
	}

}
