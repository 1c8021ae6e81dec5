package io.github.crmsync;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.crmsync.cli.CrmSyncCli;
import io.github.crmsync.cli.Services;
import io.github.crmsync.crm.CrmPort;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run against PostgreSQL ({@link TestDatabase}): one migrated
 * database shared by the test contexts, emptied of failures, stored selections, the
 * archive, records, sandbox rows and job history before each test, with the catalog and
 * settings back at their defaults. {@link #cli} runs a command in-process against this
 * context.
 */
@SpringBootTest(properties = { "crm.retry.delay=5ms", "crm.retry.max-delay=20ms" })
@Import(ControllableCrm.Configuration.class)
public abstract class PostgresIntegrationTests {

	@Autowired
	protected JdbcClient jdbc;

	@Autowired
	protected ApplicationContext context;

	@Autowired
	protected CrmPort crmPort;

	protected ControllableCrm crm() {
		return (ControllableCrm) this.crmPort;
	}

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", TestDatabase::sharedUrl);
		registry.add("spring.datasource.username", TestDatabase::username);
		registry.add("spring.datasource.password", TestDatabase::password);
	}

	@BeforeEach
	void emptyDatabase() {
		this.jdbc.sql("""
				truncate sync_failure, failure_selection, sync_failure_archive, source_record, crm_sandbox_record,
					job_execution_process, batch_job_execution_context,
					batch_step_execution_context, batch_step_execution, batch_job_execution_params,
					batch_job_execution, batch_job_instance restart identity""").update();
		this.jdbc.sql("update sync_object_type set enabled = not product_catalog").update();
		this.jdbc.sql("update connector_setting set zuora_quotes_installed = false").update();
		crm().reset();
	}

	/** Adds a source record; {@code fields} is JSON. */
	protected void record(String objectType, String zuoraId, String parentId, String accountId, String crmId,
			String fields) {
		this.jdbc.sql("""
				insert into source_record (object_type, zuora_id, parent_id, account_id, crm_id, fields)
				values (?, ?, ?, ?, ?, cast(? as jsonb))""")
			.params(objectType, zuoraId, parentId, accountId, crmId, fields)
			.update();
	}

	/** Adds an Account record, linked to {@code crmId} (or not linked: {@code null}). */
	protected void account(String zuoraId, String crmId) {
		record("Account", zuoraId, null, zuoraId, crmId, "{}");
	}

	/** Adds an Invoice record of {@code accountId}. */
	protected void invoice(String zuoraId, String accountId) {
		record("Invoice", zuoraId, accountId, accountId, null, "{\"Zuora__Amount__c\": 10}");
	}

	/** The Zuora IDs still in the failure list, in row order. */
	protected List<String> remainingZuoraIds() {
		return this.jdbc.sql("select zuora_id from sync_failure order by id").query(String.class).list();
	}

	/** One failure row, every column. */
	protected Map<String, Object> row(long id) {
		return this.jdbc.sql("select * from sync_failure where id = ?").param(id).query().singleRow();
	}

	/** Adds a failure row; returns its id. */
	protected long failure(String objectType, String zuoraId, String errorCode, String message, Instant syncDate,
			Instant firstFailedAt) {
		return this.jdbc.sql("""
				insert into sync_failure (object_type, zuora_id, error_code, error_message, sync_date, first_failed_at)
				values (?, ?, ?, ?, ?, ?) returning id""")
			.params(objectType, zuoraId, errorCode, message, OffsetDateTime.ofInstant(syncDate, ZoneOffset.UTC),
					OffsetDateTime.ofInstant(firstFailedAt, ZoneOffset.UTC))
			.query(Long.class)
			.single();
	}

	/**
	 * What a command may change, as comparable values: a digest of every row of the
	 * failure list, the stored selections, the archive and the sandbox CRM, and the row
	 * counts of the job repository.
	 */
	protected Map<String, Object> snapshot() {
		Map<String, Object> snapshot = new LinkedHashMap<>();
		for (String table : List.of("sync_failure", "failure_selection", "sync_failure_archive",
				"crm_sandbox_record")) {
			snapshot.put(table, this.jdbc
				.sql("select count(*) || ':' || md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from "
						+ table + " t")
				.query(String.class)
				.single());
		}
		for (String table : List.of("batch_job_instance", "batch_job_execution", "batch_job_execution_params",
				"batch_job_execution_context", "batch_step_execution", "batch_step_execution_context",
				"job_execution_process")) {
			snapshot.put(table, this.jdbc.sql("select count(*) from " + table).query(Long.class).single());
		}
		return snapshot;
	}

	/**
	 * A database session of its own, outside the application's pool: a session-level lock
	 * it takes (the retry lock) ends when it is closed, whereas a pooled connection would
	 * go back to the pool still holding it.
	 */
	protected Connection newSession() throws SQLException {
		return DriverManager.getConnection(TestDatabase.sharedUrl(), TestDatabase.username(), TestDatabase.password());
	}

	/** Runs the command line in-process against this test's context. */
	protected CliResult cli(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = CrmSyncCli
			.commandLine(Services.of(this.context), new PrintWriter(out, true), new PrintWriter(err, true))
			.execute(args);
		return new CliResult(exitCode, out.toString(), err.toString());
	}

	/** What a command printed and returned. */
	public record CliResult(int exitCode, String out, String err) {

	}

}
