package io.github.crmsync.cli;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.github.crmsync.cli.shared.WholeNumbers;
import io.github.crmsync.support.AnotherRunActiveException;
import io.github.crmsync.support.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
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
			exitCode = commandLine(services, out, err, args).execute(args);
		}
		finally {
			services.close();
			out.flush();
			err.flush();
			shutdown.finished(exitCode);
		}
		return exitCode;
	}

	/** The command line with every command. */
	public static CommandLine commandLine(Services services, PrintWriter out, PrintWriter err) {
		return commandLine(services, out, err, null);
	}

	/**
	 * The command line for {@code args}, with what it needs of the commands: picocli
	 * builds each command's model by reflection, and all of them cost 0.4 s of a start.
	 * Where {@code args} name a command, that command alone; for {@code --version}, none;
	 * for the usage help, a usage error or no command, an outline of each (its name and
	 * description: enough to list them and to suggest one, and none of them runs);
	 * {@code generate-completion} and {@code args == null} get every command whole.
	 */
	static CommandLine commandLine(Services services, PrintWriter out, PrintWriter err, String @Nullable [] args) {
		ServicesFactory factory = new ServicesFactory(services);
		CommandLine commandLine = new CommandLine(new CrmSyncCommand(), factory);
		List<String> named = (args != null) ? Arrays.stream(args).filter((arg) -> !arg.equals("--verbose")).toList()
				: null;
		String first = (named != null && !named.isEmpty()) ? named.get(0) : null;
		if (named == null || CrmSyncCommand.GENERATE_COMPLETION.equals(first)) {
			CrmSyncCommand.COMMANDS
				.forEach((name, type) -> commandLine.addSubcommand(name, new CommandLine(type, factory)));
		}
		else if (CrmSyncCommand.COMMANDS.containsKey(first)) {
			commandLine.addSubcommand(first, new CommandLine(CrmSyncCommand.COMMANDS.get(first), factory));
		}
		else if (!named.equals(List.of("--version")) && !named.equals(List.of("-V"))) {
			CrmSyncCommand.COMMANDS.forEach((name, type) -> commandLine.addSubcommand(name, outline(type)));
		}
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
		Handlers handlers = new Handlers();
		commandLine.setParameterExceptionHandler(handlers);
		commandLine.setExecutionExceptionHandler(handlers);
		return commandLine;
	}

	/** A command's name and description, without the model of its options. */
	private static CommandLine outline(Class<?> type) {
		Command command = type.getAnnotation(Command.class);
		CommandSpec spec = CommandSpec.create().name(command.name()).aliases(command.aliases());
		spec.usageMessage().description(command.description()).header(command.header()).hidden(command.hidden());
		return new CommandLine(spec);
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
	 * Whether the user asked for stack traces: {@code --verbose} (on the root command or
	 * after the command's name), or debug logs.
	 */
	static boolean verbose(ParseResult parseResult, Throwable ex) {
		for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
			if (result.hasMatchedOption("--verbose")) {
				return true;
			}
		}
		StartupFailure startup = find(ex, StartupFailure.class);
		return (startup != null) ? startup.debug() : LoggerFactory.getLogger(CrmSyncCli.class).isDebugEnabled();
	}

	/**
	 * What a usage error and a failure print. A class, not lambdas: picocli is compiled
	 * for Java 5, and the JDK 17 CDS archiver crashes on a lambda implementing an
	 * interface that old (JDK-8274944), which would stop bin/crm-sync-jobs from creating
	 * its archive.
	 */
	private static final class Handlers implements IParameterExceptionHandler, IExecutionExceptionHandler {

		/**
		 * picocli leaves the usage out when it can suggest a command ("Did you mean …");
		 * every usage error prints it.
		 */
		@Override
		public int handleParseException(ParameterException ex, String[] args) {
			CommandLine cli = ex.getCommandLine();
			cli.getErr().println(cli.getColorScheme().errorText(ex.getMessage()));
			UnmatchedArgumentException.printSuggestions(ex, cli.getErr());
			cli.usage(cli.getErr(), cli.getColorScheme());
			return EXIT_INVALID_INPUT;
		}

		/**
		 * One line for whatever went wrong (a start-up failure too: the URL of the
		 * database that cannot be reached, never its password); the stack trace only when
		 * asked for.
		 */
		@Override
		public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parseResult) {
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
			StartupFailure startup = find(ex, StartupFailure.class);
			cli.getErr().println("Failed: " + ((startup != null) ? startup.getMessage() : describe(ex)));
			if (verbose(parseResult, ex)) {
				Throwable cause = (startup != null) ? startup.getCause() : null;
				((cause != null) ? cause : ex).printStackTrace(cli.getErr());
			}
			cli.getErr().flush();
			return EXIT_FAILED;
		}

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
