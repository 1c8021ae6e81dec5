package io.github.crmsync.retry;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The slot of the schedule a daily retry run belongs to: the latest scheduled time at or
 * before {@code now}.
 */
public final class ScheduleSlot {

	private ScheduleSlot() {
	}

	public static Instant at(Instant now, List<LocalTime> schedule) {
		LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
		Instant latest = null;
		for (LocalDate day : List.of(today, today.minusDays(1))) {
			for (LocalTime time : schedule) {
				Instant slot = day.atTime(time).toInstant(ZoneOffset.UTC);
				if (!slot.isAfter(now) && (latest == null || slot.isAfter(latest))) {
					latest = slot;
				}
			}
		}
		if (latest == null) {
			throw new IllegalArgumentException("The schedule has no time of day");
		}
		return latest;
	}

}
