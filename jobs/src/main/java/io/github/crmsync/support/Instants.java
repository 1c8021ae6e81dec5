package io.github.crmsync.support;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Parses the ISO-8601 instants that users type or import. An instant needs an offset
 * ({@code Z} or {@code +01:00}): a local date-time would mean a different moment on every
 * machine. PostgreSQL keeps microseconds, so a finer instant is refused rather than
 * silently rounded.
 */
public final class Instants {

	/**
	 * {@link #CLOCK_SKEW} in minutes, for help texts (annotations need a constant
	 * expression).
	 */
	public static final long CLOCK_SKEW_MINUTES = 5;

	/**
	 * How far an instant given as "now" or as a past event may lie ahead of this host's
	 * clock: hosts' clocks drift apart by seconds, rarely by minutes. Beyond it, the
	 * instant is a mistake (a typo, a test value, a wrong zone), and taking it would do
	 * harm that lasts: a daily slot run before its time is marked completed, and a
	 * failure dated in the future can never be deleted by a re-sync (whose delete needs
	 * {@code sync_date} ≤ the moment of sending).
	 */
	public static final Duration CLOCK_SKEW = Duration.ofMinutes(CLOCK_SKEW_MINUTES);

	private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

	private Instants() {
	}

	/**
	 * Parses {@code text}; a problem is reported as "{@code what} …".
	 */
	public static Instant parse(String text, String what) {
		Instant instant;
		try {
			instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
		}
		catch (DateTimeParseException ex) {
			if (isLocalDateTime(text)) {
				throw new InvalidInputException(what + " '" + abbreviate(text)
						+ "' has no time zone offset: write it as an ISO-8601 instant such as 2026-11-20T11:30:00Z");
			}
			throw new InvalidInputException(
					what + " '" + abbreviate(text) + "' is not an ISO-8601 instant such as 2026-11-20T11:30:00Z");
		}
		if (instant.getNano() % 1_000 != 0) {
			throw new InvalidInputException(
					what + " '" + abbreviate(text) + "' is more precise than a microsecond, which is not kept");
		}
		if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
			throw new InvalidInputException(what + " '" + abbreviate(text) + "' is out of range (1970 to 9999)");
		}
		return instant;
	}

	/**
	 * Refuses {@code instant} if it lies more than {@link #CLOCK_SKEW} after {@code now},
	 * the clock's reading; a problem is reported as "{@code what} …".
	 */
	public static Instant notInTheFuture(Instant instant, Instant now, String what) {
		if (instant.isAfter(now.plus(CLOCK_SKEW))) {
			throw new InvalidInputException(what + " " + instant + " is in the future: more than " + CLOCK_SKEW_MINUTES
					+ " minutes after the clock (" + now + ")");
		}
		return instant;
	}

	private static boolean isLocalDateTime(String text) {
		try {
			LocalDateTime.parse(text);
			return true;
		}
		catch (DateTimeParseException ex) {
			return false;
		}
	}

	/** Keeps a message readable when the bad value is huge. */
	public static String abbreviate(String text) {
		return (text.length() <= 60) ? text : text.substring(0, 57) + "...";
	}

}
