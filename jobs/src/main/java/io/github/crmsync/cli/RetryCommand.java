package io.github.crmsync.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;

import io.github.crmsync.failures.FailureSelector;
import io.github.crmsync.failures.SelectionRequest;
import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.retry.RetryLauncher;
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
class RetryCommand implements Callable<Integer> {

	static final int DRY_RUN_ROWS = 20;

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
		SelectionRequest request = new SelectionRequest(this.selection.ids(), this.selection.objectType,
				this.selection.all, this.run.errorCode, null, true, this.run.ignoreMissing);
		FailureSelector.Selected selected = this.services.get(FailureSelector.class)
			.select(request, true, Instant.now());
		PrintWriter out = this.spec.commandLine().getOut();
		if (!selected.leftOut().isEmpty()) {
			this.spec.commandLine()
				.getErr()
				.println("Left out " + selected.leftOut().size() + " Zuora IDs not in the failure list");
		}
		if (this.run.dryRun) {
			SyncFailureRepository.Preview preview = this.services.get(SyncFailureRepository.class)
				.preview(selected.selection(), selected.ids(), SyncFailureRepository.OF_ENABLED_TYPE, DRY_RUN_ROWS);
			DryRuns.print("Would retry", selected.selection().describe(), preview, this.run.format, out);
			return CrmSyncCli.EXIT_OK;
		}
		return DailyRetryCommand.ReportPrinter.print(
				this.services.get(RetryLauncher.class)
					.launchOnDemand(selected, this.run.chunkSize, this.run.requestedBy),
				this.run.format, out, this.spec.commandLine().getErr());
	}

}
