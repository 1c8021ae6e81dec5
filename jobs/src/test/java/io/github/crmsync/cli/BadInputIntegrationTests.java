package io.github.crmsync.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Stream;

import io.github.crmsync.PostgresIntegrationTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Hostile and absurd input to every command that takes some: SQL-injection text, numbers
 * and durations out of any sensible range, unicode, NUL characters, huge lines. Each is
 * refused with a message and exit 2, or (a search term, say) accepted as the plain text
 * it is; either way no stack trace is printed and the failure list, the selections, the
 * archive, the sandbox CRM and the job repository are as they were. The imports'
 * malformed files (unbalanced quotes, wrong encoding, NUL bytes, malformed JSON) are
 * covered by their own tests; the sizes are here.
 */
@Tag("faults")
class BadInputIntegrationTests extends PostgresIntegrationTests {

	static final Instant RECENT = Instant.now().truncatedTo(ChronoUnit.MICROS).minus(Duration.ofDays(2));

	static final String DROP = "x'; drop table sync_failure; --";

	static final String OR_TRUE = "%' or '1'='1";

	@TempDir
	Path directory;

	private Map<String, Object> before;

	@BeforeEach
	void listAFailureAndRunAJob() {
		record("Account", "A1", null, "A1", "0010000000000A1", "{}");
		record("Invoice", "INV-1", "A1", "A1", null, "{}");
		failure("Invoice", "INV-1", "DACO-01", "boom", RECENT, RECENT);
		failure("Invoice", "INV-2", "DACO-99", "bang", RECENT, RECENT);
		assertThat(cli("purge", "--ids", "INV-2").exitCode()).isZero();
		this.before = snapshot();
	}

	static Stream<Arguments> refusedArguments() {
		return Stream.of(
				// filters
				arguments((Object) new String[] { "failures", "--object-type", DROP }),
				arguments((Object) new String[] { "failures", "--error-code", OR_TRUE }),
				arguments((Object) new String[] { "failures", "--limit", "-1" }),
				arguments((Object) new String[] { "failures", "--since", "P99999999D" }),
				arguments((Object) new String[] { "failures", "--until", DROP }),
				arguments((Object) new String[] { "failures", "--object-type", "Ïnvoice✓" }),
				arguments((Object) new String[] { "failures", "--object-type", "Invoice\u0000" }),
				// retry and purge
				arguments((Object) new String[] { "retry", "--ids", DROP }),
				arguments((Object) new String[] { "retry", "--ids", "INV-1\u0000" }),
				arguments((Object) new String[] { "retry", "--object-type", "Invoice' or '1'='1" }),
				arguments((Object) new String[] { "retry", "--all", "--error-code", DROP }),
				arguments((Object) new String[] { "retry", "--all", "--chunk-size", "-1" }),
				arguments((Object) new String[] { "retry", "--all", "--chunk-size", "99999999999999999999" }),
				arguments((Object) new String[] { "purge", "--ids", OR_TRUE }),
				arguments((Object) new String[] { "purge", "--older-than", "P99999999D" }),
				arguments((Object) new String[] { "purge", "--older-than", "PT-1S" }),
				arguments((Object) new String[] { "purge", "--older-than", DROP }),
				arguments((Object) new String[] { "purge", "--restore", "--execution", "-5" }),
				arguments((Object) new String[] { "purge", "--restore", "--execution", "99999999999999999999" }),
				// history and job control
				arguments((Object) new String[] { "history", "--status", DROP }),
				arguments((Object) new String[] { "history", "--limit", "99999999999999" }),
				arguments((Object) new String[] { "history", "--since", OR_TRUE }),
				arguments((Object) new String[] { "history", "prune", "--older-than", "PT-1S" }),
				arguments((Object) new String[] { "execution", "-5" }),
				arguments((Object) new String[] { "execution", "99999999999999999999" }),
				arguments((Object) new String[] { "execution", "1; drop table batch_job_execution" }),
				arguments((Object) new String[] { "stop", "-5" }),
				arguments((Object) new String[] { "restart", "99999999999999999999" }),
				arguments((Object) new String[] { "recover", DROP }),
				arguments((Object) new String[] { "abandon", "0" }),
				// catalog, settings, daily retry
				arguments((Object) new String[] { "enable", DROP }),
				arguments((Object) new String[] { "disable", "Invoice\u0000" }),
				arguments((Object) new String[] { "settings", "set", "zuora-quotes-installed", OR_TRUE }),
				arguments((Object) new String[] { "settings", "set", DROP, "true" }),
				arguments((Object) new String[] { "daily-retry", "--now", "P99999999D" }),
				arguments((Object) new String[] { "daily-retry", "--now", "+999999999-12-31T23:59:59Z" }),
				arguments((Object) new String[] { "daily-retry", "--now", "2099-01-01T11:30:00Z" }),
				arguments((Object) new String[] { "daily-retry", "--chunk-size", "-1" }),
				arguments((Object) new String[] { "failures", "show", "INV-1", "--object-type", DROP }));
	}

