package io.github.crmsync;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.TimeZone;

import io.github.crmsync.cli.CrmSyncCli;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The crm-sync-jobs application. {@code main} parses the command line first and starts
 * Spring (and with it the database) only for a command that needs it, so that
 * {@code --help} and usage errors are instant and never touch, or create, a database. The
 * process exit code is the command's outcome.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CrmSyncJobsApplication {

	public static void main(String[] args) {
		// Spring Batch writes LocalDateTime.now() into the job repository: in UTC, its
		// times mean the same on every
		// host, and the history can show them as instants.
		TimeZone.setDefault(TimeZone.getTimeZone(ZoneOffset.UTC));
		int exitCode = CrmSyncCli.execute(CrmSyncJobsApplication.class, args);
		if (!CrmSyncCli.shuttingDown()) {
			System.exit(exitCode);
		}
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
