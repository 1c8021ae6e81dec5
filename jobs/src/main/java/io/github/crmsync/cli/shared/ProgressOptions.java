package io.github.crmsync.cli.shared;

import io.github.crmsync.support.Progress;
import picocli.CommandLine.Option;

/**
 * How a command that works long shows its progress: a bar on stderr when stderr is a
 * terminal, one log line per chunk when it is not (a pipe, a file, a container's log),
 * nothing with {@code --quiet}.
 */
public class ProgressOptions {

	@Option(names = { "-q", "--quiet" },
			description = "Show no progress (no bar on a terminal, no progress log line per chunk).")
	public boolean quiet;

	/** Shows the progress of what the command runs from now on, as asked. */
	public void apply(Progress progress) {
		progress.showWith(
				this.quiet ? Progress.NONE : ProgressBars.stderrIsTerminal() ? ProgressBars.onStderr() : Progress.LOG);
	}

}
