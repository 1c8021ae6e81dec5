package io.github.crmsync.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.github.crmsync.PostgresIntegrationTests.CliResult;
import io.github.crmsync.failures.SyncFailureRepository;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The command line without a database: help, usage errors and checks that come before the
 * application starts. {@link Services} here records every request and fails it, so that a
 * test proves nothing was started.
 */
class CrmSyncCliTests {

	private final List<Class<?>> requested = new ArrayList<>();

	private final Services services = new Services() {

		@Override
		public <T> T get(Class<T> type) {
			CrmSyncCliTests.this.requested.add(type);
			throw new AssertionError("The command line asked for " + type.getName() + ": it must not start the "
					+ "application for this");
		}

	};

	@TempDir
	Path directory;

	@Test
	void rootHelpPrintsUsageWithEveryCommandToStdout() {
		// when
		CliResult result = run("--help");

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).startsWith("Usage: crm-sync-jobs")
			.contains("daily-retry", "retry", "purge", "import-records", "import-failures", "failures", "summary",
					"objects")
			.contains("Exit codes: 0 success, 1 failure (the job FAILED or STOPPED), 2 invalid input");
		assertThat(result.err()).isEmpty();
		assertThat(this.requested).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "daily-retry", "retry", "purge", "import-records", "import-failures", "failures",
			"summary", "objects" })
	void everyCommandPrintsItsHelpToStdout(String command) {
		// when
		CliResult result = run(command, "--help");

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).startsWith("Usage: crm-sync-jobs " + command + " ").contains("-h, --help");
		assertThat(result.err()).isEmpty();
		assertThat(this.requested).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "daily-retry", "retry", "purge", "history", "history prune", "execution", "stop",
			"restart", "recover", "abandon", "enable", "disable", "settings", "settings set", "failures",
			"failures show", "import-records", "import-failures", "summary", "objects" })
	void everyCommandsHelpListsItsExitCodes(String command) {
		// when
		List<String> args = new ArrayList<>(List.of(command.split(" ")));
		args.add("--help");
		CliResult result = run(args.toArray(String[]::new));

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("Exit codes: 0 ").contains(" 2 ");
		assertThat(this.requested).isEmpty();
	}

	@Test
	void purgesHelpSaysItArchives() {
		// when
		CliResult result = run("purge", "--help");

		// then
		assertThat(result.out()).contains("Archives the failures you select").doesNotContain("Deletes");
	}

	@Test
	void versionPrintsTheApplicationName() {
		// when
		CliResult result = run("--version");

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).startsWith("crm-sync-jobs ");
		assertThat(this.requested).isEmpty();
	}

	@Test
	void generateCompletionPrintsAShellCompletionScriptOfEveryCommand() {
		// when
		CliResult result = run("generate-completion");

		// then
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("complete -F")
			.contains("crm-sync-jobs")
			.contains("daily-retry")
			.contains("prune")
			.contains("--chunk-size");
		assertThat(this.requested).isEmpty();
	}

	@Test
	void everyCommandTakesVerbose() {
		// when
		CliResult root = run("--help");
		CliResult summary = run("summary", "--help");

		// then
		assertThat(root.out()).contains("--verbose");
		assertThat(summary.out()).contains("--verbose");
		assertThat(root.out()).contains("generate-completion");
	}

	@Test
	void theCommandLineOfOneCommandHoldsThatCommandAloneAndStillReadsOnlyTheDigitsZeroToNine() {
		// when
		CommandLine summary = lean("--verbose", "summary");
		CommandLine version = lean("--version");
		CommandLine help = lean("--help");
		CommandLine unknown = lean("retry-everything");
		StringWriter err = new StringWriter();
		int stop = CrmSyncCli
			.commandLine(this.services, new PrintWriter(new StringWriter()), new PrintWriter(err, true),
					new String[] { "stop", "\u0661\u0662" })
			.execute("stop", "\u0661\u0662");

		// then
		assertThat(summary.getSubcommands()).containsOnlyKeys("summary");
		assertThat(version.getSubcommands()).isEmpty();
		assertThat(help.getSubcommands()).containsKeys("daily-retry", "history", "import-failures");
		assertThat(unknown.getSubcommands()).hasSameSizeAs(help.getSubcommands());
		assertThat(help.getSubcommands().get("daily-retry").getCommandSpec().options())
			.extracting((option) -> option.longestName())
			.containsExactly("--verbose");
		assertThat(stop).isEqualTo(2);
		assertThat(err.toString()).contains("is not a whole number in the digits 0-9");
		assertThat(this.requested).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "--help", "retry-everything", "--verbose" })
	void theOutlinesOfTheCommandsPrintWhatTheWholeCommandsPrint(String arg) {
		// given
		StringWriter leanOut = new StringWriter();
		StringWriter leanErr = new StringWriter();

		// when
		int leanExit = CrmSyncCli
			.commandLine(this.services, new PrintWriter(leanOut, true), new PrintWriter(leanErr, true),
					new String[] { arg })
			.execute(arg);
		CliResult whole = run(arg);

		// then
		assertThat(leanExit).isEqualTo(whole.exitCode());
		assertThat(leanOut.toString()).isEqualTo(whole.out());
		assertThat(leanErr.toString()).isEqualTo(whole.err());
	}

	private CommandLine lean(String... args) {
		return CrmSyncCli.commandLine(this.services, new PrintWriter(new StringWriter()),
				new PrintWriter(new StringWriter()), args);
	}

	@Test
	void noCommandIsAUsageError() {
		// when
		CliResult result = run();

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("Missing command: name one of daily-retry, retry, purge, history, execution")
			.contains("Usage: crm-sync-jobs");
		assertThat(result.out()).isEmpty();
		assertThat(this.requested).isEmpty();
	}

	@Test
	void anUnknownCommandPrintsUsageToStderr() {
		// when
		CliResult result = run("retry-everything");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("Unmatched argument at index 0: 'retry-everything'")
			.contains("Did you mean")
			.containsOnlyOnce("Usage: crm-sync-jobs");
		assertThat(result.out()).isEmpty();
		assertThat(this.requested).isEmpty();
	}

	@Test
	void anUnknownOptionPrintsTheCommandsUsageToStderr() {
		// when
		CliResult result = run("failures", "--colour");

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("Unknown option: '--colour'")
			.containsOnlyOnce("Usage: crm-sync-jobs failures");
		assertThat(result.out()).isEmpty();
		assertThat(this.requested).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "import-records", "import-failures" })
	void anImportWithoutFileIsAUsageError(String command) {
		// when
		CliResult result = run(command);

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("Missing required option: '--file=")
			.contains("Usage: crm-sync-jobs " + command);
		assertThat(result.out()).isEmpty();
		assertThat(this.requested).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "import-records", "import-failures" })
	void anImportOfAFileThatIsNotThereStartsNothing(String command) {
		// given
		Path missing = this.directory.resolve("missing.txt");

		// when
		CliResult result = run(command, "--file", missing.toString());

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).isEqualTo("Invalid input: File not found: " + missing + System.lineSeparator());
		assertThat(result.out()).isEmpty();
		assertThat(this.requested).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "import-records", "import-failures" })
	void anImportOfADirectoryStartsNothing(String command) {
		// when
		CliResult result = run(command, "--file", this.directory.toString());

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("is not a readable file");
		assertThat(this.requested).isEmpty();
	}

	@Test
	void anArgumentStartingWithAnAtSignIsNotReadAsAFileOfArguments() throws Exception {
		// given: picocli's argument files would turn "@file" into the arguments the file
		// holds
		Path file = Files.writeString(this.directory.resolve("arguments"), "--help\n");

		// when
		CliResult result = run("@" + file);

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("Unmatched argument at index 0: '@" + file + "'");
		assertThat(result.out()).isEmpty();
		assertThat(this.requested).isEmpty();
	}

	static Stream<Arguments> numbersInOtherDigits() {
		return Stream.of(
				// Arabic-Indic, fullwidth and Devanagari digits: Long.valueOf reads each
				// as 12
				arguments((Object) new String[] { "stop", "\u0661\u0662" }),
				arguments((Object) new String[] { "execution", "\uFF11\uFF12" }),
				arguments((Object) new String[] { "restart", "\u0967\u0968" }),
				arguments((Object) new String[] { "failures", "--limit", "\u0661\u0662" }),
				arguments((Object) new String[] { "history", "--limit", "\uFF11\uFF12" }),
				arguments((Object) new String[] { "daily-retry", "--chunk-size", "\u0661\u0662" }),
				arguments((Object) new String[] { "retry", "--all", "--chunk-size", "\uFF11\uFF12" }),
				arguments((Object) new String[] { "purge", "--restore", "--execution", "\u0661\u0662" }));
	}

	@ParameterizedTest
	@MethodSource("numbersInOtherDigits")
	void takesNumbersOnlyInTheDigitsZeroToNine(String[] args) {
		// when
		CliResult result = run(args);

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("'" + args[args.length - 1] + "' is not a whole number in the digits 0-9");
		assertThat(this.requested).isEmpty();
	}

	@Test
	void aBadOptionValueStartsNothing() {
		// when
		CliResult limit = run("failures", "--limit", "0");
		CliResult code = run("failures", "--error-code", "DACO-7");
		CliResult format = run("summary", "--format", "csv");

		// then
		assertThat(List.of(limit.exitCode(), code.exitCode(), format.exitCode())).containsOnly(2);
		assertThat(limit.err()).contains("--limit must be at least 1, not 0");
		assertThat(code.err()).contains("unknown error code 'DACO-7'");
		assertThat(format.err()).contains("'csv'");
		assertThat(this.requested).isEmpty();
	}

	@Test
	void aCommandThatNeedsTheApplicationAsksServicesForIt() {
		// when
		ThrowableAssert.ThrowingCallable summary = () -> run("summary");

		// then
		assertThatExceptionOfType(AssertionError.class).isThrownBy(summary)
			.withMessageContaining(SyncFailureRepository.class.getName());
		assertThat(this.requested).containsExactly(SyncFailureRepository.class);
	}

	private CliResult run(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = CrmSyncCli.commandLine(this.services, new PrintWriter(out, true), new PrintWriter(err, true))
			.execute(args);
		return new CliResult(exitCode, out.toString(), err.toString());
	}

}
