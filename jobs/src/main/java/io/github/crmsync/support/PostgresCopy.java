package io.github.crmsync.support;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Streams rows into a table with PostgreSQL's {@code COPY … FROM STDIN (FORMAT csv)}: the
 * fastest way to load many rows, in constant memory. It joins the caller's transaction,
 * so a load that fails half-way leaves nothing behind.
 */
public final class PostgresCopy {

	private static final CSVFormat COPY_CSV = CSVFormat.POSTGRESQL_CSV;

	private PostgresCopy() {
	}

	/**
	 * Copies the rows that {@code rows} prints into {@code table (columns)}; returns the
	 * number of rows copied.
	 */
	public static long copyIn(DataSource dataSource, String table, String columns, RowSource rows) {
		Connection connection = DataSourceUtils.getConnection(dataSource);
		try {
			PGConnection pg = connection.unwrap(PGConnection.class);
			String sql = "COPY " + table + " (" + columns + ") FROM STDIN (FORMAT csv)";
			long count;
			try (PGCopyOutputStream out = new PGCopyOutputStream(pg, sql, 1 << 16);
					Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
					CSVPrinter printer = new CSVPrinter(writer, COPY_CSV)) {
				count = rows.printTo(printer);
				printer.flush();
			}
			return count;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("COPY into " + table + " failed: " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("COPY into " + table + " failed: " + ex.getMessage(), ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, dataSource);
		}
	}

	/**
	 * Prints rows, one {@link CSVPrinter#printRecord} each, and says how many it printed.
	 */
	@FunctionalInterface
	public interface RowSource {

		long printTo(CSVPrinter printer) throws IOException;

	}

}
