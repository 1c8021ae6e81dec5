package io.github.crmsync.cli.commands;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.github.crmsync.cli.CrmSyncCli;
import io.github.crmsync.cli.Services;
import io.github.crmsync.cli.shared.ExitCodes;
import io.github.crmsync.cli.shared.ImportFiles;
import io.github.crmsync.cli.shared.ProgressOptions;
import io.github.crmsync.failures.FailureCsvImport;
import io.github.crmsync.failures.SyncFailure;
import io.github.crmsync.support.ImportResult;
import io.github.crmsync.support.Instants;
import io.github.crmsync.support.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "import-failures", mixinStandardHelpOptions = true, footer = { "", ExitCodes.COMMAND },
		description = { "Loads failure rows from a CSV file into the failure list.", "RFC 4180, UTF-8, with the header",
				"  zuora_id,object_type,error_code,error_message,sync_date",
				"and optional columns first_failed_at (default: sync_date) and attempts (1 to "
						+ SyncFailure.MAX_ATTEMPTS + "; default: 1 for a",
				"new row, +1 for a listed one up to " + SyncFailure.MAX_ATTEMPTS
						+ "). Instants in ISO-8601 with an offset, e.g.",
				"2026-11-20T11:30:00Z, at most " + Instants.CLOCK_SKEW_MINUTES + " minutes after the clock.",
				"Upserts by (object_type, zuora_id); a row older than the listed one is left out.",
				"One invalid row rejects the whole file (exit 2, nothing written)." })
public class ImportFailuresCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--file", required = true, paramLabel = "F.csv", description = "The CSV file.")
	Path file;

	@Mixin
	ProgressOptions progress;

	private final Services services;

	ImportFailuresCommand(Services services) {
		this.services = services;
	}

	@Override
	public Integer call() {
		ImportFiles.requireReadable(this.file);
		Progress progress = this.services.get(Progress.class);
		this.progress.apply(progress);
		ImportResult result = this.services.get(FailureCsvImport.class).importFile(this.file, progress);
		this.spec.commandLine()
			.getOut()
			.printf("Imported %d failure rows from %s: %d new, %d updated, %d older than the listed row (left out)%n",
					result.rows(), this.file, result.inserted(), result.updated(), result.unchanged());
		return CrmSyncCli.EXIT_OK;
	}

}
