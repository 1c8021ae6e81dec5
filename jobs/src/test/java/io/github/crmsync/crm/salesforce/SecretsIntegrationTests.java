package io.github.crmsync.crm.salesforce;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import io.github.crmsync.PostgresIntegrationTests;
import io.github.crmsync.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.github.crmsync.crm.salesforce.SalesforceOrg.CLIENT_SECRET;
import static io.github.crmsync.crm.salesforce.SalesforceOrg.error;
import static io.github.crmsync.crm.salesforce.SalesforceOrg.upsert;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials (the database password, the Salesforce client secret and the access tokens
 * the org grants) appear nowhere: not in what the commands print or log, not in the job
 * parameters, exit messages or execution contexts of the job repository, whether the runs
 * succeed or fail. The database is reached as a role of its own whose password is a
 * secret string, so that a leak of the datasource password would show.
 */
@ExtendWith(OutputCaptureExtension.class)
@Tag("faults")
class SecretsIntegrationTests extends PostgresIntegrationTests {

	static final String DATABASE_USER = "crm_sync_secret_user";

	static final String DATABASE_PASSWORD = "Db-Pw-4e1d7c-never-shown";

	static final String ACCESS_TOKEN = "00Dtoken-";

	static final String NOW = "2026-11-20T12:00:00Z";

	static final Instant IN_WINDOW = Instant.parse("2026-11-18T11:30:00Z");

	@RegisterExtension
	static final SalesforceOrgExtension salesforce = SalesforceOrgExtension.grantingTokens();

	@DynamicPropertySource
	static void secrets(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.username", SecretsIntegrationTests::secretDatabaseUser);
		registry.add("spring.datasource.password", () -> DATABASE_PASSWORD);
		registry.add("crm.target", () -> "salesforce");
		registry.add("crm.salesforce.login-url", salesforce::url);
		registry.add("crm.salesforce.client-id", () -> SalesforceOrg.CLIENT_ID);
		registry.add("crm.salesforce.client-secret", () -> CLIENT_SECRET);
		registry.add("crm.salesforce.read-timeout", () -> "500ms");
	}

	/**
	 * A login role with a secret password and the test role's rights (a superuser where
	 * the test role is one).
	 */
	static synchronized String secretDatabaseUser() {
		try (Connection connection = DriverManager.getConnection(TestDatabase.sharedUrl(), TestDatabase.username(),
				TestDatabase.password()); Statement statement = connection.createStatement()) {
			statement.execute("""
					do $$ begin
						if not exists (select from pg_roles where rolname = '%1$s') then
							if (select rolsuper from pg_roles where rolname = current_user) then
								create role %1$s login superuser password '%2$s';
							else
								execute format('create role %1$s login password %%L in role %%I', '%2$s', current_user);
							end if;
						end if;
					end $$""".formatted(DATABASE_USER, DATABASE_PASSWORD));
			return DATABASE_USER;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@BeforeEach
	void signOut() {
		// the org forgot the tokens it granted (it is reset before each test): the
		// adapter must ask for a new one
		((SalesforceCrm) crm().delegate()).signOut();
	}

	@Test
	void noCredentialAppearsInOutputLogsOrTheJobRepository(CapturedOutput output) {
		// given
		record("Account", "A1", null, "A1", "0010000000000A1", "{}");
		for (int i = 1; i <= 3; i++) {
			record("Invoice", "INV-" + i, "A1", "A1", null, "{}");
			failure("Invoice", "INV-" + i, "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		}
		salesforce.server().stubFor(upsert().willReturn(error(503, "SERVER_UNAVAILABLE", "Server unavailable")));

		// when: a run that fails, its resumption, an on-demand retry, a purge and the
		// history
		CliResult failed = cli("daily-retry", "--now", NOW);
		salesforce.acceptsUpserts();
		List<CliResult> results = List.of(failed, cli("daily-retry", "--now", NOW),
				cli("retry", "--all", "--ignore-missing"), cli("purge", "--all", "--yes"), cli("history"),
				cli("history", "--format", "json"), cli("execution", "1"), cli("execution", "2", "--format", "json"),
				cli("settings"));

		// then
		assertThat(failed.exitCode()).isEqualTo(1);
		assertThat(results.get(1).exitCode()).as(results.get(1).err()).isZero();
		assertThat(salesforce.tokenRequests()).isNotEmpty();
		StringBuilder everything = new StringBuilder(output.getAll());
		for (CliResult result : results) {
			everything.append(result.out()).append(result.err());
		}
		everything.append(jobRepositoryAsText());
		assertThat(everything).contains("FAILED").contains("execution");
		assertThat(everything.toString()).doesNotContain(DATABASE_PASSWORD, CLIENT_SECRET, ACCESS_TOKEN);
	}

	private String jobRepositoryAsText() {
		StringBuilder text = new StringBuilder();
		for (String table : List.of("batch_job_instance", "batch_job_execution", "batch_job_execution_params",
				"batch_job_execution_context", "batch_step_execution", "batch_step_execution_context")) {
			text.append(this.jdbc.sql("select coalesce(string_agg(t::text, '\n'), '') from " + table + " t")
				.query(String.class)
				.single());
		}
		assertThat(text).contains("dailyRetryJob");
		return text.toString();
	}

}
