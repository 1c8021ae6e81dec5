package io.github.crmsync.application;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.github.crmsync.PostgresIntegrationTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A launch in the background, as a web page makes it: the execution's ID comes back as
 * soon as the job starts, while the job runs on a worker thread holding its lock; its
 * outcome when it ends. A second launch meanwhile is refused as from the command line.
 */
class BackgroundLaunchIntegrationTests extends PostgresIntegrationTests {

	static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

	static final Instant IN_WINDOW = Instant.parse("2026-11-18T11:30:00Z");

	@Test
	void handsOutTheExecutionIdWhileTheJobRunsAndItsOutcomeWhenItEnds() throws Exception {
		// given: six invoices in chunks of two, at 200 ms per CRM call
		account("A1", "0010000000000A1");
		for (int i = 1; i <= 6; i++) {
			invoice("INV-" + i, "A1");
			failure("Invoice", "INV-" + i, "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		}
		crm().delayEachCall(Duration.ofMillis(200));
		DailyRetries dailyRetries = this.context.getBean(DailyRetries.class);

		// when
		BackgroundLaunch launch = dailyRetries.submit(NOW, 2, "alice");
		Optional<Long> execution = launch.executionId(Duration.ofSeconds(30));

		// then: running, on a thread of its own, while this one goes on
		assertThat(execution).isPresent();
		assertThat(launch.result()).isNotDone();
		assertThat(this.jdbc.sql("select status from batch_job_execution where job_execution_id = ?")
			.param(execution.get())
			.query(String.class)
			.single()).isIn("STARTING", "STARTED");

		// when: a second launch of any retry meanwhile
		LaunchResult refused = dailyRetries.launch(NOW, 2, "bob");

		// then
		assertThat(refused.outcome()).isEqualTo(LaunchResult.Outcome.ANOTHER_RUN_ACTIVE);
		assertThat(refused.message()).startsWith("another retry run is active: execution " + execution.get());

		// when
		LaunchResult outcome = launch.result().get(60, TimeUnit.SECONDS);

		// then
		assertThat(outcome.outcome()).isEqualTo(LaunchResult.Outcome.RAN);
		assertThat(outcome.succeeded()).isTrue();
		assertThat(outcome.report().executionId()).isEqualTo(execution.get());
		assertThat(remainingZuoraIds()).isEmpty();
		assertThat(this.jdbc.sql("select pid from job_execution_process").query(Long.class).single())
			.isEqualTo(ProcessHandle.current().pid());
	}

	@Test
	void aLaunchThatStartsNoJobEndsWithoutAnExecutionId() throws Exception {
		// given: a slot that completed
		account("A1", "0010000000000A1");
		DailyRetries dailyRetries = this.context.getBean(DailyRetries.class);
		assertThat(dailyRetries.launch(NOW, null, "alice").succeeded()).isTrue();

		// when
		BackgroundLaunch launch = dailyRetries.submit(NOW, null, "alice");

		// then
		assertThat(launch.executionId(Duration.ofSeconds(30))).isEmpty();
		assertThat(launch.result().get(30, TimeUnit.SECONDS).outcome())
			.isEqualTo(LaunchResult.Outcome.ALREADY_COMPLETED);
	}

}
