package io.github.crmsync.support;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.boot.convert.DurationStyle;

/**
 * Durations as users type them, in either of the forms the settings take: ISO-8601
 * ({@code P30D}, {@code PT12H}) or Spring Boot's simple form ({@code 30d}, {@code 12h},
 * {@code 90m}).
 */
public final class Durations {

	private static final long MAX_DAYS = 36_500;

	private static final Pattern SIMPLE_WITH_UNIT = Pattern.compile("[+-]?[0-9]+(d|h|m|s|ms)");

	private Durations() {
	}

	/**
	 * {@code text} as a positive duration; a problem is reported as "{@code what} …".
	 */
	public static Duration parsePositive(String text, String what) {
		Duration duration;
		try {
			// the simple form only with a unit: a bare "30" would be 30 milliseconds
			if (!SIMPLE_WITH_UNIT.matcher(text).matches() && !text.toUpperCase(Locale.ROOT).contains("P")) {
				throw new IllegalArgumentException("no unit");
			}
			duration = DurationStyle.detectAndParse(text);
		}
		catch (IllegalArgumentException | DateTimeParseException | ArithmeticException ex) {
			throw new InvalidInputException(
					what + " '" + Instants.abbreviate(text) + "' is not a duration such as 30d, 12h, P30D or PT12H");
		}
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidInputException(what + " must be a positive duration, not " + Instants.abbreviate(text));
		}
		// ISO-8601 takes each part with a sign: P30DT-719H reads as 30 days and is 1 hour
		if (text.indexOf('-') >= 0) {
			throw new InvalidInputException(
					what + " '" + Instants.abbreviate(text) + "' has a negative part, which makes it " + show(duration)
							+ ": write that if it is what you mean");
		}
		return duration;
	}

	/** As {@link #parsePositive}, at most 100 years: how far back a purge may reach. */
	public static Duration parseAge(String text, String what) {
		Duration duration = parsePositive(text, what);
		if (duration.toDays() > MAX_DAYS) {
			throw new InvalidInputException(
					what + " " + Instants.abbreviate(text) + " reaches back more than 100 years");
		}
		return duration;
	}

	/**
	 * {@code duration} as it is shown everywhere: {@code 30d}, {@code 12h},
	 * {@code 1d12h}, {@code 90s}.
	 */
	public static String show(Duration duration) {
		if (duration.isZero()) {
			return "0s";
		}
		StringBuilder text = new StringBuilder(duration.isNegative() ? "-" : "");
		Duration rest = duration.abs();
		long days = rest.toDays();
		if (days > 0) {
			text.append(days).append('d');
		}
		if (rest.toHoursPart() > 0) {
			text.append(rest.toHoursPart()).append('h');
		}
		if (rest.toMinutesPart() > 0) {
			text.append(rest.toMinutesPart()).append('m');
		}
		if (rest.toSecondsPart() > 0 || rest.toMillisPart() > 0) {
			text.append(rest.toSecondsPart());
			if (rest.toMillisPart() > 0) {
				text.append('.').append("%03d".formatted(rest.toMillisPart()));
			}
			text.append('s');
		}
		return text.toString();
	}

}
