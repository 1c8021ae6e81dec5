package io.github.crmsync.cli.shared;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

/** How tables show instants and durations (JSON and CSV keep every digit). */
public final class Times {

	private Times() {
	}

	public static String show(@Nullable Instant instant) {
		return (instant != null) ? instant.truncatedTo(ChronoUnit.SECONDS).toString() : "-";
	}

	public static String show(Duration duration) {
		long seconds = duration.toSeconds();
		return (seconds >= 3600) ? "%dh%02dm%02ds".formatted(seconds / 3600, seconds % 3600 / 60, seconds % 60)
				: (seconds >= 60) ? "%dm%02ds".formatted(seconds / 60, seconds % 60)
						: "%.1fs".formatted(duration.toMillis() / 1000.0);
	}

}
