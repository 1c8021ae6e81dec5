package io.github.crmsync.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by this process in a data directory that outlives it.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private final EmbeddedPostgres postgres;

	private final Path dataDirectory;

	private final boolean created;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, boolean created) {
		this.postgres = postgres;
		this.dataDirectory = dataDirectory;
		this.created = created;
	}

	static EmbeddedPostgresServer start(EmbeddedDatabaseProperties properties) {
		Path directory = properties.dataDirectory().toAbsolutePath();
		boolean created = !Files.exists(directory.resolve("PG_VERSION"));
		try {
			Files.createDirectories(directory);
			// no shutdown hook of its own: it would stop the database under a running
			// chunk on SIGTERM or Ctrl-C; the
			// application context closes it once the command (and its job) ended
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setDataDirectory(directory)
				.setCleanDataDirectory(false)
				.setRegisterShutdownHook(false);
			if (properties.port() > 0) {
				builder.setPort(properties.port());
			}
			EmbeddedPostgres postgres = builder.start();
			logger.info("Embedded PostgreSQL {} data directory {} (port {}); set SPRING_DATASOURCE_URL to use another "
					+ "database", created ? "created in new" : "started on", directory, postgres.getPort());
			return new EmbeddedPostgresServer(postgres, directory, created);
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("Cannot start the embedded PostgreSQL in " + directory
					+ " (is another crm-sync-jobs process using it? Wait for it to end, or set "
					+ "SPRING_DATASOURCE_URL to a PostgreSQL server): " + ex.getMessage(), ex);
		}
	}

	String jdbcUrl() {
		return this.postgres.getJdbcUrl("postgres", "postgres");
	}

	Path dataDirectory() {
		return this.dataDirectory;
	}

	/** Whether this start created the database (its data directory was new). */
	boolean created() {
		return this.created;
	}

	@Override
	public void close() throws IOException {
		this.postgres.close();
	}

}
