package io.github.crmsync.crm;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a CRM call that meets transient trouble is retried ({@code crm.retry.*}):
 * exponential backoff with jitter.
 *
 * @param maxRetries retries after the first attempt
 * @param delay the first delay
 * @param multiplier the growth of each next delay
 * @param maxDelay the longest delay
 */
@ConfigurationProperties("crm.retry")
public record CrmRetrySettings(@DefaultValue("3") int maxRetries, @DefaultValue("1s") Duration delay,
		@DefaultValue("2") double multiplier, @DefaultValue("30s") Duration maxDelay) {

	public CrmRetrySettings {
		if (maxRetries < 0) {
			throw new IllegalArgumentException("crm.retry.max-retries must not be negative, not " + maxRetries);
		}
	}

}
