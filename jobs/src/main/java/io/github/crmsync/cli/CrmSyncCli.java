package io.github.crmsync.cli;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;

import io.github.crmsync.cli.shared.WholeNumbers;
import io.github.crmsync.support.AnotherRunActiveException;
import io.github.crmsync.support.InvalidInputException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * Builds the command line and runs it. Exit codes: 0 success, 1 failure, 2 invalid input
 * (usage errors included), 3 another run is active.
 */
public final class CrmSyncCli {

	public static final int EXIT_OK = 0;

	public static final int EXIT_FAILED = 1;

	public static final int EXIT_INVALID_INPUT = 2;

	public static final int EXIT_ANOTHER_RUN_ACTIVE = 3;

	private CrmSyncCli() {
	}

	/**
	 * Whether the JVM is shutting down (SIGTERM): then the shutdown hook, not
	 * {@code System.exit}, ends it.
	 */
	public static boolean shuttingDown() {
		return GracefulShutdown.inProgress();
	}

	/**
	 * Runs {@code args} against {@code application}, started only if the command needs
	 * it.
	 */
	public static int execute(Class<?> application, String[] args) {
		// stdout carries the command's output alone: logs (Spring Boot's console logging,
		// plain or structured with
		// logging.structured.format.console) and anything else printed go to stderr
		PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
		System.setOut(System.err);
		PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
		Services services = Services.lazy(application);
		GracefulShutdown shutdown = GracefulShutdown.install(services);
		int exitCode = EXIT_FAILED;
		try {
			exitCode = commandLine(services, out, err).execute(args);
		}
		finally {
			services.close();
			out.flush();
			err.flush();
			shutdown.finished(exitCode);
		}
		return exitCode;
	}

	public static CommandLine commandLine(Services services, PrintWriter out, PrintWriter err) {
		CommandLine commandLine = new CommandLine(new CrmSyncCommand(), new ServicesFactory(services));
		// Every argument means what it says: picocli would read "@gmail.com" as the
		// arguments in a file gmail.com, if
		// the working directory has one (a search term, a Zuora ID). --ids-file is there
		// for files.
		commandLine.setExpandAtFiles(false);
		WholeNumbers.registerWith(commandLine);
		commandLine.setCaseInsensitiveEnumValuesAllowed(true);
		commandLine.setUsageHelpWidth(120);
		commandLine.setOut(out);
		commandLine.setErr(err);
		// picocli leaves the usage out when it can suggest a command ("Did you mean …");
		// every usage error prints it.
		commandLine.setParameterExceptionHandler((ex, args) -> {
			CommandLine cli = ex.getCommandLine();
			cli.getErr().println(cli.getColorScheme().errorText(ex.getMessage()));
			UnmatchedArgumentException.printSuggestions(ex, cli.getErr());
			cli.usage(cli.getErr(), cli.getColorScheme());
			return EXIT_INVALID_INPUT;
		});
		commandLine.setExecutionExceptionHandler((ex, cli, parseResult) -> {
			AnotherRunActiveException active = find(ex, AnotherRunActiveException.class);
			if (active != null) {
				cli.getErr().println(active.getMessage());
				return EXIT_ANOTHER_RUN_ACTIVE;
			}
			InvalidInputException invalid = find(ex, InvalidInputException.class);
			if (invalid != null) {
				cli.getErr().println("Invalid input: " + invalid.getMessage());
				return EXIT_INVALID_INPUT;
			}
			cli.getErr().println("Failed: " + describe(ex));
			return EXIT_FAILED;
		});
		return commandLine;
	}

	private static <T extends Throwable> @Nullable T find(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/**
	 * The message that helps: the first one thrown by this application's code (it names
	 * what to do), else the root cause's (Spring wraps start-up failures several levels
	 * deep).
	 */
	static String describe(Throwable ex) {
		Throwable root = ex;
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			StackTraceElement[] trace = cause.getStackTrace();
			if (cause != ex && trace.length > 0 && trace[0].getClassName().startsWith("io.github.crmsync")
					&& cause.getMessage() != null) {
				return cause.getMessage();
			}
			root = cause;
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getName();
	}

	/**
	 * Creates command objects, handing {@link Services} to the constructors that take it.
	 */
	private record ServicesFactory(Services services) implements IFactory {

		@Override
		public <K> K create(Class<K> type) throws Exception {
			for (Constructor<?> constructor : type.getDeclaredConstructors()) {
				if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == Services.class) {
					constructor.setAccessible(true);
					return type.cast(constructor.newInstance(this.services));
				}
			}
			return CommandLine.defaultFactory().create(type);
		}

	}

}
