package io.github.crmsync;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The application run as a real child JVM (as in production: its own process, signals,
 * exit code) against the tests' shared database, with a slowed sandbox CRM so that a test
 * can act in the middle of a run.
 */
public final class ChildJvm {

	private final Process process;

	private final Path logs;

	private ChildJvm(Process process, Path logs) {
		this.process = process;
		this.logs = logs;
	}

	/** Starts {@code args}; each sandbox CRM call takes {@code crmDelay}. */
	public static ChildJvm launch(Path logs, Duration crmDelay, String... args) throws Exception {
		return launch(logs,
				Map.of("SPRING_DATASOURCE_URL", TestDatabase.sharedUrl(), "SPRING_DATASOURCE_USERNAME",
						TestDatabase.username(), "SPRING_DATASOURCE_PASSWORD", TestDatabase.password(),
						"CRM_SANDBOX_DELAY", crmDelay.toMillis() + "ms"),
				args);
	}

	/**
	 * Starts {@code args} with {@code environment} and nothing else of the tests' own
	 * database settings (without {@code SPRING_DATASOURCE_URL} it runs on the embedded
	 * default).
	 */
	public static ChildJvm launch(Path logs, Map<String, String> environment, String... args) throws Exception {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
						System.getProperty("java.class.path"), CrmSyncJobsApplication.class.getName()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.redirectOutput(logs.resolve("out.log").toFile())
			.redirectError(logs.resolve("err.log").toFile());
		builder.environment().keySet().removeIf((name) -> name.startsWith("SPRING_") || name.startsWith("CRM_"));
		builder.environment().putAll(environment);
		return new ChildJvm(builder.start(), logs);
	}

	public Process process() {
		return this.process;
	}

	/**
	 * Sends the process {@code signal} (TERM: what Kubernetes sends; INT: Ctrl-C at a
	 * terminal).
	 */
	public void signal(String signal) throws Exception {
		Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(this.process.pid())).inheritIO().start();
		if (kill.waitFor() != 0) {
			throw new IllegalStateException("kill -" + signal + " " + this.process.pid() + " failed");
		}
	}

	/** Waits (60 s at most) until the run has committed {@code chunks} chunks. */
	public void awaitCommittedChunks(JdbcClient jdbc, int chunks) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (Instant.now().isBefore(deadline) && this.process.isAlive()) {
			Long commits = jdbc.sql("select coalesce(max(commit_count), 0) from batch_step_execution")
				.query(Long.class)
				.single();
			if (commits >= chunks) {
				return;
			}
			Thread.sleep(50);
		}
		throw new AssertionError(
				"the child JVM committed no chunk in time (alive: " + this.process.isAlive() + "):\n" + out() + err());
	}

	public String out() throws Exception {
		return Files.readString(this.logs.resolve("out.log"));
	}

	public String err() throws Exception {
		return Files.readString(this.logs.resolve("err.log"));
	}

}
