package io.github.crmsync.cli.commands;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.github.crmsync.application.Retries;
import io.github.crmsync.application.SelectionInput;
import io.github.crmsync.cli.CrmSyncCli;
import io.github.crmsync.cli.Services;
import io.github.crmsync.cli.shared.DryRuns;
import io.github.crmsync.cli.shared.LaunchPrinter;
import io.github.crmsync.cli.shared.RunOptions;
import io.github.crmsync.cli.shared.SelectionOptions;
import io.github.crmsync.failures.FailureSelector;
import io.github.crmsync.support.Progress;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "retry", mixinStandardHelpOptions = true,
		description = { "Re-syncs the failures you select (retryJob).",
				"Select exactly one of --ids, --ids-file, --object-type, --all. An object type also re-syncs the",
				"types that cascade from it (Invoice: InvoiceItem, TaxationItem, InvoicePayment). Unlike the daily",
				"retry there is no time window and DACO-02 failures are included (retry them once the account is",
				"linked). Failures of disabled object types are skipped. Each launch is a job of its own." },
		footer = { "", "Exit codes: 0 completed, 1 failed or stopped, 2 invalid arguments (nothing started),",
				"3 another retry run is active." })
public class RetryCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@ArgGroup(exclusive = true, multiplicity = "1")
	SelectionOptions selection;

	@Mixin
	RunOptions run;

	private final Services services;

	RetryCommand(Services services) {
		this.services = services;
	}

	@Override
	public Integer call() throws Exception {
		this.run.check();
		Retries retries = this.services.get(Retries.class);
		FailureSelector.Selected selected = retries
			.select(new SelectionInput(this.selection.ids(), this.selection.objectType, this.selection.all,
					this.run.errorCode, null, false, this.run.ignoreMissing));
		PrintWriter out = this.spec.commandLine().getOut();
		this.run.sayLeftOut(selected, this.spec.commandLine().getErr());
		if (this.run.dryRun) {
			DryRuns.print("Would retry", selected.describe(), retries.preview(selected), this.run.format, out);
			return CrmSyncCli.EXIT_OK;
		}
		this.run.progress.apply(this.services.get(Progress.class));
		return LaunchPrinter.print(retries.launch(selected, this.run.chunkSize, this.run.requestedBy), this.run.format,
				out, this.spec.commandLine().getErr());
	}

}
