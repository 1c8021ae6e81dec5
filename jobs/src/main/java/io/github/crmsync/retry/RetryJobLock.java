package io.github.crmsync.retry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * One retry-type job at a time, across processes and hosts: a PostgreSQL session-level advisory lock, held on a
 * connection of its own for the whole run. PostgreSQL releases it when that session ends, so a process that dies
 * (even by SIGKILL) can never leave it held: whoever gets the lock knows that no live run exists.
 */
final class RetryJobLock implements AutoCloseable {

	static final String NAME = "crm-sync-jobs:retry";

	private final Connection connection;

	private RetryJobLock(Connection connection) {
		this.connection = connection;
	}

	/** The lock, or {@code null} if a live run holds it. */
	static RetryJobLock tryAcquire(DataSource dataSource) throws SQLException {
		Connection connection = dataSource.getConnection();
		try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(hashtext(?))")) {
			statement.setString(1, NAME);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				if (rs.getBoolean(1)) {
					return new RetryJobLock(connection);
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
			statement.setString(1, NAME);
			statement.execute();
		}
	}

}
