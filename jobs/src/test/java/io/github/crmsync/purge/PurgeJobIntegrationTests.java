package io.github.crmsync.purge;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.github.crmsync.PostgresIntegrationTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class PurgeJobIntegrationTests extends PostgresIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

	static final Instant RECENT = NOW.minus(Duration.ofDays(2));

	static final Instant OLD = NOW.minus(Duration.ofDays(40));

	static final String ARCHIVED_COLUMNS = "id, zuora_id, object_type, error_code, error_message, sync_date, "
			+ "first_failed_at, attempts";

	@Test
	void anObjectTypePurgesThatTypeOnly() {
		// given
		invoiceFamily();

		// when
		CliResult result = cli("purge", "--object-type", "Invoice", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		JsonNode report = JSON.readTree(result.out());
		assertThat(report.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(report.get("selection").asString()).isEqualTo("types Invoice");
		assertThat(report.get("read").asLong()).isEqualTo(2);
		assertThat(report.get("purged").asLong()).isEqualTo(2);
		assertThat(report.get("archived").asLong()).isEqualTo(2);
		assertThat(listed()).containsExactly("II-1", "TX-1", "IP-1", "P-1");
		assertThat(archived()).containsExactly("INV-1", "INV-2");
	}

	@Test
	void withChildrenAlsoPurgesTheTypesThatCascadeFromIt() {
		// given
		invoiceFamily();

		// when
		CliResult result = cli("purge", "--object-type", "Invoice", "--with-children");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("purged               5");
		assertThat(listed()).containsExactly("P-1");
		assertThat(archived()).containsExactly("INV-1", "INV-2", "II-1", "TX-1", "IP-1");
	}

	@Test
	void purgesFailuresOfADisabledObjectType() {
		// given
		failure("Product", "PR-1", "DACO-01", "x", RECENT, RECENT);
		failure("Invoice", "INV-1", "DACO-01", "x", RECENT, RECENT);

		// when
		CliResult result = cli("purge", "--object-type", "Product");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(listed()).containsExactly("INV-1");
		assertThat(archived()).containsExactly("PR-1");
	}

	@Test
	void olderThanAloneSelectsBySyncDate() {
		// given
		failure("Invoice", "SYNCED-40-DAYS-AGO", "DACO-01", "x", OLD, OLD.minus(Duration.ofDays(5)));
		failure("Payment", "SYNCED-31-DAYS-AGO", "DACO-02", "x", NOW.minus(Duration.ofDays(31)),
				NOW.minus(Duration.ofDays(31)));
		// first failed long ago, but failed again recently: its sync date counts
		failure("Invoice", "FIRST-FAILED-40-DAYS-AGO", "DACO-01", "x", RECENT, OLD);
		failure("Invoice", "SYNCED-29-DAYS-AGO", "DACO-01", "x", NOW.minus(Duration.ofDays(29)),
				NOW.minus(Duration.ofDays(29)));

		// when
		CliResult result = cli("purge", "--older-than", "P30D");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("sync date before ");
		assertThat(listed()).containsExactly("FIRST-FAILED-40-DAYS-AGO", "SYNCED-29-DAYS-AGO");
		assertThat(archived()).containsExactly("SYNCED-40-DAYS-AGO", "SYNCED-31-DAYS-AGO");
	}

	@Test
	void olderThanNarrowsASelection() {
		// given
		failure("Invoice", "INV-OLD", "DACO-01", "x", OLD, OLD);
		failure("Invoice", "INV-NEW", "DACO-01", "x", RECENT, RECENT);
		failure("Payment", "P-OLD", "DACO-01", "x", OLD, OLD);
		failure("Payment", "P-OLD-99", "DACO-99", "x", OLD, OLD);

		// when
		CliResult byType = cli("purge", "--object-type", "Invoice", "--older-than", "P30D");
		CliResult byIds = cli("purge", "--ids", "P-OLD,P-OLD-99", "--older-than", "PT720H", "--error-code", "DACO-99");

		// then
		assertThat(byType.exitCode()).as(byType.err()).isZero();
		assertThat(byIds.exitCode()).as(byIds.err()).isZero();
		assertThat(listed()).containsExactly("INV-NEW", "P-OLD");
		assertThat(archived()).containsExactly("INV-OLD", "P-OLD-99");
	}

	@Test
	void allWithYesPurgesEveryFailure() {
		// given
		invoiceFamily();
		failure("Product", "PR-1", "DACO-02", "x", OLD, OLD);

		// when
		CliResult result = cli("purge", "--all", "--yes", "--chunk-size", "2");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("purged               7");
		assertThat(listed()).isEmpty();
		assertThat(archived()).hasSize(7);
	}

	@Test
	void allWithAnAgeNeedsNoConfirmation() {
		// given
		failure("Invoice", "INV-OLD", "DACO-01", "x", OLD, OLD);
		failure("Invoice", "INV-NEW", "DACO-01", "x", RECENT, RECENT);

		// when
		CliResult result = cli("purge", "--all", "--older-than", "P30D");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(listed()).containsExactly("INV-NEW");
	}

	@Test
	void purgesTheFailuresOfTheIdsGiven() {
		// given
		invoiceFamily();
		failure("InvoiceItem", "INV-1", "DACO-01", "an item with its invoice's ID", RECENT, RECENT);

		// when
		CliResult result = cli("purge", "--ids", "INV-1,P-1");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(listed()).containsExactly("INV-2", "II-1", "TX-1", "IP-1");
		assertThat(archived()).containsExactly("INV-1", "P-1", "INV-1");
	}

	@Test
	void movesPurgedRowsToTheArchiveWithThePurgeTimeAndTheExecution() {
		// given
		invoiceFamily();
		List<Map<String, Object>> before = this.jdbc
			.sql("select " + ARCHIVED_COLUMNS + " from sync_failure where object_type = 'Invoice' order by id")
			.query()
			.listOfRows();
		Instant start = Instant.now();

		// when
		CliResult result = cli("purge", "--object-type", "Invoice", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		long execution = JSON.readTree(result.out()).get("execution").asLong();
		assertThat(this.jdbc.sql("select job_execution_id from batch_job_execution").query(Long.class).single())
			.isEqualTo(execution);
		assertThat(this.jdbc.sql("select " + ARCHIVED_COLUMNS + " from sync_failure_archive order by id")
			.query()
			.listOfRows()).isEqualTo(before);
		assertThat(this.jdbc.sql("select distinct job_execution_id from sync_failure_archive").query(Long.class).list())
			.containsExactly(execution);
		assertThat(this.jdbc.sql("select purged_at from sync_failure_archive").query(OffsetDateTime.class).list())
			.allSatisfy((purgedAt) -> assertThat(purgedAt.toInstant()).isBetween(start.minusSeconds(1), Instant.now()));
		assertThat(inBothTables()).isZero();
	}

	@Test
	void deletesAndArchivesAChunkInOneTransaction() {
		// given
		for (int i = 1; i <= 5; i++) {
			failure("Invoice", "INV-" + i, "DACO-01", "x", RECENT, RECENT);
		}
		// an archived row with the ID of INV-4 makes the archiving of the second chunk
		// (INV-3, INV-4) fail
		long clash = this.jdbc.sql("select id from sync_failure where zuora_id = 'INV-4'").query(Long.class).single();
		archive(clash, "Invoice", "INV-0", NOW, 1L);

		// when
		CliResult result = cli("purge", "--object-type", "Invoice", "--chunk-size", "2");

		// then
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.out()).contains("FAILED").contains("purged               2");
		assertThat(listed()).containsExactly("INV-3", "INV-4", "INV-5");
		assertThat(archived()).containsExactly("INV-1", "INV-2", "INV-0");
	}

	@Test
	void restorePutsBackWhatAPurgeArchivedWithTheOriginalIdsAndFields() {
		// given
		invoiceFamily();
		List<Map<String, Object>> before = this.jdbc.sql("select * from sync_failure order by id").query().listOfRows();
		long execution = purge("--object-type", "Invoice", "--with-children");

		// when
		CliResult restored = cli("purge", "--restore", "--execution", String.valueOf(execution));

		// then
		assertThat(restored.exitCode()).as(restored.err()).isZero();
		assertThat(restored.out()).contains("Restored 5 failures purged by execution " + execution);
		assertThat(this.jdbc.sql("select * from sync_failure order by id").query().listOfRows()).isEqualTo(before);
		assertThat(archived()).isEmpty();

		// when
		CliResult again = cli("purge", "--restore", "--execution", String.valueOf(execution));

		// then
		assertThat(again.exitCode()).isEqualTo(2);
		assertThat(again.err()).contains("nothing of purge execution " + execution + " is in the archive");
		assertThat(this.jdbc.sql("select * from sync_failure order by id").query().listOfRows()).isEqualTo(before);
	}

	@Test
	void aFailureListedAgainSinceThePurgeIsNotRestoredAndStaysArchived() {
		// given
		failure("Invoice", "INV-1", "DACO-01", "purged", OLD, OLD);
		failure("Invoice", "INV-2", "DACO-01", "purged", OLD, OLD);
		long execution = purge("--object-type", "Invoice");
		long listedAgain = failure("Invoice", "INV-2", "DACO-99", "failed again", RECENT, RECENT);

		// when
		CliResult result = cli("purge", "--restore", "--execution", String.valueOf(execution), "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		JsonNode json = JSON.readTree(result.out());
		assertThat(json.get("restored").asLong()).isEqualTo(1);
		assertThat(json.get("notRestored").asLong()).isEqualTo(1);
		assertThat(this.jdbc.sql("select id, zuora_id, error_message from sync_failure order by zuora_id")
			.query((rs, row) -> rs.getString(2) + ":" + rs.getString(3))
			.list()).containsExactly("INV-1:purged", "INV-2:failed again");
		assertThat(this.jdbc.sql("select id from sync_failure where zuora_id = 'INV-2'").query(Long.class).single())
			.isEqualTo(listedAgain);
		assertThat(archived()).containsExactly("INV-2");
		assertThat(inBothTables()).isZero();
	}

	@Test
	void refusesToRestoreAnExecutionThatIsNotAPurge() {
		// given
		failure("Invoice", "INV-1", "DACO-01", "x", RECENT, RECENT);
		assertThat(cli("retry", "--all").exitCode()).isZero();
		long retry = this.jdbc.sql("select job_execution_id from batch_job_execution").query(Long.class).single();

		// when
		CliResult notAPurge = cli("purge", "--restore", "--execution", String.valueOf(retry));
		CliResult unknown = cli("purge", "--restore", "--execution", "999");

		// then
		assertThat(notAPurge.exitCode()).isEqualTo(2);
		assertThat(notAPurge.err()).contains("execution " + retry + " is not a purge (purgeJob) execution");
		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(unknown.err()).contains("execution 999 is not in the job history, and nothing is archived under it");
	}

	@Test
	void dropsArchivedRowsOlderThanTheRetention() {
		// given
		archive(1001, "Invoice", "ARCHIVED-31-DAYS-AGO", NOW.minus(Duration.ofDays(31)), 7L);
		archive(1002, "Invoice", "ARCHIVED-29-DAYS-AGO", NOW.minus(Duration.ofDays(29)), 8L);
		failure("Payment", "P-1", "DACO-01", "x", RECENT, RECENT);

		// when
		CliResult result = cli("purge", "--ids", "P-1", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		JsonNode report = JSON.readTree(result.out());
		assertThat(report.get("purged").asLong()).isEqualTo(1);
		assertThat(report.get("droppedFromArchive").asLong()).isEqualTo(1);
		assertThat(archived()).containsExactlyInAnyOrder("ARCHIVED-29-DAYS-AGO", "P-1");
	}

	@Test
	void aPurgeThatSelectsNothingStillDropsArchivedRowsOlderThanTheRetention() {
		// given
		archive(1001, "Invoice", "ARCHIVED-31-DAYS-AGO", NOW.minus(Duration.ofDays(31)), 7L);
		failure("Invoice", "INV-1", "DACO-01", "x", RECENT, RECENT);

		// when
		CliResult result = cli("purge", "--older-than", "P30D");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("purged               0").contains("droppedFromArchive   1");
		assertThat(archived()).isEmpty();
		assertThat(listed()).containsExactly("INV-1");
	}

	@Test
	void aDryRunPrintsWhatWouldBePurgedAndChangesNothing() {
		// given
		invoiceFamily();
		archive(1001, "Invoice", "ARCHIVED-31-DAYS-AGO", NOW.minus(Duration.ofDays(31)), 7L);
		Map<String, Object> before = snapshot();

		// when
		CliResult table = cli("purge", "--object-type", "Invoice", "--with-children", "--dry-run");
		CliResult json = cli("purge", "--ids", "INV-1,P-1", "--dry-run", "--format", "json");
		CliResult all = cli("purge", "--all", "--dry-run");

		// then
		assertThat(table.exitCode()).as(table.err()).isZero();
		assertThat(table.out())
			.contains("Would purge 5 failures (types Invoice,InvoiceItem,TaxationItem,InvoicePayment); "
					+ "dry run: nothing changed")
			.containsPattern("Invoice +1 +0 +1")
			.contains("First 5:");
		assertThat(json.exitCode()).as(json.err()).isZero();
		JsonNode preview = JSON.readTree(json.out());
		assertThat(preview.get("total").asLong()).isEqualTo(2);
		assertThat(preview.get("firstRows").valueStream().map((row) -> row.get("zuoraId").asString()))
			.containsExactly("INV-1", "P-1");
		assertThat(all.exitCode()).as(all.err()).isZero();
		assertThat(all.out()).contains("Would purge 6 failures (all)");
		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void eachPurgeIsAJobInstanceOfItsOwnAndRecordsWhoAskedForIt() {
		// given
		failure("Invoice", "INV-1", "DACO-01", "x", OLD, OLD);

		// when
		CliResult first = cli("purge", "--older-than", "P30D");
		CliResult second = cli("purge", "--older-than", "P30D", "--requested-by", "jane");

		// then
		assertThat(first.exitCode()).as(first.err()).isZero();
		assertThat(second.exitCode()).as(second.err()).isZero();
		assertThat(this.jdbc.sql("select count(*) from batch_job_instance where job_name = 'purgeJob'")
			.query(Long.class)
			.single()).isEqualTo(2);
		assertThat(this.jdbc.sql("""
				select parameter_value || '/' || identifying from batch_job_execution_params
				where parameter_name = 'requestedBy' order by job_execution_id""").query(String.class).list())
			.containsExactly(System.getProperty("user.name") + "/N", "jane/N");
	}

	/**
	 * Invoice INV-1 (DACO-01), INV-2 (DACO-99), its cascaded types' failures, and a
	 * Payment's.
	 */
	private void invoiceFamily() {
		failure("Invoice", "INV-1", "DACO-01", "x", RECENT, RECENT);
		failure("Invoice", "INV-2", "DACO-99", "x", RECENT, RECENT);
		failure("InvoiceItem", "II-1", "DACO-01", "x", RECENT, RECENT);
		failure("TaxationItem", "TX-1", "DACO-02", "x", OLD, OLD);
		failure("InvoicePayment", "IP-1", "DACO-99", "x", RECENT, RECENT);
		failure("Payment", "P-1", "DACO-01", "x", RECENT, RECENT);
	}

	/** Runs a purge that must complete; returns its execution. */
	private long purge(String... selection) {
		String[] args = new String[selection.length + 3];
		args[0] = "purge";
		System.arraycopy(selection, 0, args, 1, selection.length);
		args[args.length - 2] = "--format";
		args[args.length - 1] = "json";
		CliResult result = cli(args);
		assertThat(result.exitCode()).as(result.err()).isZero();
		return JSON.readTree(result.out()).get("execution").asLong();
	}

	private void archive(long id, String objectType, String zuoraId, Instant purgedAt, long execution) {
		this.jdbc.sql("""
				insert into sync_failure_archive (id, zuora_id, object_type, error_code, error_message, sync_date,
					first_failed_at, attempts, purged_at, job_execution_id)
				values (?, ?, ?, 'DACO-01', 'x', ?, ?, 1, ?, ?)""")
			.params(id, zuoraId, objectType, utc(purgedAt.minus(Duration.ofDays(1))),
					utc(purgedAt.minus(Duration.ofDays(1))), utc(purgedAt), execution)
			.update();
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private List<String> listed() {
		return this.jdbc.sql("select zuora_id from sync_failure order by id").query(String.class).list();
	}

	private List<String> archived() {
		return this.jdbc.sql("select zuora_id from sync_failure_archive order by id").query(String.class).list();
	}

	private long inBothTables() {
		return this.jdbc.sql("select count(*) from sync_failure f join sync_failure_archive a on a.id = f.id")
			.query(Long.class)
			.single();
	}

}
