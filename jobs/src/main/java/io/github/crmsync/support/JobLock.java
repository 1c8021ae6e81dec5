package io.github.crmsync.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * One run of a kind of job at a time, across processes and hosts: a PostgreSQL session-level advisory lock, held on
 * a connection of its own for the whole run. PostgreSQL releases it when that session ends, so a process that dies
 * (even by SIGKILL) can never leave it held: whoever gets the lock knows that no live run of that kind exists.
 */
public final class JobLock implements AutoCloseable {

	/** Held by {@code dailyRetryJob} and {@code retryJob} runs: they never work on the same rows at once. */
	public static final String RETRY = "crm-sync-jobs:retry";

	/**
	 * Held by {@code purgeJob} runs and by restores ({@code purge --restore}): a purge never reads the list while
	 * a restore puts failures back into it.
	 */
	public static final String PURGE = "crm-sync-jobs:purge";

	private final Connection connection;

	private final String name;

	private JobLock(Connection connection, String name) {
		this.connection = connection;
		this.name = name;
	}

	/** The lock {@code name}, or {@code null} if a live run holds it. */
	public static JobLock tryAcquire(DataSource dataSource, String name) throws SQLException {
		Connection connection = dataSource.getConnection();
		try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(hashtext(?))")) {
			statement.setString(1, name);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				if (rs.getBoolean(1)) {
					return new JobLock(connection, name);
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
		connection.close();
		return null;
	}

	@Override
	public void close() throws SQLException {
		try (Connection connection = this.connection;
				PreparedStatement statement = connection.prepareStatement("select pg_advisory_unlock(hashtext(?))")) {
			statement.setString(1, this.name);
			statement.execute();
		}
	}

}
