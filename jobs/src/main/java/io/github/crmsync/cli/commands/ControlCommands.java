package io.github.crmsync.cli.commands;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.github.crmsync.application.JobControl;
import io.github.crmsync.cli.CrmSyncCli;
import io.github.crmsync.cli.Services;
import io.github.crmsync.cli.shared.ExitCodes;
import io.github.crmsync.cli.shared.LaunchPrinter;
import io.github.crmsync.cli.shared.ProgressOptions;
import io.github.crmsync.cli.shared.ReportFormat;
import io.github.crmsync.support.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Job control: stop, restart, recover, abandon one execution. An illegal transition exits
 * 2 saying why.
 */
public final class ControlCommands {

	private ControlCommands() {
	}

	abstract static class ExecutionId implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "ID", description = "The job execution ID (see history).")
		long id;

		final Services services;

		ExecutionId(Services services) {
			this.services = services;
		}

		PrintWriter out() {
			return this.spec.commandLine().getOut();
		}

		int say(String message) {
			out().println(message);
			out().flush();
			return CrmSyncCli.EXIT_OK;
		}

	}

	@Command(name = "stop", mixinStandardHelpOptions = true, footer = { "", ExitCodes.CONTROL },
			description = { "Stops a running execution gracefully.",
					"The step ends after its current chunk; the execution ends STOPPED and can be restarted.",
					"Refused (exit 2) when its process is gone (its job's lock is free): recover it instead." })
	public static class Stop extends ExecutionId {

		Stop(Services services) {
			super(services);
		}

		@Override
		public Integer call() throws Exception {
			return say(this.services.get(JobControl.class).stop(this.id));
		}

	}

	@Command(name = "restart", mixinStandardHelpOptions = true,
			description = { "Restarts a FAILED or STOPPED execution from its last committed chunk.",
					"Runs in this process and prints the run's report, as the job's own command does." },
			footer = { "",
					"Exit codes: 0 completed, 1 failed or stopped, 2 not restartable, 3 another run is active." })
	public static class Restart extends ExecutionId {

		@picocli.CommandLine.Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
				description = "table or json (default: ${DEFAULT-VALUE}).")
		ReportFormat format;

		@Mixin
		ProgressOptions progress;

		Restart(Services services) {
			super(services);
		}

		@Override
		public Integer call() throws Exception {
			this.progress.apply(this.services.get(Progress.class));
			return LaunchPrinter.print(this.services.get(JobControl.class).restart(this.id), this.format, out(),
					this.spec.commandLine().getErr());
		}

	}

	@Command(name = "recover", mixinStandardHelpOptions = true, footer = { "", ExitCodes.CONTROL },
			description = { "Marks as FAILED an execution left STARTED by a process that is gone.",
					"Refused while a live process of that kind of job runs; then restart resumes it." })
	public static class Recover extends ExecutionId {

		Recover(Services services) {
			super(services);
		}

		@Override
		public Integer call() throws Exception {
			return say(this.services.get(JobControl.class).recover(this.id));
		}

	}

	@Command(name = "abandon", mixinStandardHelpOptions = true, footer = { "", ExitCodes.CONTROL },
			description = { "Abandons a FAILED or STOPPED execution: it will never be restarted.",
					"For a daily retry slot, the slot is then not run again." })
	public static class Abandon extends ExecutionId {

		Abandon(Services services) {
			super(services);
		}

		@Override
		public Integer call() throws Exception {
			return say(this.services.get(JobControl.class).abandon(this.id));
		}

	}

}
