package io.github.crmsync.purge;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the purge ({@code crm-sync.purge.*}).
 *
 * @param archiveRetention how long purged failures stay restorable in
 * {@code sync_failure_archive}
 * @param chunkSize failures per chunk (one transaction each)
 */
@ConfigurationProperties("crm-sync.purge")
public record PurgeSettings(@DefaultValue("30d") Duration archiveRetention, @DefaultValue("50000") int chunkSize) {

	public PurgeSettings {
		if (archiveRetention.isNegative()) {
			throw new IllegalArgumentException("crm-sync.purge.archive-retention must not be negative");
		}
		if (chunkSize < 1) {
			throw new IllegalArgumentException("crm-sync.purge.chunk-size must be at least 1, not " + chunkSize);
		}
	}

}
