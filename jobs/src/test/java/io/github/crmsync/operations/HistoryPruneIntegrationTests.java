package io.github.crmsync.operations;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.crmsync.PostgresIntegrationTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code history prune --older-than}: old executions go with everything that hangs on
 * them, recent ones stay, and a running execution is never pruned, however old.
 */
class HistoryPruneIntegrationTests extends PostgresIntegrationTests {

	/**
	 * Long before every slot's window: the daily retries find nothing, on-demand retries
	 * select by ID.
	 */
	static final Instant FIRST_FAILED = Instant.parse("2026-10-01T00:00:00Z");

	@BeforeEach
	void invoicesFailing() {
		this.jdbc.sql("truncate failure_selection").update();
		record("Account", "A1", null, "A1", "0010000000000A1", "{}");
		for (int i = 1; i <= 4; i++) {
			record("Invoice", "INV-" + i, "A1", "A1", null, "{}");
			failure("Invoice", "INV-" + i, "DACO-01", "x", FIRST_FAILED, FIRST_FAILED);
		}
	}

	@Test
	void prunesOldExecutionsWithTheirStepsContextsParametersInstancesAndIdSelections() {
		// given
		long oldDaily = dailyRetry("2026-11-18T12:00:00Z");
		long oldRetry = retry("INV-1,INV-2");
		long recentRetry = retry("INV-3");
		long recentDaily = dailyRetry("2026-11-19T12:00:00Z");
		age(oldDaily, oldRetry);
		String recentRequest = idsRequest(recentRetry);

		// when
		CliResult result = cli("history", "prune", "--older-than", "P90D");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out().lines()).containsExactly("Pruned the job history older than 90d",
				"  selectionsDeleted      2", "  stepExecutionsDeleted  2", "  jobExecutionsDeleted   2",
				"  jobInstancesDeleted    2");
		CliResult json = cli("history", "prune", "--older-than", "90d", "--format", "json");
		assertThat(json.exitCode()).as(json.err()).isZero();
		assertThat(json.out()).contains("\"olderThan\" : \"90d\"").contains("\"jobExecutionsDeleted\" : 0");
		assertThat(executionIds()).containsExactly(recentRetry, recentDaily);
		assertThat(count("batch_job_instance")).isEqualTo(2);
		assertThat(count("batch_step_execution")).isEqualTo(2);
		assertThat(count("batch_step_execution_context")).isEqualTo(2);
		assertThat(count("batch_job_execution_context")).isEqualTo(2);
		assertThat(count("batch_job_execution_params where job_execution_id not in (select job_execution_id "
				+ "from batch_job_execution)"))
			.isZero();
		assertThat(count("batch_job_execution_params")).isPositive();
		assertThat(
				this.jdbc.sql("select request_id || ' ' || zuora_id from failure_selection").query(String.class).list())
			.containsExactly(recentRequest + " INV-3");
	}

	@Test
	void neverPrunesARunningExecutionHoweverOld() {
		// given
		long completed = dailyRetry("2026-11-18T12:00:00Z");
		long running = dailyRetry("2026-11-19T12:00:00Z");
		this.jdbc
			.sql("update batch_job_execution set status = 'STARTED', exit_code = 'UNKNOWN', end_time = null "
					+ "where job_execution_id = ?")
			.param(running)
			.update();
		this.jdbc
			.sql("update batch_step_execution set status = 'STARTED', exit_code = 'EXECUTING', end_time = null "
					+ "where job_execution_id = ?")
			.param(running)
			.update();
		age(completed, running);

		// when
		CliResult result = cli("history", "prune", "--older-than", "P90D");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("jobExecutionsDeleted   1");
		assertThat(executionIds()).containsExactly(running);
		assertThat(count("batch_job_instance")).isEqualTo(1);
		assertThat(count("batch_step_execution where job_execution_id = " + running)).isEqualTo(1);
		assertThat(count("batch_step_execution_context")).isEqualTo(1);
		assertThat(count("batch_job_execution_context where job_execution_id = " + running)).isEqualTo(1);
		assertThat(count("batch_job_execution_params where job_execution_id = " + running)).isEqualTo(4);
		assertThat(count("job_execution_process where job_execution_id = " + running)).isEqualTo(1);
		assertThat(count("job_execution_process")).isEqualTo(1);
	}

	@Test
	void keepsTheInstanceAndIdSelectionOfARequestWhoseLaterExecutionIsRecent() {
		// given an on-demand retry that failed long ago and was restarted recently,
		// failing again
		crm().unavailableFor((call) -> true);
		long failedLongAgo = retry("INV-1");
		assertThat(cli("restart", String.valueOf(failedLongAgo)).exitCode()).isEqualTo(1);
		long failedRecently = executionIds().get(1);
		age(failedLongAgo);
		crm().reset();

		// when
		CliResult result = cli("history", "prune", "--older-than", "P90D");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(executionIds()).containsExactly(failedRecently);
		assertThat(count("batch_job_instance")).isEqualTo(1);
		assertThat(count("failure_selection")).isEqualTo(1);

		// when
		CliResult restarted = cli("restart", String.valueOf(failedRecently));

		// then
		assertThat(restarted.exitCode()).as(restarted.err()).isZero();
		assertThat(restarted.out()).contains("read                 1");
		assertThat(this.jdbc.sql("select zuora_id from sync_failure order by zuora_id").query(String.class).list())
			.containsExactly("INV-2", "INV-3", "INV-4");
	}

	@Test
	void aPurgeWhoseHistoryWasPrunedStaysRestorableWhileItsArchivedRowsAreKept() {
		// given a purge whose rows are in the archive (archived just now: within the
		// retention) and whose execution
		// is older than the prune's cut-off
		List<Map<String, Object>> before = this.jdbc.sql("select * from sync_failure order by id").query().listOfRows();
		CliResult purged = cli("purge", "--ids", "INV-1,INV-2");
		assertThat(purged.exitCode()).as(purged.err()).isZero();
		long purge = lastExecutionId();
		age(purge);
		CliResult pruned = cli("history", "prune", "--older-than", "P1D");
		assertThat(pruned.exitCode()).as(pruned.err()).isZero();
		assertThat(executionIds()).isEmpty();

		// when
		CliResult restored = cli("purge", "--restore", "--execution", String.valueOf(purge));

		// then
		assertThat(restored.exitCode()).as(restored.err()).isZero();
		assertThat(restored.out()).startsWith("Restored 2 failures purged by execution " + purge);
		assertThat(this.jdbc.sql("select * from sync_failure order by id").query().listOfRows()).isEqualTo(before);
		assertThat(count("sync_failure_archive")).isZero();

		// when
		CliResult again = cli("purge", "--restore", "--execution", String.valueOf(purge));

		// then
		assertThat(again.exitCode()).isEqualTo(2);
		assertThat(again.err())
			.contains("execution " + purge + " is not in the job history, and nothing is " + "archived under it");
		assertThat(this.jdbc.sql("select * from sync_failure order by id").query().listOfRows()).isEqualTo(before);
	}

	@Test
	void refusesADurationThatIsNotAPositiveIsoDuration() {
		// given
		long old = dailyRetry("2026-11-18T12:00:00Z");
		age(old);

		// when
		List<CliResult> results = List.of(cli("history", "prune", "--older-than", "90 days"),
				cli("history", "prune", "--older-than", "P90X"), cli("history", "prune", "--older-than", "-P1D"),
				cli("history", "prune", "--older-than", "PT0S"), cli("history", "prune"));

		// then
		assertThat(results).extracting(CliResult::exitCode).containsOnly(2);
		assertThat(results.get(0).err())
			.contains("--older-than '90 days' is not a duration such as 30d, 12h, P30D or PT12H");
		assertThat(results.get(1).err()).contains("--older-than 'P90X' is not a duration");
		assertThat(results.get(2).err()).contains("--older-than must be a positive duration, not -P1D");
		assertThat(results.get(3).err()).contains("--older-than must be a positive duration, not PT0S");
		assertThat(results.get(4).err()).contains("Missing required option: '--older-than=DURATION'");
		assertThat(results).extracting(CliResult::out).containsOnly("");
		assertThat(executionIds()).containsExactly(old);
	}

	@Test
	void refusesADurationWithANegativePart() {
		// given: P100DT-2399H reads as 100 days but is 1 hour (100 days less 2399 hours),
		// -P-90D is 90 days
		long old = dailyRetry("2026-11-18T12:00:00Z");
		age(old);
		Map<String, Object> before = snapshot();

		// when
		CliResult mixed = cli("history", "prune", "--older-than", "P100DT-2399H");
		CliResult doubled = cli("history", "prune", "--older-than", "-P-90D");

		// then
		assertThat(List.of(mixed, doubled)).extracting(CliResult::exitCode).containsOnly(2);
		assertThat(mixed.err()).contains("--older-than 'P100DT-2399H' has a negative part, which makes it 1h");
		assertThat(doubled.err()).contains("--older-than '-P-90D' has a negative part, which makes it 90d");
		assertThat(executionIds()).containsExactly(old);
		assertThat(snapshot()).isEqualTo(before);
	}

	private long dailyRetry(String now) {
		CliResult result = cli("daily-retry", "--now", now);
		assertThat(result.exitCode()).as(result.err()).isZero();
		return lastExecutionId();
	}

	private long retry(String ids) {
		cli("retry", "--ids", ids);
		return lastExecutionId();
	}

	/** Makes the executions 100 days old. */
	private void age(long... executionIds) {
		for (long id : executionIds) {
			this.jdbc
				.sql("update batch_job_execution set create_time = create_time - interval '100 days', "
						+ "start_time = start_time - interval '100 days', end_time = end_time - interval '100 days' "
						+ "where job_execution_id = ?")
				.param(id)
				.update();
		}
	}

	private String idsRequest(long executionId) {
		return this.jdbc
			.sql("select parameter_value from batch_job_execution_params "
					+ "where job_execution_id = ? and parameter_name = 'idsRequest'")
			.param(executionId)
			.query(String.class)
			.single();
	}

	private long lastExecutionId() {
		return this.jdbc.sql("select max(job_execution_id) from batch_job_execution").query(Long.class).single();
	}

	private List<Long> executionIds() {
		return this.jdbc.sql("select job_execution_id from batch_job_execution order by job_execution_id")
			.query(Long.class)
			.list();
	}

	private long count(String tableAndCondition) {
		return this.jdbc.sql("select count(*) from " + tableAndCondition).query(Long.class).single();
	}

}
