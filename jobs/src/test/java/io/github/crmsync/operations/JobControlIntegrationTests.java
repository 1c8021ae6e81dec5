package io.github.crmsync.operations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.github.crmsync.PostgresIntegrationTests;
import io.github.crmsync.support.JobLock;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stop}, {@code restart}, {@code recover} and {@code abandon}: each illegal
 * transition is refused with the reason and changes nothing; each legal one does what it
 * says, down to the failure rows.
 */
class JobControlIntegrationTests extends PostgresIntegrationTests {

	static final String NOW = "2026-11-20T12:00:00Z";

	static final Instant IN_WINDOW = Instant.parse("2026-11-18T11:30:00Z");

	@Autowired
	DataSource dataSource;

	@Test
	void refusesToStopRestartRecoverOrAbandonACompletedExecution() {
		// given
		invoicesFailing(2);
		assertThat(cli("daily-retry", "--now", NOW).exitCode()).isZero();
		String id = String.valueOf(executionIds().get(0));
		List<Map<String, Object>> before = executions();

		// when
		CliResult stop = cli("stop", id);
		CliResult restart = cli("restart", id);
		CliResult recover = cli("recover", id);
		CliResult abandon = cli("abandon", id);

		// then
		assertThat(List.of(stop, restart, recover, abandon)).extracting(CliResult::exitCode).containsOnly(2);
		assertThat(stop.err()).contains("execution " + id + " is COMPLETED: only a running execution can be stopped");
		assertThat(restart.err())
			.contains("execution " + id + " is COMPLETED: only a FAILED or STOPPED execution can be restarted");
		assertThat(recover.err()).contains("execution " + id
				+ " is COMPLETED: only an execution left running (STARTED, STOPPING) can be recovered");
		assertThat(abandon.err())
			.contains("execution " + id + " is COMPLETED: only a FAILED or STOPPED execution can be abandoned");
		assertThat(executions()).isEqualTo(before);
	}

	@Test
	void refusesToRestartAnExecutionThatIsStillStarted() {
		// given
		long id = leaveARunStartedByADeadProcess();
		List<Map<String, Object>> before = executions();

		// when
		CliResult result = cli("restart", String.valueOf(id));

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("execution " + id + " is STARTED: only a FAILED or STOPPED execution can be "
				+ "restarted (recover it first if its process is gone)");
		assertThat(executions()).isEqualTo(before);
		assertThat(remainingFailures()).isEqualTo(2);
	}

	@Test
	void refusesToRestartAnExecutionThatWasRestartedAlready() {
		// given
		invoicesFailing(2);
		crm().unavailableFor((call) -> true);
		cli("daily-retry", "--now", NOW);
		long first = executionIds().get(0);
		cli("restart", String.valueOf(first));
		long second = executionIds().get(1);
		List<Map<String, Object>> before = executions();

		// when
		CliResult result = cli("restart", String.valueOf(first));

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("execution " + first + " was restarted already, as execution " + second
				+ ": restart that one if it did not complete");
		assertThat(before).extracting((row) -> row.get("status")).containsExactly("FAILED", "FAILED");
		assertThat(executions()).isEqualTo(before);
	}

	@Test
	void refusesToRecoverAnExecutionWhoseProcessHoldsTheLock() throws Exception {
		// given
		long id = leaveARunStartedByADeadProcess();
		List<Map<String, Object>> before = executions();
		try (Connection liveProcess = this.dataSource.getConnection();
				PreparedStatement lock = liveProcess.prepareStatement("select pg_advisory_lock(hashtext(?))")) {
			lock.setString(1, JobLock.RETRY);
			lock.execute();
			try {
				// when
				CliResult result = cli("recover", String.valueOf(id));

				// then
				assertThat(result.exitCode()).isEqualTo(2);
				assertThat(result.err()).contains("execution " + id
						+ " may well be alive: a live process holds the lock " + JobLock.RETRY + "; stop it instead");
				assertThat(executions()).isEqualTo(before);
			}
			finally {
				// the connection goes back to the pool, its session (and a session's
				// lock) lives on
				liveProcess.createStatement().execute("select pg_advisory_unlock_all()");
			}
		}
	}

