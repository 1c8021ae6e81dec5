package io.github.crmsync.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;

import io.github.crmsync.failures.ErrorCode;
import io.github.crmsync.failures.FailureSelector;
import io.github.crmsync.failures.SelectionRequest;
import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.retry.RetryLauncher;
import io.github.crmsync.support.InvalidInputException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

	@Option(names = "--error-code", paramLabel = "C", converter = ErrorCodeConverter.class,
			description = "Only failures with this error code.")
	ErrorCode errorCode;

	@Option(names = "--ignore-missing", description = "Go on without the --ids that are not in the failure list.")
	boolean ignoreMissing;

	@Option(names = "--dry-run", description = "Print what would be retried (counts, the first rows); call nothing, change nothing.")
	boolean dryRun;

	@Option(names = "--chunk-size", paramLabel = "N", description = "Failures per chunk (default: crm-sync.daily-retry.chunk-size).")
	Integer chunkSize;

	@Option(names = "--requested-by", paramLabel = "NAME", description = "Who asks, for the job history (default: the OS user).")
	String requestedBy = System.getProperty("user.name");

	@Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT", description = "table or json (default: ${DEFAULT-VALUE}).")
	ReportFormat format;

	private final Services services;

	RetryCommand(Services services) {
		this.services = services;
	}

	@Override
	public Integer call() throws Exception {
		ChunkSizes.check(this.chunkSize);
		Options.requireText(this.requestedBy, "--requested-by");
		SelectionRequest request = new SelectionRequest(this.selection.ids(), this.selection.objectType,
				this.selection.all, this.errorCode, null, true, this.ignoreMissing);
		FailureSelector.Selected selected = this.services.get(FailureSelector.class).select(request, true, Instant.now());
		PrintWriter out = this.spec.commandLine().getOut();
		if (!selected.leftOut().isEmpty()) {
			this.spec.commandLine().getErr().println("Left out " + selected.leftOut().size() + " Zuora IDs not in the failure list");
		}
		if (this.dryRun) {
			SyncFailureRepository.Preview preview = this.services.get(SyncFailureRepository.class)
				.preview(selected.selection(), selected.ids(), "object_type in (select name from sync_object_type where enabled)",
						DRY_RUN_ROWS);
			DryRuns.print("Would retry", selected.selection().describe(), preview, this.format, out);
			return CrmSyncCli.EXIT_OK;
		}
		return DailyRetryCommand.ReportPrinter.print(
				this.services.get(RetryLauncher.class).launchOnDemand(selected, this.chunkSize, this.requestedBy),
				this.format, out, this.spec.commandLine().getErr());
	}

}
