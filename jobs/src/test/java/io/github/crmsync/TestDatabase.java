package io.github.crmsync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.Driver;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server the tests run against, chosen once per JVM:
 * {@code SYNC_TEST_DATABASE_URL} (a JDBC URL, credentials as
 * {@code user}/{@code password} parameters) if set, else a Testcontainers PostgreSQL
 * where Docker runs, else an embedded PostgreSQL. Every test database is a new, empty
 * database created on that server, so a given URL's own database is never touched (the
 * role needs CREATEDB); the ones created are dropped at exit.
 */
public final class TestDatabase {

	/**
	 * The image where Docker runs: the PostgreSQL major version that the embedded default
	 * runs.
	 */
	public static final String POSTGRES_IMAGE = "postgres:17.6-alpine";

	private static final AtomicInteger counter = new AtomicInteger();

	private static Server server;

	private static String shared;

	private TestDatabase() {
	}

	/**
	 * A database shared by the Spring test contexts of this JVM (migrated by the first
	 * one).
	 */
	public static synchronized String sharedUrl() {
		if (shared == null) {
			shared = newDatabase();
		}
		return shared;
	}

	/** A new, empty database. */
	public static synchronized String newDatabase() {
		Server server = server();
		String name = "crm_sync_test_" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet();
		server.execute("create database " + name);
		server.created.add(name);
		return server.urlOf(name);
	}

	public static String username() {
		return server().user;
	}

	public static String password() {
		return server().password;
	}

	private static synchronized Server server() {
		if (server == null) {
			server = start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "test-database-cleanup"));
		}
		return server;
	}

	private static Server start() {
		String url = System.getenv("SYNC_TEST_DATABASE_URL");
		if (url != null && !url.isBlank()) {
			Properties properties = Driver.parseURL(url, new Properties());
			if (properties == null) {
				throw new IllegalStateException("SYNC_TEST_DATABASE_URL is not a PostgreSQL JDBC URL: " + url);
			}
			return new Server(properties.getProperty("PGHOST"), properties.getProperty("PGPORT"),
					properties.getProperty("PGDBNAME"), properties.getProperty("user", "postgres"),
					properties.getProperty("password", ""), () -> {
					});
		}
		if (dockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
			container.start();
			return new Server(container.getHost(), String.valueOf(container.getFirstMappedPort()),
					container.getDatabaseName(), container.getUsername(), container.getPassword(), container::stop);
		}
		LoggerFactory.getLogger(TestDatabase.class)
			.info("No SYNC_TEST_DATABASE_URL and no Docker: the tests run on an embedded PostgreSQL");
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.start();
			return new Server("localhost", String.valueOf(postgres.getPort()), "postgres", "postgres", "", () -> {
				try {
					postgres.close();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start an embedded PostgreSQL for the tests", ex);
		}
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static final class Server {

		private final String host;

		private final String port;

		private final String adminDatabase;

		private final String user;

		private final String password;

		private final Runnable shutdown;

		private final List<String> created = new ArrayList<>();

		Server(String host, String port, String adminDatabase, String user, String password, Runnable shutdown) {
			this.host = host;
			this.port = port;
			this.adminDatabase = adminDatabase;
			this.user = user;
			this.password = password;
			this.shutdown = shutdown;
		}

		String urlOf(String database) {
			return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + database;
		}

		void execute(String sql) {
			try (Connection connection = DriverManager.getConnection(urlOf(this.adminDatabase), this.user,
					this.password); Statement statement = connection.createStatement()) {
				statement.execute(sql);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Test database: " + sql + " failed: " + ex.getMessage(), ex);
			}
		}

		void stop() {
			try {
				for (String name : this.created) {
					execute("drop database if exists " + name + " with (force)");
				}
			}
			catch (RuntimeException ex) {
				// the server may be gone already; nothing to keep
			}
			this.shutdown.run();
		}

	}

}