	@Test
	void refusesToStopAnExecutionWhoseProcessIsGoneNamingRecover() {
		// given: nothing would ever read a STOPPING mark, so "ends STOPPED after its
		// current chunk" would be false
		long id = leaveARunStartedByADeadProcess();
		Map<String, Object> before = snapshot();
		List<Map<String, Object>> executions = executions();

		// when
		CliResult result = cli("stop", String.valueOf(id));

		// then
		assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
		assertThat(result.err()).contains("execution " + id + " is STARTED, but its process is gone (the lock "
				+ JobLock.RETRY + " is free): nothing would stop it; recover " + id + " marks it FAILED, then restart "
				+ id + " resumes it");
		assertThat(result.out()).isEmpty();
		assertThat(snapshot()).isEqualTo(before);
		assertThat(executions()).isEqualTo(executions);
	}

	@Test
	void refusesToStopAStoppingExecutionWhoseProcessIsGoneNamingRecover() {
		// given: a stop was requested, then the process died before its chunk ended
		long id = leaveARunStartedByADeadProcess();
		this.jdbc.sql("update batch_job_execution set status = 'STOPPING'").update();
		Map<String, Object> before = snapshot();
		List<Map<String, Object>> executions = executions();

		// when
		CliResult result = cli("stop", String.valueOf(id));

		// then
		assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
		assertThat(result.err()).contains("execution " + id + " is STOPPING, but its process is gone")
			.contains("recover " + id);
		assertThat(snapshot()).isEqualTo(before);
		assertThat(executions()).isEqualTo(executions);
	}

	@Test
	void stopsAStartedExecutionWhoseProcessHoldsTheLock() throws Exception {
		// given
		long id = leaveARunStartedByADeadProcess();
		try (Connection liveProcess = newSession(); Statement statement = liveProcess.createStatement()) {
			statement.execute("select pg_advisory_lock(hashtext('" + JobLock.RETRY + "'))");

			// when
			CliResult result = cli("stop", String.valueOf(id));

			// then
			assertThat(result.exitCode()).as(result.err()).isZero();
			assertThat(result.out()).contains("stop requested: execution " + id
					+ " ends STOPPED after its current chunk; restart " + id + " resumes it");
			assertThat(this.jdbc.sql("select status from batch_job_execution").query(String.class).single())
				.isEqualTo("STOPPING");
		}
	}

	@Test
	void refusesToAbandonARunningExecution() {
		// given
		long id = leaveARunStartedByADeadProcess();
		List<Map<String, Object>> before = executions();

		// when
		CliResult result = cli("abandon", String.valueOf(id));

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("execution " + id + " is STARTED: only a FAILED or STOPPED execution can be "
				+ "abandoned (stop it first, or recover it if its process is gone)");
		assertThat(executions()).isEqualTo(before);
	}

	@Test
	void refusesAnUnknownExecution() {
		// when
		List<CliResult> results = List.of(cli("stop", "424242"), cli("restart", "424242"), cli("recover", "424242"),
				cli("abandon", "424242"));

		// then
		assertThat(results).extracting(CliResult::exitCode).containsOnly(2);
		assertThat(results).extracting(CliResult::err)
			.allMatch((err) -> err.contains("there is no job execution 424242"));
		assertThat(executions()).isEmpty();
	}

	@Test
	void restartResumesAFailedDailyRetryAsANewExecutionOfTheSameInstance() {
		// given ten failures in chunks of three; the CRM goes away from the second chunk
		// on
		invoicesFailing(10);
		crm().unavailableFor((call) -> call >= 2);
		assertThat(cli("daily-retry", "--now", NOW, "--chunk-size", "3").exitCode()).isEqualTo(1);
		assertThat(remainingFailures()).isEqualTo(7);
		long failed = executionIds().get(0);
		crm().reset();

		// when
		CliResult result = cli("restart", String.valueOf(failed));

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		long restarted = executionIds().get(1);
		assertThat(result.out()).contains("execution " + failed + " restarted as execution " + restarted + " COMPLETED")
			.contains("read                 7");
		assertThat(remainingFailures()).isZero();
		assertThat(upsertCounts()).hasSize(10).containsOnly(1);
		assertThat(this.jdbc.sql("select count(distinct job_instance_id) from batch_job_execution")
			.query(Long.class)
			.single()).isEqualTo(1);
		assertThat(executions()).extracting((row) -> row.get("status")).containsExactly("FAILED", "COMPLETED");
	}

