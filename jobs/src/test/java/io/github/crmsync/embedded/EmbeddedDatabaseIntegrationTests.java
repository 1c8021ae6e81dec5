package io.github.crmsync.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.crmsync.CrmSyncJobsApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default: without {@code spring.datasource.url} the application starts an
 * embedded PostgreSQL in its data directory, seeds it with the demo data set when it
 * creates it, and finds it again on the next start. The application starts once for the
 * class (creating and seeding the database) and once more in the restart test; both see
 * the same data, so the seed tests hold whichever runs first.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDatabaseIntegrationTests {

	private static final String SEEDED = "New embedded database seeded with the demo data set";

	@TempDir
	static Path dataDirectory;

	private static ConfigurableApplicationContext application;

	private static String firstStartOutput;

	private static Map<String, Object> seeded;

	@BeforeAll
	static void startOnANewDataDirectory(CapturedOutput output) {
		application = start();
		firstStartOutput = output.getAll();
		seeded = snapshot();
	}

	@AfterAll
	static void stop() {
		if (application != null) {
			application.close();
		}
	}

	@Test
	void createsTheDatabaseInTheDataDirectoryAndSaysItSeededIt() {
		// then
		assertThat(dataDirectory.resolve("PG_VERSION")).exists();
		assertThat(firstStartOutput).contains("Embedded PostgreSQL created in new data directory " + dataDirectory)
			.contains(SEEDED);
	}

	@Test
	void seedsAboutTenThousandFailuresOverEveryObjectTypeAndErrorCode() {
		// when
		long failures = count("select count(*) from sync_failure");
		List<String> types = jdbc().sql("select distinct object_type from sync_failure order by 1")
			.query(String.class)
			.list();
		List<String> codes = jdbc().sql("select distinct error_code from sync_failure order by 1")
			.query(String.class)
			.list();

		// then
		assertThat(failures).isBetween(9_000L, 11_000L);
		assertThat(types).hasSize(23)
			.containsExactlyInAnyOrderElementsOf(
					jdbc().sql("select name from sync_object_type").query(String.class).list());
		assertThat(codes).containsExactly("DACO-01", "DACO-02", "DACO-99");
	}

	@Test
	void spreadsTheFailuresOverTheLastFourteenDays() {
		// when
		List<Integer> ageInDays = jdbc().sql(
				"select distinct floor(extract(epoch from now() - sync_date) / 86400)::int from sync_failure order by 1")
			.query(Integer.class)
			.list();
		long firstAfterLast = count("select count(*) from sync_failure where first_failed_at > sync_date");

		// then
		assertThat(ageInDays).containsAll(IntStream.rangeClosed(0, 13).boxed().toList());
		assertThat(ageInDays).allSatisfy((age) -> assertThat(age).isBetween(0, 14));
		assertThat(firstAfterLast).isZero();
	}

	@Test
	void seedsRecordsWithChildrenAccountsWithoutCrmIdAndRecordsTheSandboxRejects() {
		// when
		long accounts = count("select count(*) from source_record where object_type = 'Account'");
		long unlinked = count("select count(*) from source_record where object_type = 'Account' and crm_id is null");
		long rejected = count("select count(*) from source_record where fields ?? 'sandboxReject'");
		long parts = count("""
				select count(*) from source_record r join sync_object_type t on t.name = r.object_type
				where t.part_of_parent""");
		long orphanParts = count("""
				select count(*) from source_record r join sync_object_type t on t.name = r.object_type
				where t.part_of_parent and not exists (select 1 from source_record p
					where p.object_type = t.parent and p.zuora_id = r.parent_id)""");
		long unlinkedFailures = count("""
				select count(*) from sync_failure f join source_record r
					on r.object_type = f.object_type and r.zuora_id = f.zuora_id
				join source_record a on a.object_type = 'Account' and a.zuora_id = r.account_id
				where a.crm_id is null and f.error_code = 'DACO-02'""");

		// then
		assertThat(unlinked).isPositive().isLessThan(accounts);
		assertThat(rejected).isPositive();
		assertThat(parts).isPositive();
		assertThat(orphanParts).isZero();
		assertThat(unlinkedFailures).isPositive();
	}

	@Test
	void seedsSomeFailuresWhoseRecordIsGone() {
		// when
		long gone = count("""
				select count(*) from sync_failure f where not exists (select 1 from source_record r
					where r.object_type = f.object_type and r.zuora_id = f.zuora_id)""");

		// then
		assertThat(gone).isPositive().isLessThan(100);
	}

	@Test
	void keepsItsDataAndIsNotSeededAgainOnTheNextStart(CapturedOutput output) throws IOException {
		// given
		application.close();
		int outputBefore = output.getAll().length();

		// when
		application = start();

		// then
		String restartOutput = output.getAll().substring(outputBefore);
		assertThat(restartOutput).contains("Embedded PostgreSQL started on data directory " + dataDirectory)
			.doesNotContain(SEEDED);
		assertThat(snapshot()).isEqualTo(seeded);
		try (Stream<Path> files = Files.list(dataDirectory)) {
			assertThat(files.map((file) -> file.getFileName().toString()))
				.noneMatch((name) -> name.startsWith("demo-"));
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(CrmSyncJobsApplication.class).run("--spring.datasource.url=",
				"--crm-sync.embedded.data-directory=" + dataDirectory);
	}

	/**
	 * Counts and checksums that a second seed would change (it would move sync dates and
	 * updated_at).
	 */
	private static Map<String, Object> snapshot() {
		return jdbc().sql("""
				select (select count(*) from sync_failure) as failures,
				       (select sum(attempts) from sync_failure) as attempts,
				       (select max(sync_date) from sync_failure) as newest_failure,
				       (select count(*) from source_record) as records,
				       (select max(updated_at) from source_record) as newest_record
				""").query().singleRow();
	}

	private static long count(String sql) {
		return jdbc().sql(sql).query(Long.class).single();
	}

	private static JdbcClient jdbc() {
		return application.getBean(JdbcClient.class);
	}

}
