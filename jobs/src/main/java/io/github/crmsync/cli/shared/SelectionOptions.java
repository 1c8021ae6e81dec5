package io.github.crmsync.cli.shared;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.crmsync.support.InputFiles;
import io.github.crmsync.support.InvalidInputException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The selection of an on-demand job: exactly one of Zuora IDs (inline or from a file), an
 * object type, or all.
 */
public class SelectionOptions {

	@Option(names = "--ids", paramLabel = "Z1,Z2,…", description = "These Zuora IDs (comma-separated).")
	public String ids;

	@Option(names = "--ids-file", paramLabel = "F",
			description = "The Zuora IDs in file F, one per line (for thousands).")
	public Path idsFile;

	@Option(names = "--object-type", paramLabel = "T", description = "The failures of object type T.")
	public String objectType;

	@Option(names = "--all", description = "Every failure.")
	public boolean all;

	/** The IDs given, or {@code null} when the selection is not by ID. */
	public @Nullable List<String> ids() {
		if (this.ids != null) {
			// "".split(",") is [""]: an empty --ids is an empty list, not a list of one
			// blank ID
			return this.ids.isEmpty() ? List.of() : Arrays.asList(this.ids.split(",", -1));
		}
		if (this.idsFile != null) {
			ImportFiles.requireReadable(this.idsFile);
			List<String> ids = new ArrayList<>();
			try (BufferedReader reader = InputFiles.openUtf8(this.idsFile)) {
				String line;
				int number = 0;
				while ((line = readLine(reader, number + 1)) != null) {
					number++;
					if (!line.isBlank()) {
						ids.add(line);
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			if (ids.isEmpty()) {
				throw new InvalidInputException(this.idsFile + " holds no Zuora ID");
			}
			return ids;
		}
		return null;
	}

	private String readLine(BufferedReader reader, int number) {
		try {
			return reader.readLine();
		}
		catch (IOException ex) {
			throw InputFiles.readError(this.idsFile + " line " + number, ex);
		}
	}

}