	@Test
	void recoverMarksADeadRunFailedAndRestartThenCompletesIt() {
		// given
		long id = leaveARunStartedByADeadProcess();

		// when
		CliResult recovered = cli("recover", String.valueOf(id));

		// then
		assertThat(recovered.exitCode()).as(recovered.err()).isZero();
		assertThat(recovered.out())
			.contains("execution " + id + " marked FAILED (its process is gone); restart " + id + " resumes it");
		assertThat(this.jdbc.sql("select status || ' ' || exit_code from batch_job_execution")
			.query(String.class)
			.single()).isEqualTo("FAILED FAILED");
		assertThat(this.jdbc.sql("select status || ' ' || exit_code from batch_step_execution")
			.query(String.class)
			.single()).isEqualTo("FAILED FAILED");
		assertThat(this.jdbc.sql("select exit_message from batch_step_execution").query(String.class).single())
			.startsWith("left STARTED by a process that is gone (")
			.contains("found dead and marked FAILED");
		CliResult history = cli("history");
		assertThat(history.out()).contains("FAILED     FAILED").doesNotContain("EXECUTING").doesNotContain("UNKNOWN");

		// when
		CliResult restarted = cli("restart", String.valueOf(id));

		// then
		assertThat(restarted.exitCode()).as(restarted.err()).isZero();
		assertThat(remainingFailures()).isZero();
		assertThat(upsertCounts()).hasSize(4).containsOnly(1);
		assertThat(executions()).extracting((row) -> row.get("status")).containsExactly("FAILED", "COMPLETED");
	}

	@Test
	void anAbandonedSlotIsNotRunAgain() {
		// given
		invoicesFailing(2);
		crm().unavailableFor((call) -> true);
		cli("daily-retry", "--now", NOW);
		long id = executionIds().get(0);
		crm().reset();

		// when
		CliResult abandoned = cli("abandon", String.valueOf(id));

		// then
		assertThat(abandoned.exitCode()).as(abandoned.err()).isZero();
		assertThat(abandoned.out()).contains("execution " + id + " abandoned: it will not be restarted");
		assertThat(executions()).extracting((row) -> row.get("status")).containsExactly("ABANDONED");

		// when
		CliResult again = cli("daily-retry", "--now", "2026-11-20T13:00:00Z");
		CliResult restart = cli("restart", String.valueOf(id));

		// then
		assertThat(again.exitCode()).isEqualTo(1);
		assertThat(again.out())
			.contains("slot 2026-11-20T11:30:00Z was abandoned (execution " + id + "): it is not run again");
		assertThat(restart.exitCode()).isEqualTo(2);
		assertThat(restart.err()).contains("execution " + id + " is ABANDONED");
		assertThat(executions()).hasSize(1);
		assertThat(remainingFailures()).isEqualTo(2);
		assertThat(crm().calls()).isZero();
	}

