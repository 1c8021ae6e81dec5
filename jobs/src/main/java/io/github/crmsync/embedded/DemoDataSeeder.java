package io.github.crmsync.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.github.crmsync.failures.FailureCsvImport;
import io.github.crmsync.support.ImportResult;
import io.github.crmsync.source.SourceRecordJsonlImport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Seeds a newly created embedded database with the {@link DemoDataSet}, once every bean
 * (Flyway's migration included) is ready. The data go through the same imports that users
 * run, so they pass the same checks.
 */
class DemoDataSeeder implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(DemoDataSeeder.class);

	private final boolean seed;

	private final Path workDirectory;

	private final SourceRecordJsonlImport recordImport;

	private final FailureCsvImport failureImport;

	DemoDataSeeder(boolean seed, Path workDirectory, SourceRecordJsonlImport recordImport,
			FailureCsvImport failureImport) {
		this.seed = seed;
		this.workDirectory = workDirectory;
		this.recordImport = recordImport;
		this.failureImport = failureImport;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.seed) {
			seed();
		}
	}

	private void seed() {
		DemoDataSet demo = new DemoDataSet(JsonMapper.builder().build(), Instant.now());
		Path records = this.workDirectory.resolve("demo-records.jsonl.tmp");
		Path failures = this.workDirectory.resolve("demo-failures.csv.tmp");
		try {
			try (Writer out = Files.newBufferedWriter(records, StandardCharsets.UTF_8)) {
				demo.writeRecords(out);
			}
			try (Writer out = Files.newBufferedWriter(failures, StandardCharsets.UTF_8)) {
				demo.writeFailures(out);
			}
			ImportResult recordResult = this.recordImport.importFile(records);
			ImportResult failureResult = this.failureImport.importFile(failures);
			logger.info("New embedded database seeded with the demo data set: {} source records, {} failures",
					recordResult.inserted(), failureResult.inserted());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the demo data set: " + ex.getMessage(), ex);
		}
		finally {
			deleteQuietly(records);
			deleteQuietly(failures);
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			logger.warn("Cannot delete {}: {}", file, ex.getMessage());
		}
	}

}
