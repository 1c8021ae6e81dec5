package io.github.crmsync.support;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The jobs' metrics, recorded once per run (not per item): counters
 * {@code crmsync.<name>} tagged with the job (and more), and the run's duration as the
 * timer {@code crmsync.job.duration} tagged with job and status. They leave the process
 * only where an exporter is configured (README, "Metrics").
 */
@Component
public class JobMetrics {

	private final MeterRegistry registry;

	JobMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Adds {@code amount} to counter {@code crmsync.<name>}; {@code tags} are name/value
	 * pairs.
	 */
	public void count(String job, String name, long amount, String... tags) {
		Counter.builder("crmsync." + name).tag("job", job).tags(tags).register(this.registry).increment(amount);
	}

	public void duration(String job, String status, Duration duration) {
		Timer.builder("crmsync.job.duration")
			.tag("job", job)
			.tag("status", status)
			.register(this.registry)
			.record(duration);
	}

}