	@Test
	void stopEndsARunningRetryAfterItsCurrentChunkAndRestartFinishesTheRest() throws Exception {
		// given forty failures, one per chunk, each CRM call slowed down
		invoicesFailing(40);
		crm().delayEachCall(Duration.ofMillis(50));
		CompletableFuture<CliResult> run = CompletableFuture
			.supplyAsync(() -> cli("daily-retry", "--now", NOW, "--chunk-size", "1"));
		long id = awaitChunksCommitted(run, 3);

		// when
		CliResult stop = cli("stop", String.valueOf(id));
		CliResult stopped = finish(run);

		// then
		assertThat(stop.exitCode()).as(stop.err()).isZero();
		assertThat(stop.out()).contains("stop requested: execution " + id + " ends STOPPED after its current chunk");
		assertThat(stopped.exitCode()).isEqualTo(1);
		assertThat(stopped.out()).contains("execution " + id + " STOPPED");
		assertThat(this.jdbc.sql("select status from batch_job_execution").query(String.class).single())
			.isEqualTo("STOPPED");
		assertThat(this.jdbc.sql("select status from batch_step_execution").query(String.class).single())
			.isEqualTo("STOPPED");
		long left = remainingFailures();
		assertThat(left).isBetween(1L, 37L);
		assertThat(this.jdbc.sql("select read_count from batch_step_execution").query(Long.class).single())
			.isEqualTo(40 - left);

		// when
		crm().reset();
		CliResult restarted = cli("restart", String.valueOf(id));

		// then
		assertThat(restarted.exitCode()).as(restarted.err()).isZero();
		assertThat(restarted.out()).contains("read                 " + left + "\n");
		assertThat(remainingFailures()).isZero();
		assertThat(upsertCounts()).hasSize(40).containsOnly(1);
		assertThat(executions()).extracting((row) -> row.get("status")).containsExactly("STOPPED", "COMPLETED");
	}

	/**
	 * Invoices INV-1 … INV-n of a linked account, each failing within the window of the
	 * slot of NOW.
	 */
	private void invoicesFailing(int n) {
		record("Account", "A1", null, "A1", "0010000000000A1", "{}");
		for (int i = 1; i <= n; i++) {
			record("Invoice", "INV-" + i, "A1", "A1", null, "{}");
			failure("Invoice", "INV-" + i, "DACO-01", "UNABLE_TO_LOCK_ROW", IN_WINDOW, IN_WINDOW);
		}
	}

	/**
	 * What a killed JVM leaves behind: an execution and its step still STARTED, one chunk
	 * of two committed.
	 */
	private long leaveARunStartedByADeadProcess() {
		invoicesFailing(4);
		crm().unavailableFor((call) -> call >= 2);
		cli("daily-retry", "--now", NOW, "--chunk-size", "2");
		crm().reset();
		this.jdbc.sql("update batch_job_execution set status = 'STARTED', exit_code = 'UNKNOWN', end_time = null")
			.update();
		this.jdbc.sql("update batch_step_execution set status = 'STARTED', exit_code = 'EXECUTING', end_time = null")
			.update();
		assertThat(remainingFailures()).isEqualTo(2);
		return executionIds().get(0);
	}

	/**
	 * Waits until the run has committed {@code chunks} chunks and is still running;
	 * returns its execution ID.
	 */
	private long awaitChunksCommitted(CompletableFuture<CliResult> run, int chunks) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (System.nanoTime() < deadline && !run.isDone()) {
			List<Map<String, Object>> steps = this.jdbc.sql("""
					select e.job_execution_id, s.commit_count from batch_step_execution s
					join batch_job_execution e on e.job_execution_id = s.job_execution_id
					where e.status = 'STARTED'""").query().listOfRows();
			if (!steps.isEmpty() && (Long) steps.get(0).get("commit_count") >= chunks) {
				return (Long) steps.get(0).get("job_execution_id");
			}
			Thread.sleep(20);
		}
		crm().delayEachCall(Duration.ZERO);
		throw new AssertionError("the run did not commit " + chunks + " chunks while running: " + finish(run));
	}

	/**
	 * Waits for a run in the background to end (it must not outlive its test: it holds
	 * the retry lock).
	 */
	private CliResult finish(CompletableFuture<CliResult> run) throws Exception {
		try {
			return run.get(30, TimeUnit.SECONDS);
		}
		finally {
			crm().delayEachCall(Duration.ZERO);
			run.join();
		}
	}

	private List<Long> executionIds() {
		return this.jdbc.sql("select job_execution_id from batch_job_execution order by job_execution_id")
			.query(Long.class)
			.list();
	}

	private List<Map<String, Object>> executions() {
		return this.jdbc.sql("select * from batch_job_execution order by job_execution_id").query().listOfRows();
	}

	private long remainingFailures() {
		return this.jdbc.sql("select count(*) from sync_failure").query(Long.class).single();
	}

	private List<Integer> upsertCounts() {
		return this.jdbc.sql("select upsert_count from crm_sandbox_record").query(Integer.class).list();
	}

}
