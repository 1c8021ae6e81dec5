package io.github.crmsync.cli.shared;

import java.io.PrintWriter;

import io.github.crmsync.application.LaunchOptions;
import io.github.crmsync.failures.ErrorCode;
import io.github.crmsync.failures.FailureSelector;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options that {@code retry} and {@code purge} share beside their selection.
 */
public class RunOptions {

	@Option(names = "--error-code", paramLabel = "C", converter = ErrorCodeConverter.class,
			description = "Only failures with this error code.")
	public ErrorCode errorCode;

	@Option(names = "--ignore-missing", description = "Go on without the --ids that are not in the failure list.")
	public boolean ignoreMissing;

	@Option(names = "--dry-run", description = "Print what would be done (counts, the first rows); change nothing.")
	public boolean dryRun;

	@Option(names = "--chunk-size", paramLabel = "N", description = "Failures per chunk (default: the job's setting).")
	public Integer chunkSize;

	@Option(names = "--requested-by", paramLabel = "NAME",
			description = "Who asks, for the job history (default: the OS user).")
	public String requestedBy = System.getProperty("user.name");

	@Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
			description = "table or json (default: ${DEFAULT-VALUE}).")
	public ReportFormat format;

	@Mixin
	public ProgressOptions progress = new ProgressOptions();

	/** Checks what picocli cannot, before anything starts. */
	public void check() {
		LaunchOptions.chunkSize(this.chunkSize);
		LaunchOptions.requestedBy(this.requestedBy);
	}

	/**
	 * Says on {@code err} how many of the IDs given are left out (with --ignore-missing).
	 */
	public void sayLeftOut(FailureSelector.Selected selected, PrintWriter err) {
		if (!selected.leftOut().isEmpty()) {
			err.println("Left out " + selected.leftOut().size() + " Zuora IDs not in the failure list");
		}
	}

}
