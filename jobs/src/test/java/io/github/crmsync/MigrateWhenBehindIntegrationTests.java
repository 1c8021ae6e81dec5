package io.github.crmsync;

import java.util.Arrays;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Flyway's migrate at start-up only when the database lacks a migration of the jar, on
 * new databases of the tests' server.
 */
class MigrateWhenBehindIntegrationTests {

	private final DriverManagerDataSource dataSource = new DriverManagerDataSource(TestDatabase.newDatabase(),
			TestDatabase.username(), TestDatabase.password());

	private final JdbcClient jdbc = JdbcClient.create(this.dataSource);

	@Test
	void migratesANewDatabaseAndOneThatLacksTheNewestMigrations() {
		// given: a database migrated up to V3 by an older version
		flyway("3").migrate();

		// when
		new MigrateWhenBehind().migrate(flyway(null));

		// then
		assertThat(versions()).startsWith("1", "2", "3", "4")
			.isEqualTo(Arrays.stream(flyway(null).info().all())
				.map((migration) -> migration.getVersion().getVersion())
				.toList());
	}

	@Test
	void leavesAnUpToDateDatabaseAsItIsWithoutFlywaysChecks() {
		// given: up to date, with a checksum that Flyway's validation would refuse
		new MigrateWhenBehind().migrate(flyway(null));
		this.jdbc.sql("update flyway_schema_history set checksum = 42 where version = '2'").update();

		// when, then: no migrate, no validation (its checks wait for the next migration)
		assertThatNoException().isThrownBy(() -> new MigrateWhenBehind().migrate(flyway(null)));
		assertThatExceptionOfType(FlywayException.class).isThrownBy(() -> flyway(null).migrate());
	}

	@Test
	void handsAFailedMigrationToFlyway() {
		// given
		new MigrateWhenBehind().migrate(flyway(null));
		this.jdbc.sql("update flyway_schema_history set success = false where version = '5'").update();

		// when, then
		assertThatExceptionOfType(FlywayException.class)
			.isThrownBy(() -> new MigrateWhenBehind().migrate(flyway(null)));
	}

	private Flyway flyway(String target) {
		var configuration = Flyway.configure().dataSource(this.dataSource).locations("classpath:db/migration");
		if (target != null) {
			configuration.target(target);
		}
		return configuration.load();
	}

	private java.util.List<String> versions() {
		return this.jdbc
			.sql("select version from flyway_schema_history where version is not null order by installed_rank")
			.query(String.class)
			.list();
	}

}
