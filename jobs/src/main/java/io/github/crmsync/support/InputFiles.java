package io.github.crmsync.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * Opens the files that users import: UTF-8 strictly (a byte that is not UTF-8 is an
 * error, never a silent replacement character), a leading byte-order mark skipped, and a
 * clear message for a file that is not there.
 */
public final class InputFiles {

	private InputFiles() {
	}

	public static BufferedReader openUtf8(Path file) {
		if (Files.isDirectory(file)) {
			throw new InvalidInputException(file + " is a directory, not a file");
		}
		try {
			BufferedReader reader = new BufferedReader(new StrictUtf8Reader(Files.newInputStream(file)), 1 << 16);
			reader.mark(1);
			if (reader.read() != '\uFEFF') {
				reader.reset();
			}
			return reader;
		}
		catch (NoSuchFileException ex) {
			throw new InvalidInputException("File not found: " + file);
		}
		catch (CharacterCodingException ex) {
			throw new InvalidInputException("line 1: not valid UTF-8 text (the file must be encoded in UTF-8)", ex);
		}
		catch (IOException ex) {
			throw new InvalidInputException("Cannot read " + file + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Turns a read error into the message a user needs, naming where it happened.
	 */
	public static InvalidInputException readError(String where, Throwable ex) {
		Throwable cause = (ex instanceof UncheckedIOException unchecked && unchecked.getCause() != null)
				? unchecked.getCause() : ex;
		if (cause instanceof CharacterCodingException) {
			return new InvalidInputException(where + ": not valid UTF-8 text (the file must be encoded in UTF-8)", ex);
		}
		return new InvalidInputException(where + ": " + cause.getMessage(), ex);
	}

}
