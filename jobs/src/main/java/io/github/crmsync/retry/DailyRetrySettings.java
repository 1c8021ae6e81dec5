package io.github.crmsync.retry;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the daily retry ({@code crm-sync.daily-retry.*}).
 *
 * @param schedule the times of day (UTC) of the slots a run belongs to
 * @param window how far before its slot a failure may have first failed to be retried
 * @param chunkSize failures per chunk (one transaction each)
 */
@ConfigurationProperties("crm-sync.daily-retry")
public record DailyRetrySettings(@DefaultValue( {
		"11:30", "23:30" }) List<LocalTime> schedule, @DefaultValue("7d") Duration window,
		@DefaultValue("50000") int chunkSize){

	public DailyRetrySettings {
		if (schedule.isEmpty()) {
			throw new IllegalArgumentException("crm-sync.daily-retry.schedule needs at least one time of day");
		}
		if (window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("crm-sync.daily-retry.window must be positive, not " + window);
		}
		if (chunkSize < 1) {
			throw new IllegalArgumentException("crm-sync.daily-retry.chunk-size must be at least 1, not " + chunkSize);
		}
		schedule = schedule.stream().sorted().distinct().toList();
	}

}
