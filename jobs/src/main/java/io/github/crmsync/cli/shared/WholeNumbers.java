package io.github.crmsync.cli.shared;

import java.util.regex.Pattern;

import io.github.crmsync.support.Instants;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine;

/**
 * Converts the whole numbers of the command line (execution IDs, limits, chunk sizes)
 * from the digits 0-9 alone. picocli's own converters use {@link Long#valueOf(String)},
 * which also reads other scripts' digits: {@code stop ١٢} (Arabic-Indic) or
 * {@code stop １２} (fullwidth) would stop execution 12, an argument that does not say 12
 * to whoever reads it. A sign is kept, so that a negative number still gets its option's
 * own message.
 */
public final class WholeNumbers {

	private static final Pattern ASCII_WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

	private WholeNumbers() {
	}

	/**
	 * Makes {@code commandLine} and all its subcommands read {@code int}, {@code long}
	 * and their boxes so.
	 */
	public static void registerWith(CommandLine commandLine) {
		// classes, not method references: picocli is compiled for Java 5, and the JDK 17
		// CDS archiver crashes on a lambda implementing an interface that old
		// (JDK-8274944), which would stop bin/crm-sync-jobs from creating its archive
		commandLine.registerConverter(Long.class, new LongConverter());
		commandLine.registerConverter(Long.TYPE, new LongConverter());
		commandLine.registerConverter(Integer.class, new IntConverter());
		commandLine.registerConverter(Integer.TYPE, new IntConverter());
	}

	public static long toLong(String text) {
		requireDigits(text);
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			throw new TypeConversionException(
					"'" + Instants.abbreviate(text) + "' is out of range (at most " + Long.MAX_VALUE + ")");
		}
	}

	public static int toInt(String text) {
		requireDigits(text);
		try {
			return Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw new TypeConversionException(
					"'" + Instants.abbreviate(text) + "' is out of range (at most " + Integer.MAX_VALUE + ")");
		}
	}

	private static void requireDigits(String text) {
		if (!ASCII_WHOLE_NUMBER.matcher(text).matches()) {
			throw new TypeConversionException(
					"'" + Instants.abbreviate(text) + "' is not a whole number in the digits 0-9");
		}
	}

	private static final class LongConverter implements ITypeConverter<Long> {

		@Override
		public Long convert(String text) {
			return toLong(text);
		}

	}

	private static final class IntConverter implements ITypeConverter<Integer> {

		@Override
		public Integer convert(String text) {
			return toInt(text);
		}

	}

}
