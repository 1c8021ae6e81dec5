package io.github.crmsync.cli.shared;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.crmsync.support.InvalidInputException;

/**
 * Checks an import file before anything starts, so that a typo costs no database start.
 */
public final class ImportFiles {

	private ImportFiles() {
	}

	public static void requireReadable(Path file) {
		if (!Files.exists(file)) {
			throw new InvalidInputException("File not found: " + file);
		}
		if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
			throw new InvalidInputException(file + " is not a readable file");
		}
	}

}
