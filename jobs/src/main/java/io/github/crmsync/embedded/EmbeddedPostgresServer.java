package io.github.crmsync.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of a data directory that outlives the process, shared by every
 * crm-sync-jobs process using that directory: the first one starts the server, the next
 * ones connect to it (while a job runs, {@code history}, {@code stop} and a second launch
 * still work), and the last one out stops it.
 * <p>
 * The processes coordinate through files beside and in the data directory, under an
 * exclusive file lock ({@code <data directory>.lock}) held only while one starts or
 * leaves, so that two starts never race: each user holds a lock on a file of its own in
 * {@code crm-sync-users/}; the server's port and process are in PostgreSQL's
 * {@code postmaster.pid}. The operating system releases a process's file locks when it
 * dies, however it dies, so a crash (SIGKILL) leaves nothing that blocks the next start:
 * a user file nobody holds is a dead user's, removed; a server left running with no users
 * is reused, and stopped by the last user out; a {@code postmaster.pid} whose server is
 * gone is removed before the server starts again.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private static final String USERS = "crm-sync-users";

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

	/** Users of this JVM (tests start several contexts), each with a file of its own. */
	private static final AtomicInteger users = new AtomicInteger();

	/**
	 * The JVM's side of the lock: a file lock is the process's, and a second lock of it
	 * in the same JVM throws.
	 */
	private static final Object jvmLock = new Object();

	private final @Nullable EmbeddedPostgres started;

	private final Path dataDirectory;

	private final int port;

	private final boolean created;

	private final Path userFile;

	private final FileChannel userChannel;

	private EmbeddedPostgresServer(@Nullable EmbeddedPostgres started, Path dataDirectory, int port, boolean created,
			Path userFile, FileChannel userChannel) {
		this.started = started;
		this.dataDirectory = dataDirectory;
		this.port = port;
		this.created = created;
		this.userFile = userFile;
		this.userChannel = userChannel;
	}

	static EmbeddedPostgresServer start(EmbeddedDatabaseProperties properties) {
		Path directory = properties.dataDirectory().toAbsolutePath().normalize();
		try {
			Files.createDirectories(directory);
			synchronized (jvmLock) {
				try (FileChannel lockChannel = FileChannel.open(lockFile(directory), StandardOpenOption.CREATE,
						StandardOpenOption.WRITE); FileLock lock = lockChannel.lock()) {
					return startOrJoin(directory, properties);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("Cannot start the embedded PostgreSQL in " + directory
					+ " (or set SPRING_DATASOURCE_URL to a PostgreSQL server): " + message(ex), ex);
		}
	}

	/** Under the lock: joins the running server, or starts it. */
	private static EmbeddedPostgresServer startOrJoin(Path directory, EmbeddedDatabaseProperties properties)
			throws IOException {
		removeDeadUsers(directory);
		Optional<Integer> running = runningPort(directory);
		if (running.isPresent()) {
			EmbeddedPostgresServer server = register(null, directory, running.get(), false);
			logger.info("Embedded PostgreSQL running on data directory {} (port {}, started by another crm-sync-jobs "
					+ "process): using it", directory, running.get());
			return server;
		}
		removeStalePidFile(directory);
		boolean created = !Files.exists(directory.resolve("PG_VERSION"));
		// no shutdown hook of its own: it would stop the database under a running chunk
		// on SIGTERM or Ctrl-C; the application context closes it once the command (and
		// its job) ended
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
		return register(postgres, directory, postgres.getPort(), created);
	}

	private static EmbeddedPostgresServer register(@Nullable EmbeddedPostgres started, Path directory, int port,
			boolean created) throws IOException {
		Path users = Files.createDirectories(directory.resolve(USERS));
		Path file = users.resolve(ProcessHandle.current().pid() + "-" + EmbeddedPostgresServer.users.incrementAndGet());
		FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		channel.lock();
		return new EmbeddedPostgresServer(started, directory, port, created, file, channel);
	}

	String jdbcUrl() {
		return "jdbc:postgresql://localhost:" + this.port + "/postgres?user=postgres";
	}

	Path dataDirectory() {
		return this.dataDirectory;
	}

	/** Whether this start created the database (its data directory was new). */
	boolean created() {
		return this.created;
	}

	/**
	 * Leaves: the last user out stops the server (a dead user does not count).
	 */
	@Override
	public void close() throws IOException {
		synchronized (jvmLock) {
			try (FileChannel lockChannel = FileChannel.open(lockFile(this.dataDirectory), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE); FileLock lock = lockChannel.lock()) {
				this.userChannel.close();
				Files.deleteIfExists(this.userFile);
				if (removeDeadUsers(this.dataDirectory) == 0) {
					stop();
				}
				else {
					logger.info("Embedded PostgreSQL left running: another crm-sync-jobs process uses it");
				}
			}
		}
	}

	private void stop() throws IOException {
		if (this.started != null) {
			this.started.close();
			return;
		}
		Optional<ProcessHandle> postmaster = postmaster(this.dataDirectory);
		if (postmaster.isEmpty()) {
			return;
		}
		// SIGINT: PostgreSQL's fast shutdown (SIGTERM would wait for every session)
		try {
			new ProcessBuilder("kill", "-INT", String.valueOf(postmaster.get().pid())).start().waitFor();
			postmaster.get().onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			logger.warn("Cannot stop the embedded PostgreSQL (pid {}): {}", postmaster.get().pid(), message(ex));
		}
	}

	/**
	 * Removes the files of users that are gone (nobody holds their lock); returns how
	 * many users are left.
	 */
	private static int removeDeadUsers(Path directory) throws IOException {
		Path users = directory.resolve(USERS);
		if (!Files.isDirectory(users)) {
			return 0;
		}
		int alive = 0;
		try (DirectoryStream<Path> files = Files.newDirectoryStream(users)) {
			for (Path file : files) {
				if (heldByAnother(file)) {
					alive++;
				}
				else {
					Files.deleteIfExists(file);
				}
			}
		}
		return alive;
	}

	private static boolean heldByAnother(Path file) throws IOException {
		if (file.getFileName().toString().startsWith(ProcessHandle.current().pid() + "-")) {
			// this JVM's (it deletes its file when it leaves): never opened here, since
			// closing a second channel of a file would release this process's lock on it
			return true;
		}
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			FileLock lock = channel.tryLock();
			if (lock == null) {
				return true;
			}
			lock.release();
			return false;
		}
		catch (OverlappingFileLockException ex) {
			return true;
		}
		catch (NoSuchFileException ex) {
			return false;
		}
	}

	/**
	 * The port of the server running on {@code directory}: its {@code postmaster.pid}
	 * names a live process and a port where it answers, from this data directory.
	 */
	private static Optional<Integer> runningPort(Path directory) {
		List<String> pid = pidFile(directory);
		if (pid.size() < 4 || postmaster(directory).isEmpty()) {
			return Optional.empty();
		}
		int port = Integer.parseInt(pid.get(3).strip());
		Instant deadline = Instant.now().plusSeconds(30);
		while (true) {
			try {
				return answers(port, directory) ? Optional.of(port) : Optional.empty();
			}
			catch (SQLException ex) {
				// starting up or shutting down ("the database system is starting up"):
				// wait for it, as long as it lives
				if (Instant.now().isAfter(deadline) || postmaster(directory).isEmpty()) {
					return Optional.empty();
				}
				sleep();
			}
		}
	}

	private static boolean answers(int port, Path directory) throws SQLException {
		Properties login = new Properties();
		login.setProperty("user", "postgres");
		login.setProperty("connectTimeout", "5");
		try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
				login);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select current_setting('data_directory')")) {
			result.next();
			return Path.of(result.getString(1)).toAbsolutePath().normalize().equals(directory)
					|| sameFile(Path.of(result.getString(1)), directory);
		}
	}

	private static boolean sameFile(Path a, Path b) {
		try {
			return Files.isSameFile(a, b);
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The live process that {@code postmaster.pid} names, if it is a PostgreSQL server
	 * (after a crash its pid may be another process's).
	 */
	private static Optional<ProcessHandle> postmaster(Path directory) {
		List<String> pid = pidFile(directory);
		if (pid.isEmpty()) {
			return Optional.empty();
		}
		try {
			return ProcessHandle.of(Long.parseLong(pid.get(0).strip()))
				.filter(ProcessHandle::isAlive)
				.filter((process) -> process.info()
					.command()
					.map((command) -> command.contains("postgres"))
					.orElse(true));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/** A {@code postmaster.pid} whose server is gone (a crash) would refuse the start. */
	private static void removeStalePidFile(Path directory) throws IOException {
		if (Files.exists(directory.resolve("postmaster.pid")) && postmaster(directory).isEmpty()) {
			logger.info("Embedded PostgreSQL: removing the postmaster.pid of a server that is gone");
			Files.deleteIfExists(directory.resolve("postmaster.pid"));
		}
	}

	private static List<String> pidFile(Path directory) {
		try {
			return Files.readAllLines(directory.resolve("postmaster.pid"));
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	private static Path lockFile(Path directory) {
		return directory.resolveSibling(directory.getFileName() + ".lock");
	}

	private static void sleep() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UncheckedIOException(new IOException("interrupted"));
		}
	}

	private static String message(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getMessage() == null) {
			cause = cause.getCause();
		}
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getName();
	}

}
