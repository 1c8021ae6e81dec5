package io.github.crmsync.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.ZoneOffset;
import java.util.TimeZone;

import io.github.crmsync.CrmSyncJobsApplication;

/**
 * The training run of the CDS archive that {@code bin/crm-sync-jobs} starts the JVM with
 * ({@code -XX:ArchiveClassesAtExit}, Spring Boot's class data sharing): the JVM keeps
 * every class this run loaded, parsed and verified, so that a start loads them from the
 * archive instead, which more than halved a database command's start-up. It goes through
 * what users run: the usage help, a usage error and {@code --version} (picocli's classes,
 * without the application), then a daily retry, which starts the application with its
 * database, its job repository and a job. The launcher runs it on a scratch embedded
 * database of its own (no server needed, nothing of the user's touched).
 */
final class CdsTraining {

	private CdsTraining() {
	}

	public static void main(String[] args) {
		TimeZone.setDefault(TimeZone.getTimeZone(ZoneOffset.UTC));
		PrintWriter sink = new PrintWriter(Writer.nullWriter());
		Services none = new Services() {

			@Override
			public <T> T get(Class<T> type) {
				throw new IllegalStateException("not started for parsing");
			}

		};
		for (String[] parsing : new String[][] { { "--help" }, { "daily-retry", "--help" }, { "no-such-command" },
				{ "--version" } }) {
			CrmSyncCli.commandLine(none, sink, sink, parsing).execute(parsing);
		}
		System.exit(CrmSyncCli.execute(CrmSyncJobsApplication.class, new String[] { "daily-retry" }));
	}

}
