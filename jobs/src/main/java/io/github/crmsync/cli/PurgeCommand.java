package io.github.crmsync.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

import io.github.crmsync.failures.FailureSelector;
import io.github.crmsync.failures.SelectionRequest;
import io.github.crmsync.failures.SyncFailureRepository;
import io.github.crmsync.purge.PurgeReport;
import io.github.crmsync.purge.PurgeService;
import io.github.crmsync.purge.RestoreReport;
import io.github.crmsync.support.InvalidInputException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "purge", mixinStandardHelpOptions = true,
		description = { "Deletes the failures you select from the failure list (purgeJob).",
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
class PurgeCommand implements Callable<Integer> {

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
		Duration age = age();
		if (this.selection == null && age == null) {
			throw new InvalidInputException(
					"name what to purge: one of --ids, --ids-file, --object-type, --all, and/or --older-than");
		}
		if (this.withChildren && (this.selection == null || this.selection.objectType == null)) {
			throw new InvalidInputException("--with-children goes with --object-type");
		}
		boolean all = this.selection == null || this.selection.all;
		SelectionRequest request = new SelectionRequest((this.selection != null) ? this.selection.ids() : null,
				(this.selection != null) ? this.selection.objectType : null, all, this.run.errorCode, age,
				this.withChildren, this.run.ignoreMissing);
		FailureSelector.Selected selected = this.services.get(FailureSelector.class)
			.select(request, false, Instant.now());
		if (!selected.leftOut().isEmpty()) {
			this.spec.commandLine()
				.getErr()
				.println("Left out " + selected.leftOut().size() + " Zuora IDs not in the failure list");
		}
		if (this.run.dryRun) {
			SyncFailureRepository.Preview preview = this.services.get(SyncFailureRepository.class)
				.preview(selected.selection(), selected.ids(), "true", RetryCommand.DRY_RUN_ROWS);
			DryRuns.print("Would purge", selected.selection().describe(), preview, this.run.format, out);
			return CrmSyncCli.EXIT_OK;
		}
		if (this.selection != null && this.selection.all && age == null && !confirmed()) {
			throw new InvalidInputException(
					"purging every failure needs --yes (or --older-than, or a confirmation " + "typed at a terminal)");
		}
		PurgeReport report = this.services.get(PurgeService.class)
			.purge(selected, this.run.chunkSize, this.run.requestedBy);
		if (this.run.format == ReportFormat.JSON) {
			out.println(Json.writer().writeValueAsString(report.asMap()));
		}
		else {
			out.println(
					"purge of " + report.selection() + ": execution " + report.executionId() + " " + report.status());
			report.asMap().forEach((name, value) -> out.printf("  %-20s %s%n", name, value));
		}
		out.flush();
		return "COMPLETED".equals(report.status()) ? CrmSyncCli.EXIT_OK : CrmSyncCli.EXIT_FAILED;
	}

	private Integer restore(PrintWriter out) throws Exception {
		if (!this.restore || this.execution == null) {
			throw new InvalidInputException("--restore and --execution ID go together");
		}
		if (this.selection != null || this.olderThan != null || this.run.errorCode != null || this.run.dryRun) {
			throw new InvalidInputException(
					"--restore takes no selection: it puts back what one purge execution archived");
		}
		if (this.execution < 1) {
			throw new InvalidInputException("--execution must be a positive job execution ID, not " + this.execution);
		}
		RestoreReport report = this.services.get(PurgeService.class).restore(this.execution);
		out.println((this.run.format == ReportFormat.JSON) ? Json.writer().writeValueAsString(report.asMap())
				: report.describe());
		out.flush();
		return CrmSyncCli.EXIT_OK;
	}

	private Duration age() {
		if (this.olderThan == null) {
			return null;
		}
		Duration age;
		try {
			age = Duration.parse(this.olderThan);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidInputException("--older-than '" + this.olderThan
					+ "' is not an ISO-8601 duration in days or hours, such as P30D or PT12H");
		}
		if (age.isNegative() || age.isZero()) {
			throw new InvalidInputException("--older-than must be a positive duration, not " + this.olderThan);
		}
		// Duration.parse takes each part with a sign: P30DT-719H reads as 30 days and is
		// 1 hour
		if (this.olderThan.indexOf('-') >= 0) {
			throw new InvalidInputException("--older-than '" + this.olderThan + "' has a negative part, which makes it "
					+ age + ": write that if it is what you mean");
		}
		if (age.toDays() > 36_500) {
			throw new InvalidInputException("--older-than " + this.olderThan + " reaches back more than 100 years");
		}
		return age;
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
