package io.github.crmsync.embedded;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded database ({@code crm-sync.embedded.*}).
 *
 * @param dataDirectory where the embedded PostgreSQL keeps its data (kept between runs)
 * @param port the port it listens on (0: any free port)
 * @param demoData whether a newly created database is seeded with the demo data set
 * @param enabled whether the embedded database may start where no URL is set (profiles
 * postgres and kubernetes say no: a missing URL is then an error)
 */
@ConfigurationProperties("crm-sync.embedded")
public record EmbeddedDatabaseProperties(Path dataDirectory, @DefaultValue("0") int port,
		@DefaultValue("true") boolean demoData, @DefaultValue("true") boolean enabled) {

	public EmbeddedDatabaseProperties {
		if (dataDirectory == null) {
			dataDirectory = Path.of(System.getProperty("user.home"), ".crm-sync-jobs", "postgres");
		}
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("crm-sync.embedded.port must be between 0 and 65535, not " + port);
		}
	}

}
