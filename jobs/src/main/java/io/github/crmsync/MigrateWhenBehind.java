package io.github.crmsync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.Configuration;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Flyway's migrate at start-up, when the database lacks a migration that the jar has.
 * Every command starts by migrating, and Flyway's migrate reads, checksums and validates
 * every migration against the schema history even when there is nothing to do: a fifth of
 * a database command's start-up. When the history lists as applied, successfully, exactly
 * the versions that the jar holds, the database is used as it is; anything else (a new
 * database, a new migration, a failed one, a database migrated by a newer version, a
 * history this cannot read) goes through Flyway's migrate as before. What this leaves to
 * Flyway's next migrate is its checksum check: a migration edited after it was applied is
 * reported when the next migration comes, not at every start.
 */
final class MigrateWhenBehind implements FlywayMigrationStrategy {

	private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9_.]*)__.+\\.(sql|class)");

	@Override
	public void migrate(Flyway flyway) {
		if (!upToDate(flyway.getConfiguration())) {
			flyway.migrate();
		}
	}

	private static boolean upToDate(Configuration configuration) {
		if (configuration.getSchemas().length > 0 || configuration.getDefaultSchema() != null) {
			return false;
		}
		Set<String> packaged = packaged(configuration);
		if (packaged.isEmpty()) {
			return false;
		}
		Set<String> applied = new HashSet<>();
		try (Connection connection = configuration.getDataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select version, success from " + configuration.getTable()
						+ " where type in ('SQL', 'JDBC') and version is not null")) {
			while (rows.next()) {
				if (!rows.getBoolean(2)) {
					return false;
				}
				applied.add(rows.getString(1));
			}
		}
		catch (SQLException ex) {
			// no history yet (a new database), or one this does not know: Flyway decides
			return false;
		}
		return applied.equals(packaged);
	}

	/**
	 * The versions of the migrations in the jar, as Flyway writes them in its history.
	 */
	private static Set<String> packaged(Configuration configuration) {
		Set<String> versions = new HashSet<>();
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(
				configuration.getClassLoader());
		for (Location location : configuration.getLocations()) {
			if (!location.isClassPath()) {
				return Set.of();
			}
			try {
				for (Resource resource : resolver.getResources("classpath*:" + location.getRootPath() + "/*")) {
					Matcher versioned = VERSIONED.matcher(String.valueOf(resource.getFilename()));
					if (versioned.matches()) {
						versions.add(versioned.group(1).replace('_', '.'));
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return versions;
	}

}
