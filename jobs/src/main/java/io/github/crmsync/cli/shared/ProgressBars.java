package io.github.crmsync.cli.shared;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import io.github.crmsync.support.Progress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;
import org.jspecify.annotations.Nullable;

/**
 * Progress as a bar (me.tongfei:progressbar): done of total, the rate and the time left,
 * redrawn in place.
 */
public final class ProgressBars {

	/** How often a bar is redrawn. */
	static final int REDRAW_MILLIS = 500;

	private ProgressBars() {
	}

	/** Bars on the process's standard error, as wide as the terminal. */
	public static Progress.View onStderr() {
		return view(null);
	}

	/**
	 * Bars printed to {@code out}, {@code width} characters wide.
	 */
	static Progress.View on(PrintStream out, int width) {
		return view(new ConsoleProgressBarConsumer(out, width));
	}

	private static Progress.View view(@Nullable ProgressBarConsumer consumer) {
		return (name, unit, total) -> {
			ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(name)
				.setInitialMax(total.getAsLong())
				.setStyle(Charset.defaultCharset().equals(StandardCharsets.UTF_8) ? ProgressBarStyle.UNICODE_BLOCK
						: ProgressBarStyle.ASCII)
				.setUpdateIntervalMillis(REDRAW_MILLIS)
				.showSpeed();
			if (unit == Progress.Unit.BYTES) {
				builder.setUnit(" MiB", 1024 * 1024);
			}
			if (consumer != null) {
				builder.setConsumer(consumer);
			}
			ProgressBar bar = builder.build();
			return new Progress.Task() {

				@Override
				public void stepTo(long done) {
					bar.stepTo(done);
				}

				@Override
				public void close() {
					bar.close();
				}

			};
		};
	}

	/**
	 * Whether the process's standard error is a terminal (JLine asks the system, as
	 * {@code test -t 2} does).
	 */
	public static boolean stderrIsTerminal() {
		try {
			return TerminalProvider.load("exec").isSystemStream(SystemStream.Error);
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

}
