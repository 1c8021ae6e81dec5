package io.github.crmsync.support;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Where the progress of long work goes, done against a total known before the work
 * starts: by default one log line per step of the work (a chunk of a job, a slice of an
 * import); a front end may show it another way ({@link #showWith}), e.g. as a progress
 * bar on a terminal, or not at all ({@link #NONE}).
 * <p>
 * Only a view that shows progress asks for the total, so work whose progress nobody
 * watches does not count what it is about to do.
 */
@Component
public class Progress {

	private static final Logger logger = LoggerFactory.getLogger(Progress.class);

	/** One log line when the work starts and one per step, with rate and time left. */
	public static final View LOG = (name, unit, total) -> new LoggedTask(name, unit, total.getAsLong());

	/** Shows nothing (and asks for no total). */
	public static final View NONE = (name, unit, total) -> (done) -> {
	};

	private volatile View view = LOG;

	/** Shows the progress of what starts from now on with {@code view}. */
	public void showWith(View view) {
		this.view = view;
	}

	/**
	 * Starts following a piece of work.
	 * @param name what the work is called (a step's name, a command)
	 * @param unit what {@code total} counts
	 * @param total how much there is to do, asked once, only by a view that shows it
	 * @return the task to move on as the work goes, and to close when it ends
	 */
	public Task start(String name, Unit unit, LongSupplier total) {
		return this.view.start(name, unit, total);
	}

	/** What a total counts. */
	public enum Unit {

		/** Failures read from the failure list. */
		FAILURES,

		/** Bytes read from a file. */
		BYTES;

		/** {@code amount} in this unit for people: bytes in MiB, failures as they are. */
		public String amount(long amount) {
			return (this == BYTES) ? String.format(Locale.ROOT, "%.1f MiB", amount / (1024.0 * 1024.0))
					: Long.toString(amount);
		}

		/** {@code amount} with its unit: {@code 2000 failures}, {@code 48.0 MiB}. */
		public String count(long amount) {
			return amount(amount) + ((this == FAILURES) ? " failures" : "");
		}

		/** {@code done} of {@code total} for people: {@code 500 of 2000 failures}. */
		public String of(long done, long total) {
			return amount(done) + " of " + count(total);
		}

	}

	/** A way of showing progress. */
	@FunctionalInterface
	public interface View {

		Task start(String name, Unit unit, LongSupplier total);

	}

	/** One piece of work whose progress is shown. */
	@FunctionalInterface
	public interface Task extends AutoCloseable {

		/** The work has done {@code done} of its total (it never goes back). */
		void stepTo(long done);

		/** The work ended, however it ended. */
		@Override
		default void close() {
		}

	}

	private static final class LoggedTask implements Task {

		private final String name;

		private final Unit unit;

		private final long total;

		private final long started = System.nanoTime();

		LoggedTask(String name, Unit unit, long total) {
			this.name = name;
			this.unit = unit;
			this.total = total;
			logger.info("{}: {} to go", name, unit.count(total));
		}

		@Override
		public void stepTo(long done) {
			Duration elapsed = Duration.ofNanos(System.nanoTime() - this.started);
			double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
			double rate = done / seconds;
			String percent = (this.total > 0)
					? String.format(Locale.ROOT, " (%d%%)", Math.min(100, done * 100 / this.total)) : "";
			String left = (done > 0 && done < this.total)
					? ", " + Durations.show(Duration.ofSeconds(Math.round((this.total - done) / rate))) + " left" : "";
			logger.info("{}: {}{}, {}/s{}", this.name, this.unit.of(done, this.total), percent,
					this.unit.amount(Math.round(rate)), left);
		}

	}

}
