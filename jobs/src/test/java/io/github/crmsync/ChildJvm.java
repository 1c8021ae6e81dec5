package io.github.crmsync;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The application run as a real child JVM (as in production: its own process, signals, exit code) against the
 * tests' shared database, with a slowed sandbox CRM so that a test can act in the middle of a run.
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
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-cp", System.getProperty("java.class.path"), CrmSyncJobsApplication.class.getName()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.redirectOutput(logs.resolve("out.log").toFile())
			.redirectError(logs.resolve("err.log").toFile());
		builder.environment().put("SPRING_DATASOURCE_URL", TestDatabase.sharedUrl());
		builder.environment().put("SPRING_DATASOURCE_USERNAME", TestDatabase.username());
		builder.environment().put("SPRING_DATASOURCE_PASSWORD", TestDatabase.password());
		builder.environment().put("CRM_SANDBOX_DELAY", crmDelay.toMillis() + "ms");
		return new ChildJvm(builder.start(), logs);
	}

	public Process process() {
		return this.process;
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
		throw new AssertionError("the child JVM committed no chunk in time (alive: " + this.process.isAlive()
				+ "):\n" + out() + err());
	}

	public String out() throws Exception {
		return Files.readString(this.logs.resolve("out.log"));
	}

	public String err() throws Exception {
		return Files.readString(this.logs.resolve("err.log"));
	}

}
