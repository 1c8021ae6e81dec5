package io.github.crmsync.embedded;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.crmsync.failures.FailureCsvImport;
import io.github.crmsync.source.SourceRecordJsonlImport;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Starts the embedded PostgreSQL and its data source when no
 * {@code spring.datasource.url} is set (an empty value counts as not set).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDataSourceUrl.class)
class EmbeddedDatabaseConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedPostgresServer embeddedPostgresServer(EmbeddedDatabaseProperties properties) {
		if (!properties.enabled()) {
			throw new IllegalStateException("No database: set SPRING_DATASOURCE_URL (and _USERNAME, _PASSWORD) to a "
					+ "PostgreSQL 14+ database; the embedded database is off (crm-sync.embedded.enabled=false, as in "
					+ "the postgres and kubernetes profiles)");
		}
		return EmbeddedPostgresServer.start(properties);
	}

	@Bean
	DataSource dataSource(EmbeddedPostgresServer server) {
		HikariDataSource dataSource = DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.url(server.jdbcUrl())
			.username("postgres")
			.build();
		dataSource.setPoolName("embedded");
		return dataSource;
	}

	/**
	 * Not lazy: a seeder made after start-up would never be called (Spring calls
	 * {@link DemoDataSeeder#afterSingletonsInstantiated} for the beans made at start-up
	 * only).
	 */
	@Bean
	@Lazy(false)
	DemoDataSeeder demoDataSeeder(EmbeddedPostgresServer server, EmbeddedDatabaseProperties properties,
			SourceRecordJsonlImport recordImport, FailureCsvImport failureImport) {
		return new DemoDataSeeder(server.created() && properties.demoData(), server.dataDirectory(), recordImport,
				failureImport);
	}

	static class NoDataSourceUrl extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String url = context.getEnvironment().getProperty("spring.datasource.url");
			return StringUtils.hasText(url) ? ConditionOutcome.noMatch("spring.datasource.url is set")
					: ConditionOutcome.match("no spring.datasource.url");
		}

	}

}
