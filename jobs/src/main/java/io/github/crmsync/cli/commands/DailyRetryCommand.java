package io.github.crmsync.cli.commands;

import java.time.Instant;
import java.util.concurrent.Callable;

import io.github.crmsync.application.DailyRetries;
import io.github.crmsync.application.LaunchOptions;
import io.github.crmsync.application.LaunchResult;
import io.github.crmsync.cli.Services;
import io.github.crmsync.cli.shared.LaunchPrinter;
import io.github.crmsync.cli.shared.ProgressOptions;
import io.github.crmsync.cli.shared.ReportFormat;
import io.github.crmsync.support.Instants;
import io.github.crmsync.support.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "daily-retry", mixinStandardHelpOptions = true,
		description = { "Runs the daily retry for the schedule slot of now (dailyRetryJob).",
				"A run belongs to the latest slot of the schedule (default 11:30 and 23:30 UTC) at or before --now.",
				"It re-syncs the failures that first failed within the 7 days before the slot, never DACO-02, only",
				"of enabled object types, with the records that cascade from them. A slot that completed is not run",
				"again (exit 0); a FAILED one, or one left STARTED by a process that died, resumes from its last",
				"committed chunk." },
		footer = { "", "Exit codes: 0 completed (or already completed), 1 failed or stopped, 2 invalid arguments,",
				"3 another retry run is active." })
public class DailyRetryCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--now", paramLabel = "INSTANT",
			description = { "The moment whose slot to run, ISO-8601 (default: the clock), e.g. 2026-11-20T12:00:00Z;",
					"at most " + Instants.CLOCK_SKEW_MINUTES
							+ " minutes after the clock: a slot is never run before its time." })
	String now;

	@Option(names = "--chunk-size", paramLabel = "N",
			description = "Failures per chunk, one transaction each (default: crm-sync.daily-retry.chunk-size, 50000).")
	Integer chunkSize;

	@Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
			description = "The report as table or json (default: ${DEFAULT-VALUE}).")
	ReportFormat format;

	@Mixin
	ProgressOptions progress;

	private final Services services;

	DailyRetryCommand(Services services) {
		this.services = services;
	}

	@Override
	public Integer call() throws Exception {
		Instant moment = (this.now != null) ? Instants.parse(this.now, "--now") : null;
		LaunchOptions.chunkSize(this.chunkSize);
		this.progress.apply(this.services.get(Progress.class));
		LaunchResult launch = this.services.get(DailyRetries.class)
			.launch(moment, this.chunkSize, System.getProperty("user.name"));
		return LaunchPrinter.print(launch, this.format, this.spec.commandLine().getOut(),
				this.spec.commandLine().getErr());
	}

}
