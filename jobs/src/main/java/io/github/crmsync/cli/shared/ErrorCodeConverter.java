package io.github.crmsync.cli.shared;

import io.github.crmsync.failures.ErrorCode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts {@code DACO-01} (any case) into its {@link ErrorCode}. */
public class ErrorCodeConverter implements ITypeConverter<ErrorCode> {

	@Override
	public ErrorCode convert(String value) {
		return ErrorCode.fromCode(value.toUpperCase(java.util.Locale.ROOT))
			.orElseThrow(() -> new TypeConversionException(
					"unknown error code '" + value + "'; valid codes: " + ErrorCode.validCodes()));
	}

}
