package io.github.crmsync.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.github.crmsync.PostgresIntegrationTests;
import io.github.crmsync.support.StepProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Progress on long work when stderr is not a terminal (as here): one log line when the
 * work starts, with its total counted before the first chunk, and one per chunk after it,
 * for {@code daily-retry}, {@code retry}, {@code purge}, {@code restart} and the imports;
 * {@code --quiet} silences it and leaves the report as it is.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProgressIntegrationTests extends PostgresIntegrationTests {

	static final String NOW = "2026-11-20T12:00:00Z";

	static final Instant IN_WINDOW = Instant.parse("2026-11-18T11:30:00Z");

	@TempDir
	Path directory;

	@Test
	void retryLogsItsTotalThenOneLinePerChunk(CapturedOutput output) {
		// given
		invoicesFailing(5);

		// when
		CliResult result = cli("retry", "--all", "--chunk-size", "2");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(progressLines(output)).hasSize(4)
			.satisfiesExactly((line) -> assertThat(line).endsWith("retryStep: 5 failures to go"),
					(line) -> assertThat(line).contains("retryStep: 2 of 5 failures (40%), ").endsWith(" left"),
					(line) -> assertThat(line).contains("retryStep: 4 of 5 failures (80%), "),
					(line) -> assertThat(line).contains("retryStep: 5 of 5 failures (100%), ").doesNotContain("left"));
		assertThat(savedTotals()).containsExactly(5L);
	}

	@Test
	void theDailyRetrysTotalIsWhatItsWindowSelects(CapturedOutput output) {
		// given: three failures in the window, one of them of each kind the window leaves
		// out
		invoicesFailing(3);
		failure("Invoice", "MISSING-CRM-ID", "DACO-02", "x", IN_WINDOW, IN_WINDOW);
		failure("Invoice", "TOO-OLD", "DACO-01", "x", IN_WINDOW, IN_WINDOW.minus(Duration.ofDays(30)));
		failure("Product", "OF-A-DISABLED-TYPE", "DACO-01", "x", IN_WINDOW, IN_WINDOW);

		// when
		CliResult result = cli("daily-retry", "--now", NOW, "--chunk-size", "50");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(progressLines(output)).hasSize(2)
			.satisfiesExactly((line) -> assertThat(line).endsWith("dailyRetryStep: 3 failures to go"),
					(line) -> assertThat(line).contains("dailyRetryStep: 3 of 3 failures (100%)"));
	}

	@Test
	void aRestartCountsWhatIsLeftAfterTheLastCommittedChunk(CapturedOutput output) {
		// given: ten failures in chunks of three, the CRM gone from the second chunk on
		invoicesFailing(10);
		crm().unavailableFor((call) -> call >= 2);
		CliResult failed = cli("daily-retry", "--now", NOW, "--chunk-size", "3");
		assertThat(failed.exitCode()).isEqualTo(1);
		long id = this.jdbc.sql("select job_execution_id from batch_job_execution").query(Long.class).single();
		crm().reset();
		int before = progressLines(output).size();

		// when
		CliResult restarted = cli("restart", String.valueOf(id));

		// then
		assertThat(restarted.exitCode()).as(restarted.err()).isZero();
		List<String> lines = progressLines(output);
		assertThat(lines.subList(before, lines.size())).hasSize(4)
			.satisfies((restart) -> assertThat(restart.get(0)).endsWith("dailyRetryStep: 7 failures to go"))
			.satisfies((restart) -> assertThat(restart.get(3)).contains("dailyRetryStep: 7 of 7 failures (100%)"));
	}

	@Test
	void purgeLogsItsProgress(CapturedOutput output) {
		// given
		invoicesFailing(4);

		// when
		CliResult result = cli("purge", "--object-type", "Invoice", "--chunk-size", "3");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(progressLines(output)).hasSize(3)
			.satisfiesExactly((line) -> assertThat(line).endsWith("purgeStep: 4 failures to go"),
					(line) -> assertThat(line).contains("purgeStep: 3 of 4 failures (75%)"),
					(line) -> assertThat(line).contains("purgeStep: 4 of 4 failures (100%)"));
	}

	@Test
	void quietSilencesTheProgressOfEveryCommandAndKeepsItsReport(CapturedOutput output) throws Exception {
		// given
		invoicesFailing(4);
		Path failures = this.directory.resolve("failures.csv");
		Files.writeString(failures, "zuora_id,object_type,error_code,error_message,sync_date\n"
				+ "INV-9,Invoice,DACO-01,x,2026-11-19T00:00:00Z\n");
		Path records = this.directory.resolve("records.jsonl");
		Files.writeString(records, "{\"objectType\": \"Invoice\", \"zuoraId\": \"INV-9\", \"accountId\": \"A1\", "
				+ "\"parentId\": \"A1\", \"fields\": {}}\n");

		// when
		List<CliResult> results = List.of(cli("import-records", "--file", records.toString(), "--quiet"),
				cli("import-failures", "--file", failures.toString(), "-q"),
				cli("daily-retry", "--now", NOW, "--chunk-size", "2", "--quiet"), cli("retry", "--all", "--quiet"),
				cli("purge", "--object-type", "Invoice", "--quiet"));

		// then
		assertThat(results).allSatisfy((result) -> assertThat(result.exitCode()).as(result.err()).isZero());
		assertThat(results.get(2).out()).contains("read                 5");
		assertThat(progressLines(output)).isEmpty();
		assertThat(savedTotals()).as("the totals are kept for the history all the same").containsExactly(5L, 0L, 0L);
	}

	@Test
	void anImportLogsTheBytesItReadOfTheFilesSize(CapturedOutput output) throws Exception {
		// given: a file of 3.5 MiB, read in slices of 1 MiB (a twentieth of a file,
		// at least 1 MiB)
		Path failures = this.directory.resolve("failures.csv");
		StringBuilder csv = new StringBuilder("zuora_id,object_type,error_code,error_message,sync_date\n");
		for (int i = 1; csv.length() < 7 * 512 * 1024; i++) {
			csv.append("INV-")
				.append(i)
				.append(",Invoice,DACO-01,")
				.append("x".repeat(200))
				.append(",2026-11-19T00:00:00Z\n");
		}
		Files.writeString(failures, csv);
		String size = String.format(Locale.ROOT, "%.1f MiB", Files.size(failures) / (1024.0 * 1024.0));

		// when
		CliResult result = cli("import-failures", "--file", failures.toString());

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		List<String> lines = progressLines(output);
		assertThat(lines.get(0)).endsWith("import-failures: " + size + " to go");
		assertThat(lines.subList(1, lines.size())).hasSize(4)
			.allSatisfy((line) -> assertThat(line).contains("import-failures: ").contains(" of " + size + " ("));
		assertThat(lines.get(1)).contains("import-failures: 1.0 MiB of " + size);
		assertThat(lines.get(4)).contains("import-failures: " + size + " of " + size + " (100%)");
	}

	/**
	 * The totals that the steps of every execution, oldest first, kept in their execution
	 * context.
	 */
	private List<Long> savedTotals() {
		JobRepository repository = this.context.getBean(JobRepository.class);
		return this.jdbc.sql("select job_execution_id from batch_job_execution order by job_execution_id")
			.query(Long.class)
			.list()
			.stream()
			.flatMap((id) -> repository.getJobExecution(id)
				.getStepExecutions()
				.stream()
				.sorted(Comparator.comparing(StepExecution::getId)))
			.filter((step) -> step.getExecutionContext().containsKey(StepProgress.TOTAL))
			.map((step) -> step.getExecutionContext().getLong(StepProgress.TOTAL))
			.toList();
	}

	/** The progress log lines printed so far. */
	private static List<String> progressLines(CapturedOutput output) {
		return output.getAll().lines().filter((line) -> line.contains("crmsync.support.Progress")).toList();
	}

	/** Invoices INV-1 … INV-n of a linked account, each failing within the window. */
	private void invoicesFailing(int n) {
		account("A1", "0010000000000A1");
		for (int i = 1; i <= n; i++) {
			invoice("INV-" + i, "A1");
			failure("Invoice", "INV-" + i, "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		}
	}

}
