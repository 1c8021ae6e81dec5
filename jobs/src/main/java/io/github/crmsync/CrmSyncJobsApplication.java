package io.github.crmsync;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.TimeZone;

import io.github.crmsync.cli.CrmSyncCli;
import io.github.crmsync.crm.CrmPort;

import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;

/**
 * The crm-sync-jobs application. {@code main} parses the command line first and starts
 * Spring (and with it the database) only for a command that needs it, so that
 * {@code --help} and usage errors are instant and never touch, or create, a database. The
 * process exit code is the command's outcome.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CrmSyncJobsApplication {

	public static void main(String[] args) {
		// Spring Batch writes LocalDateTime.now() into the job repository: in UTC, its
		// times mean the same on every
		// host, and the history can show them as instants.
		TimeZone.setDefault(TimeZone.getTimeZone(ZoneOffset.UTC));
		int exitCode = CrmSyncCli.execute(CrmSyncJobsApplication.class, args);
		if (!CrmSyncCli.shuttingDown()) {
			System.exit(exitCode);
		}
	}

	/**
	 * What lazy initialization ({@code spring.main.lazy-initialization} in
	 * application.yml: a command makes only the beans it uses, which took a third off a
	 * database command's start) must still make at start-up. The settings
	 * ({@code @ConfigurationProperties}) and the Salesforce adapter (its settings, all
	 * named in one message) check themselves when made: eagerly, a wrong one fails the
	 * start naming it, before anything runs, as it always did; lazily it would fail a job
	 * half-way, in the step that first needs it. The sandbox CRM checks nothing: it stays
	 * lazy, and with it the JSON mapper it needs. Flyway's migration runs at every start,
	 * before any query, as it did: lazily, nothing would run it for the repositories,
	 * which build their own JdbcClient (and a database that cannot be reached would fail
	 * the command, not the start). The Pushgateway's manager pushes the metrics when the
	 * context closes, and nothing else refers to it.
	 */
	@Bean
	static LazyInitializationExcludeFilter madeAtStartup() {
		return (name, definition, type) -> type.isAnnotationPresent(ConfigurationProperties.class)
				|| (CrmPort.class.isAssignableFrom(type) && !type.getSimpleName().equals("SandboxCrm"))
				|| FlywayMigrationInitializer.class.isAssignableFrom(type)
				|| type.getName().endsWith(".PrometheusPushGatewayManager");
	}

	@Bean
	static FlywayMigrationStrategy migrateWhenBehind() {
		return new MigrateWhenBehind();
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
