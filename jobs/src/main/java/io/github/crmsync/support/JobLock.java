package io.github.crmsync.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcOperations;

/**
 * One run of a kind of job at a time, across processes and hosts: a PostgreSQL
 * session-level advisory lock, held on a connection of its own for the whole run.
 * PostgreSQL releases it when that session ends, so a process that dies (even by SIGKILL)
 * can never leave it held: whoever gets the lock knows that no live run of that kind
 * exists.
 * <p>
 * A session can also end while its process lives (a server's idle timeout, a failover, a
 * proxy's idle cut, {@code pg_terminate_backend}); then another process can take the
 * lock. So the lock is also a fence: taking it writes a new token into
 * {@code job_lock_fence} (which waits for a chunk of a former holder still in flight),
 * and every chunk of the run {@link #verify verifies}, in its own transaction, that the
 * token is still its own and its lock session still holds the lock; otherwise the chunk
 * rolls back and the run stops saying why. Two runs can therefore never both commit
 * chunks under one lock. The session is kept alive meanwhile: no server idle timeouts for
 * it, TCP keepalives, and a ping every {@value #PING_SECONDS} seconds that also notices
 * its loss early.
 */
public final class JobLock implements AutoCloseable {

	/**
	 * Held by {@code dailyRetryJob} and {@code retryJob} runs: they never work on the
	 * same rows at once.
	 */
	public static final String RETRY = "crm-sync-jobs:retry";

	/**
	 * Held by {@code purgeJob} runs and by restores ({@code purge --restore}): a purge
	 * never reads the list while a restore puts failures back into it.
	 */
	public static final String PURGE = "crm-sync-jobs:purge";

	static final int PING_SECONDS = 20;

	/**
	 * The longest wait for the chunk in flight of a run that lost this lock to end,
	 * before giving up.
	 */
	static final Duration TAKEOVER_WAIT = Duration.ofMinutes(10);

	private static final Logger logger = LoggerFactory.getLogger(JobLock.class);

	private static final String KEEP_ALIVE = "select set_config('idle_session_timeout', '0', false), "
			+ "set_config('idle_in_transaction_session_timeout', '0', false), "
			+ "set_config('tcp_keepalives_idle', '30', false), set_config('tcp_keepalives_interval', '10', false), "
			+ "set_config('tcp_keepalives_count', '3', false)";

	private static final String VERIFY = """
			select f.token = cast(? as uuid) as own,
			       exists (select 1 from pg_locks l where l.locktype = 'advisory' and l.granted and l.pid = f.holder_pid)
			           as held
			from job_lock_fence f where f.name = ? for share of f""";

	private final Connection connection;

	private final String name;

	private final UUID token;

	private final ScheduledExecutorService pinger;

	private volatile @Nullable String lost;

	private JobLock(Connection connection, String name, UUID token) {
		this.connection = connection;
		this.name = name;
		this.token = token;
		this.pinger = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("job-lock-ping-"));
		this.pinger.scheduleWithFixedDelay(this::ping, PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
	}

	/**
	 * The lock {@code name}, or {@code null} if a live run holds it.
	 * @throws AnotherRunActiveException if a run that lost this lock still has a chunk in
	 * flight after {@link #TAKEOVER_WAIT}
	 */
	public static @Nullable JobLock tryAcquire(DataSource dataSource, String name) throws SQLException {
		Connection connection = dataSource.getConnection();
		try {
			if (!connection.getAutoCommit()) {
				connection.setAutoCommit(true);
			}
			try (Statement statement = connection.createStatement()) {
				statement.execute(KEEP_ALIVE);
			}
			try (PreparedStatement statement = connection
				.prepareStatement("select pg_try_advisory_lock(hashtext(?))")) {
				statement.setString(1, name);
				try (ResultSet rs = statement.executeQuery()) {
					rs.next();
					if (!rs.getBoolean(1)) {
						connection.close();
						return null;
					}
				}
			}
			UUID token = UUID.randomUUID();
			takeOver(connection, name, token);
			return new JobLock(connection, name, token);
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
	}

	/**
	 * Writes this run's token. A chunk of a former holder that is still in flight holds
	 * the fence row FOR SHARE: the update waits for it to commit or roll back, so the new
	 * run starts only once the old one can commit no more.
	 */
	private static void takeOver(Connection connection, String name, UUID token) throws SQLException {
		try (Statement timeout = connection.createStatement()) {
			timeout.execute("set lock_timeout = " + TAKEOVER_WAIT.toMillis());
		}
		try (PreparedStatement statement = connection.prepareStatement("""
				insert into job_lock_fence (name, token, holder_pid) values (?, cast(? as uuid), pg_backend_pid())
				on conflict (name) do update set token = excluded.token, holder_pid = excluded.holder_pid,
					acquired_at = now()""")) {
			statement.setString(1, name);
			statement.setString(2, token.toString());
			statement.executeUpdate();
		}
		catch (SQLException ex) {
			if ("55P03".equals(ex.getSQLState())) {
				throw new AnotherRunActiveException("a run that lost the lock " + name + " still has a chunk in "
						+ "flight after " + TAKEOVER_WAIT.toMinutes() + " minutes: try again later");
			}
			throw ex;
		}
		finally {
			try (Statement reset = connection.createStatement()) {
				reset.execute("reset lock_timeout");
			}
		}
	}

	/**
	 * Checks, in the caller's transaction (a chunk's), that this run still holds its
	 * lock, and keeps a run that takes the lock over from starting until that transaction
	 * ends.
	 * @throws LockLostException if it does not
	 */
	public void verify(JdbcOperations jdbc) {
		String why = this.lost;
		if (why == null) {
			why = jdbc.query(VERIFY, (ResultSet rs) -> {
				if (!rs.next()) {
					return "its fencing row is gone";
				}
				if (!rs.getBoolean("own")) {
					return "another run has taken it over";
				}
				return rs.getBoolean("held") ? "" : "its database session ended";
			}, this.token.toString(), this.name);
		}
		if (why != null && !why.isEmpty()) {
			throw new LockLostException("This run lost its lock " + this.name + " (" + why + "): it stops rather "
					+ "than work beside another run; its last committed chunk stays, and the next launch resumes it");
		}
	}

	/** Why the lock is lost, as far as this process noticed, or {@code null}. */
	public @Nullable String lost() {
		return this.lost;
	}

	private synchronized void ping() {
		if (this.lost != null) {
			return;
		}
		try (Statement statement = this.connection.createStatement()) {
			statement.execute("select 1");
		}
		catch (SQLException ex) {
			this.lost = "its database session ended: " + ex.getMessage();
			logger.error("The lock {} is lost ({}): the run stops at its next chunk", this.name, this.lost);
		}
	}

	/**
	 * Releases the lock. Never throws: a lock whose session ended is released already.
	 */
	@Override
	public synchronized void close() {
		this.pinger.shutdownNow();
		try (PreparedStatement statement = this.connection.prepareStatement("select pg_advisory_unlock(hashtext(?))")) {
			statement.setString(1, this.name);
			statement.execute();
		}
		catch (SQLException ex) {
			logger.debug("Releasing the lock {}: {}", this.name, ex.getMessage());
		}
		finally {
			try {
				this.connection.close();
			}
			catch (SQLException ex) {
				logger.debug("Closing the connection of the lock {}: {}", this.name, ex.getMessage());
			}
		}
	}

	/** A run's chunk found that its run no longer holds its lock. */
	public static class LockLostException extends RuntimeException {

		LockLostException(String message) {
			super(message);
		}

	}

}
