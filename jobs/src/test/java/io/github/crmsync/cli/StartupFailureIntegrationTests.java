package io.github.crmsync.cli;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.crmsync.ChildJvm;
import io.github.crmsync.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start that fails, in a real child JVM as a user runs it: one line on stderr that
 * names what to fix (for the database its URL, never a password, and the cause), exit 1,
 * and the stack trace only with {@code --verbose}.
 */
@Tag("faults")
class StartupFailureIntegrationTests {

	private static final String PASSWORD = "hunter2-never-shown";

	@TempDir
	Path logs;

	@Test
	void anUnreachableDatabaseIsOneLineNamingItsUrlWithoutThePasswordAndTheCause() throws Exception {
		// given: a server URL with nothing listening, a password in the URL and in the
		// environment
		String url = "jdbc:postgresql://127.0.0.1:" + freePort() + "/crm";

		// when
		ChildJvm run = run(Map.of("SPRING_DATASOURCE_URL", url + "?password=" + PASSWORD + "&ssl=false",
				"SPRING_DATASOURCE_USERNAME", "crm", "SPRING_DATASOURCE_PASSWORD", PASSWORD), "summary");

		// then
		assertOneLine(run).contains("Cannot connect to the database " + url + "?ssl=false as crm").contains("refused");
	}

	@Test
	void aLoginTheServerRefusesIsOneLineNamingTheUrlAndTheServersAnswer() throws Exception {
		// when
		ChildJvm run = run(Map.of("SPRING_DATASOURCE_URL", TestDatabase.sharedUrl(), "SPRING_DATASOURCE_USERNAME",
				"no_such_role", "SPRING_DATASOURCE_PASSWORD", PASSWORD), "summary");

		// then
		assertOneLine(run).contains("Cannot connect to the database " + TestDatabase.sharedUrl() + " as no_such_role")
			.contains("no_such_role");
	}

	@Test
	void anEmbeddedDatabaseThatCannotStartIsOneLineNamingItsDirectory() throws Exception {
		// given: a data directory that cannot be created
		Path file = Files.writeString(this.logs.resolve("a-file"), "");

		// when
		ChildJvm run = run(Map.of("CRM_SYNC_EMBEDDED_DATA_DIRECTORY", file.resolve("postgres").toString()), "summary");

		// then
		assertOneLine(run).contains("Cannot start the embedded PostgreSQL in " + file.resolve("postgres"));
	}

	@Test
	void aBadSettingValueIsOneLineNamingTheSetting() throws Exception {
		// when
		ChildJvm zero = run(database(Map.of("CRM_SYNC_DAILY_RETRY_CHUNK_SIZE", "0")), "summary");
		ChildJvm text = run(database(Map.of("CRM_SYNC_DAILY_RETRY_CHUNK_SIZE", "many")), "summary");

		// then
		assertOneLine(zero).contains("crm-sync.daily-retry.chunk-size must be at least 1, not 0");
		assertOneLine(text).contains("crm-sync.daily-retry.chunk-size = 'many'")
			.contains("CRM_SYNC_DAILY_RETRY_CHUNK_SIZE");
	}

	@Test
	void missingSalesforceSettingsAreOneLineNamingEachVariable() throws Exception {
		// when
		ChildJvm run = run(database(Map.of("CRM_TARGET", "salesforce")), "summary");

		// then
		assertOneLine(run).contains("CRM_SALESFORCE_LOGIN_URL")
			.contains("CRM_SALESFORCE_CLIENT_ID")
			.contains("CRM_SALESFORCE_CLIENT_SECRET");
	}

	@Test
	void verboseAddsTheStackTraceAfterTheLine() throws Exception {
		// given
		String url = "jdbc:postgresql://127.0.0.1:" + freePort() + "/crm";

		// when
		ChildJvm root = run(Map.of("SPRING_DATASOURCE_URL", url, "SPRING_DATASOURCE_PASSWORD", PASSWORD), "--verbose",
				"summary");
		ChildJvm command = run(Map.of("SPRING_DATASOURCE_URL", url, "SPRING_DATASOURCE_PASSWORD", PASSWORD), "summary",
				"--verbose");

		// then
		for (ChildJvm run : List.of(root, command)) {
			assertThat(run.process().exitValue()).as(run.err()).isEqualTo(1);
			assertThat(run.err()).startsWith("Failed: Cannot connect to the database " + url)
				.contains("\tat ")
				.contains("Caused by: ")
				.doesNotContain(PASSWORD);
		}
	}

	private ChildJvm run(Map<String, String> environment, String... args) throws Exception {
		ChildJvm run = ChildJvm.launch(Files.createTempDirectory(this.logs, "run"), environment, args);
		assertThat(run.process().waitFor(120, TimeUnit.SECONDS)).isTrue();
		return run;
	}

	private static Map<String, String> database(Map<String, String> more) {
		Map<String, String> environment = new HashMap<>(
				Map.of("SPRING_DATASOURCE_URL", TestDatabase.sharedUrl(), "SPRING_DATASOURCE_USERNAME",
						TestDatabase.username(), "SPRING_DATASOURCE_PASSWORD", TestDatabase.password()));
		environment.putAll(more);
		return environment;
	}

	private static org.assertj.core.api.AbstractStringAssert<?> assertOneLine(ChildJvm run) throws Exception {
		assertThat(run.process().exitValue()).as(run.err()).isEqualTo(1);
		assertThat(run.out()).isEmpty();
		List<String> lines = run.err().lines().filter((line) -> !line.isBlank()).toList();
		assertThat(lines).as(run.err()).hasSize(1);
		assertThat(run.err()).doesNotContain(PASSWORD).doesNotContain("\tat ");
		return assertThat(lines.get(0)).startsWith("Failed: ");
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
