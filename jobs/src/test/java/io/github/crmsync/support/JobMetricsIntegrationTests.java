package io.github.crmsync.support;

import java.time.Instant;

import io.github.crmsync.PostgresIntegrationTests;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class JobMetricsIntegrationTests extends PostgresIntegrationTests {

	@Autowired
	MeterRegistry registry;

	@Test
	void aRunRecordsItsCountsAndDurationOnceButNoPerItemObservations() {
		// given
		Instant inWindow = Instant.parse("2026-11-18T11:30:00Z");
		record("Account", "A1", null, "A1", "0010000000000A1", "{}");
		record("Invoice", "INV-1", "A1", "A1", null, "{}");
		record("Invoice", "INV-2", "A1", "A1", null, "{\"sandboxReject\": \"INVALID_FIELD: x\"}");
		failure("Invoice", "INV-1", "DACO-01", "x", inWindow, inWindow);
		failure("Invoice", "INV-2", "DACO-01", "x", inWindow, inWindow);
		double resyncedBefore = counter("crmsync.failures.resynced");
		double daco01Before = this.registry.find("crmsync.failures.still_failing")
			.tags("job", "dailyRetryJob", "code", "DACO-01")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();

		// when
		CliResult result = cli("daily-retry", "--now", "2026-11-20T12:00:00Z");

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(counter("crmsync.failures.resynced") - resyncedBefore).isEqualTo(1.0);
		assertThat(this.registry.get("crmsync.failures.still_failing")
			.tags("job", "dailyRetryJob", "code", "DACO-01")
			.counter()
			.count() - daco01Before).isEqualTo(1.0);
		assertThat(this.registry.get("crmsync.job.duration")
			.tags("job", "dailyRetryJob", "status", "COMPLETED")
			.timer()
			.count()).isPositive();
		assertThat(this.registry.find("spring.batch.item.read").meters()).isEmpty();
		assertThat(this.registry.find("spring.batch.item.process").meters()).isEmpty();
	}

	private double counter(String name) {
		var counter = this.registry.find(name).tag("job", "dailyRetryJob").counter();
		return (counter != null) ? counter.count() : 0;
	}

}
