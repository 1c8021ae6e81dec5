package io.github.crmsync.cli.commands;

import java.io.Console;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.github.crmsync.application.Purges;
import io.github.crmsync.application.SelectionInput;
import io.github.crmsync.cli.CrmSyncCli;
import io.github.crmsync.cli.Services;
import io.github.crmsync.cli.shared.DryRuns;
import io.github.crmsync.cli.shared.Json;
import io.github.crmsync.cli.shared.LaunchPrinter;
import io.github.crmsync.cli.shared.ReportFormat;
import io.github.crmsync.cli.shared.RunOptions;
import io.github.crmsync.cli.shared.SelectionOptions;
import io.github.crmsync.failures.FailureSelector;
import io.github.crmsync.purge.RestoreReport;
import io.github.crmsync.support.InvalidInputException;
import io.github.crmsync.support.Progress;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "purge", mixinStandardHelpOptions = true,
		description = { "Archives the failures you select: moves them from the failure list to the archive (purgeJob).",
				"Select one of --ids, --ids-file, --object-type, --all, and/or --older-than. An object type purges",
				"that type only, unless --with-children also purges the types that cascade from it. --all without",
				"--older-than needs --yes (or a confirmation typed at a terminal).",
				"A purge takes the rows listed when it starts: a failure imported while it runs stays listed.",
				"Purged rows move to sync_failure_archive in the same transaction; `purge --restore --execution ID`",
				"puts them back, each record's newest, never over a newer failure of the same record (also after",
				"`history prune`). Archived rows older than crm-sync.purge.archive-retention (30 days) are dropped by",
				"every purge." },
		footer = { "", "Exit codes: 0 completed, 1 failed, 2 invalid arguments (nothing changed), 3 another purge",
				"or restore is active." })
public class PurgeCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@ArgGroup(exclusive = true, multiplicity = "0..1")
	SelectionOptions selection;

	@Option(names = "--with-children", description = "With --object-type: also the types that cascade from it.")
	boolean withChildren;

	@Option(names = "--older-than", paramLabel = "DURATION",
			description = "Only failures whose sync date is older than this ISO-8601 duration, e.g. P30D.")
	String olderThan;

	@Option(names = "--yes", description = "Confirm --all without --older-than.")
	boolean yes;

	@Option(names = "--restore", description = "Put back what the purge --execution archived.")
	boolean restore;

	@Option(names = "--execution", paramLabel = "ID", description = "With --restore: the purge's job execution ID.")
	Long execution;

	@Mixin
	RunOptions run;

	private final Services services;

	PurgeCommand(Services services) {
		this.services = services;
	}

	@Override
	public Integer call() throws Exception {
		PrintWriter out = this.spec.commandLine().getOut();
		if (this.restore || this.execution != null) {
			return restore(out);
		}
		this.run.check();
		Purges purges = this.services.get(Purges.class);
		FailureSelector.Selected selected = purges
			.select(new SelectionInput((this.selection != null) ? this.selection.ids() : null,
					(this.selection != null) ? this.selection.objectType : null,
					this.selection != null && this.selection.all, this.run.errorCode, this.olderThan, this.withChildren,
					this.run.ignoreMissing));
		this.run.sayLeftOut(selected, this.spec.commandLine().getErr());
		if (this.run.dryRun) {
			DryRuns.print("Would purge", selected.describe(), purges.preview(selected), this.run.format, out);
			return CrmSyncCli.EXIT_OK;
		}
		boolean confirmed = !Purges.takesEverything(selected) || confirmed();
		this.run.progress.apply(this.services.get(Progress.class));
		return LaunchPrinter.print(purges.launch(selected, this.run.chunkSize, this.run.requestedBy, confirmed),
				this.run.format, out, this.spec.commandLine().getErr());
	}

	private Integer restore(PrintWriter out) throws Exception {
		if (!this.restore || this.execution == null) {
			throw new InvalidInputException("--restore and --execution ID go together");
		}
		if (this.selection != null || this.olderThan != null || this.run.errorCode != null || this.run.dryRun) {
			throw new InvalidInputException(
					"--restore takes no selection: it puts back what one purge execution archived");
		}
		RestoreReport report = this.services.get(Purges.class).restore(this.execution);
		out.println((this.run.format == ReportFormat.JSON) ? Json.writer().writeValueAsString(report.asMap())
				: report.describe());
		out.flush();
		return CrmSyncCli.EXIT_OK;
	}

	private boolean confirmed() {
		if (this.yes) {
			return true;
		}
		Console console = System.console();
		if (console == null) {
			return false;
		}
		String answer = console.readLine("Purge EVERY failure of the list? Type yes to go on: ");
		return answer != null && answer.strip().equalsIgnoreCase("yes");
	}

}
