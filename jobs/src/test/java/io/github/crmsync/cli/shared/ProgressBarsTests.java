package io.github.crmsync.cli.shared;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.github.crmsync.support.Progress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bar that a terminal shows: the step's name, done of total, and the rate; bytes in
 * MiB.
 */
class ProgressBarsTests {

	@Test
	void drawsDoneOfTotalAndTheRate() {
		// given
		ByteArrayOutputStream terminal = new ByteArrayOutputStream();
		Progress.View bars = ProgressBars.on(new PrintStream(terminal, true, StandardCharsets.UTF_8), 120);

		// when
		try (Progress.Task task = bars.start("retryStep", Progress.Unit.FAILURES, () -> 40_000)) {
			task.stepTo(10_000);
			task.stepTo(40_000);
		}

		// then
		String drawn = terminal.toString(StandardCharsets.UTF_8);
		String last = drawn.substring(drawn.lastIndexOf('\r') + 1);
		assertThat(last).startsWith("retryStep 100%").contains("40000/40000").contains("/s");
	}

	@Test
	void countsBytesInMebibytes() {
		// given
		ByteArrayOutputStream terminal = new ByteArrayOutputStream();
		Progress.View bars = ProgressBars.on(new PrintStream(terminal, true, StandardCharsets.UTF_8), 120);

		// when
		try (Progress.Task task = bars.start("import-failures", Progress.Unit.BYTES, () -> 8L * 1024 * 1024)) {
			task.stepTo(4L * 1024 * 1024);
		}

		// then
		String drawn = terminal.toString(StandardCharsets.UTF_8);
		String last = drawn.substring(drawn.lastIndexOf('\r') + 1);
		assertThat(last).startsWith("import-failures  50%").contains("4/8 MiB");
	}

	@Test
	void asksForNoTotalWhenQuiet() {
		// when
		Progress.Task task = Progress.NONE.start("retryStep", Progress.Unit.FAILURES, () -> {
			throw new AssertionError("counted");
		});
		task.stepTo(1);
		task.close();
	}

}