	@ParameterizedTest
	@MethodSource("refusedArguments")
	void refusesHostileOrAbsurdArgumentsWithExit2AndChangesNothing(String[] args) {
		// when
		CliResult result = cli(args);

		// then
		assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
		assertThat(result.err()).isNotBlank().doesNotContain("\tat ");
		assertThat(snapshot()).isEqualTo(this.before);
	}

	static Stream<Arguments> acceptedArguments() {
		return Stream.of(
				// a search term is plain text: it matches no row, whatever SQL it spells
				arguments((Object) new String[] { "failures", "--search", DROP, "--format", "csv" }),
				arguments((Object) new String[] { "failures", "--search", OR_TRUE, "--format", "csv" }),
				arguments((Object) new String[] { "failures", "--search", "日本語 🙂", "--format", "csv" }),
				arguments((Object) new String[] { "failures", "--search", "_", "--format", "csv" }),
				arguments((Object) new String[] { "failures", "--search", "\\", "--format", "csv" }),
				// "at most N" and "older than D" are bounds: a huge one means "all" or
				// "none", harmlessly
				arguments((Object) new String[] { "failures", "--object-type", "Payment", "--limit", "99999999999999",
						"--format", "csv" }),
				arguments((Object) new String[] { "history", "prune", "--older-than", "P99999999D" }));
	}

	@ParameterizedTest
	@MethodSource("acceptedArguments")
	void takesLegitimateButOddArgumentsAsWhatTheySayAndChangesNothing(String[] args) {
		// when
		CliResult result = cli(args);

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		if (args[0].equals("failures")) {
			assertThat(result.out().lines()).as("the CSV header alone").hasSize(1);
		}
		assertThat(snapshot()).isEqualTo(this.before);
	}

	@Test
	void refusesASearchTermWithANulCharacter() {
		// when
		CliResult result = cli("failures", "--search", "bo\u0000om");

		// then
		assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
		assertThat(result.err()).doesNotContain("\tat ");
		assertThat(snapshot()).isEqualTo(this.before);
	}

	@Test
	void importsATenMegabyteErrorMessageWhole() throws IOException {
		// given: the schema's text is unbounded and the import streams, so a huge message
		// is kept as it is
		String message = "é".repeat(5 * 1024 * 1024);
		Path file = write("zuora_id,object_type,error_code,error_message,sync_date\nINV-9,Invoice,DACO-99,\"" + message
				+ "\",2026-11-20T11:30:00Z\n");

		// when
		CliResult result = cli("import-failures", "--file", file.toString());

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(this.jdbc.sql("select length(error_message) from sync_failure where zuora_id = 'INV-9'")
			.query(Integer.class)
			.single()).isEqualTo(message.length());
	}

	@Test
	void importsAHugeJsonLine() throws IOException {
		// given
		String note = "x".repeat(10 * 1024 * 1024);
		Path file = write("{\"objectType\":\"Invoice\",\"zuoraId\":\"INV-9\",\"parentId\":\"A1\",\"accountId\":\"A1\","
				+ "\"fields\":{\"Note\":\"" + note + "\"}}\n");

		// when
		CliResult result = cli("import-records", "--file", file.toString());

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(this.jdbc.sql("select length(fields ->> 'Note') from source_record where zuora_id = 'INV-9'")
			.query(Integer.class)
			.single()).isEqualTo(note.length());
	}

	@Test
	void refusesAJsonLineThatIsNotJsonAtAllAfterAHugeOne() throws IOException {
		// given
		Path file = write("{\"objectType\":\"Invoice\",\"zuoraId\":\"INV-9\",\"parentId\":\"A1\",\"accountId\":\"A1\","
				+ "\"fields\":{\"Note\":\"" + "x".repeat(1024 * 1024) + "\"}}\n{\"objectType\":\"Invoice\",\"zuo\n");

		// when
		CliResult result = cli("import-records", "--file", file.toString());

		// then
		assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
		assertThat(result.err()).contains("line 2").doesNotContain("\tat ");
		assertThat(snapshot()).isEqualTo(this.before);
	}

	private Path write(String content) throws IOException {
		return Files.write(this.directory.resolve("input"), content.getBytes(StandardCharsets.UTF_8));
	}

}
