package io.github.crmsync.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.crmsync.PostgresIntegrationTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code retry} and {@code purge} refuse before anything runs: every case exits 2
 * with a message that names the problem, and leaves the failure list, the stored
 * selections, the archive, the sandbox CRM and the job repository as they were.
 */
class SelectionValidationIntegrationTests extends PostgresIntegrationTests {

	static final Instant RECENT = Instant.now().truncatedTo(ChronoUnit.MICROS).minus(Duration.ofDays(2));

	@TempDir
	Path directory;

	private Map<String, Object> before;

	@BeforeEach
	void listFailuresAndPurgeOne() {
		record("Account", "A1", null, "A1", "0010000000000A1", "{}");
		record("Invoice", "INV-1", "A1", "A1", null, "{}");
		failure("Invoice", "INV-1", "DACO-01", "x", RECENT, RECENT);
		failure("Invoice", "INV-2", "DACO-99", "x", RECENT, RECENT);
		failure("Invoice", "INV-3", "DACO-01", "x", RECENT, RECENT);
		failure("Payment", "P-1", "DACO-02", "x", RECENT, RECENT);
		failure("Product", "PR-1", "DACO-01", "x", RECENT, RECENT);
		// something in the archive, a stored selection and a job execution, so that
		// changes to them would show
		assertThat(cli("purge", "--ids", "INV-3").exitCode()).isZero();
		this.before = snapshot();
	}

	@Test
	void retryNeedsASelection() {
		assertRefused(cli("retry"), "Missing required argument (specify one of these)");
		assertRefused(cli("retry", "--error-code", "DACO-01"), "Missing required argument (specify one of these)");
	}

	@Test
	void purgeNeedsASelectionOrAnAge() {
		assertRefused(cli("purge"),
				"name what to purge: one of --ids, --ids-file, --object-type, --all, and/or --older-than");
		assertRefused(cli("purge", "--error-code", "DACO-01", "--yes"), "name what to purge");
	}

	@Test
	void refusesTwoSelections() {
		assertRefused(cli("retry", "--ids", "INV-1", "--all"), "mutually exclusive");
		assertRefused(cli("retry", "--object-type", "Invoice", "--ids-file", "ids.txt"), "mutually exclusive");
		assertRefused(cli("purge", "--object-type", "Invoice", "--all", "--yes"), "mutually exclusive");
	}

	@Test
	void refusesAnUnknownObjectTypeAndListsTheValidOnes() {
		String valid = "valid types: Account, Contact, PaymentMethod, Subscription, RatePlan, RatePlanCharge, "
				+ "RatePlanChargeTier, Invoice, InvoiceItem, TaxationItem, InvoicePayment, Payment, PaymentPart, "
				+ "Refund, RefundInvoicePayment, CreditMemo, CreditMemoItem, DebitMemo, DebitMemoItem, Product, "
				+ "ProductRatePlan, ProductRatePlanCharge, ProductRatePlanChargeTier";
		assertRefused(cli("retry", "--object-type", "Invoices"), "unknown object type 'Invoices'; " + valid);
		assertRefused(cli("retry", "--object-type", "invoice"), "unknown object type 'invoice'");
		assertRefused(cli("purge", "--object-type", "Invoices"), "unknown object type 'Invoices'; " + valid);
	}

	@Test
	void refusesToRetryADisabledObjectType() {
		assertRefused(cli("retry", "--object-type", "Product"),
				"Product is disabled for sync, so it cannot be retried: enable it first");
		assertRefused(cli("retry", "--object-type", "Product", "--dry-run"), "Product is disabled for sync");
	}

	@Test
	void refusesAnEmptyListOfIds() {
		assertRefused(cli("retry", "--ids", ""), "the list of Zuora IDs is empty");
		assertRefused(cli("purge", "--ids", ""), "the list of Zuora IDs is empty");
		assertRefused(cli("retry", "--ids", " "), "Zuora ID 1 of the list, ' ', is not an ID");
	}

	@Test
	void refusesAMalformedListOfIds() {
		assertRefused(cli("retry", "--ids", "INV-1,,INV-2"), "Zuora ID 2 of the list, '', is not an ID");
		assertRefused(cli("retry", "--ids", "INV-1, INV-2"), "Zuora ID 2 of the list, ' INV-2', is not an ID");
		assertRefused(cli("purge", "--ids", " INV-1"), "Zuora ID 1 of the list, ' INV-1', is not an ID");
		assertRefused(cli("purge", "--ids", "INV-1,"), "Zuora ID 2 of the list, '', is not an ID");
	}

	@Test
	void refusesAnEmptyOrMissingIdsFile() throws Exception {
		Path empty = Files.createFile(this.directory.resolve("empty.txt"));
		Path blank = Files.writeString(this.directory.resolve("blank.txt"), "\n  \n\n");
		Path missing = this.directory.resolve("missing.txt");
		Path spaced = Files.writeString(this.directory.resolve("spaced.txt"), "INV-1\nINV-2 \n");
		assertRefused(cli("retry", "--ids-file", empty.toString()), empty + " holds no Zuora ID");
		assertRefused(cli("purge", "--ids-file", blank.toString()), blank + " holds no Zuora ID");
		assertRefused(cli("retry", "--ids-file", missing.toString()), "File not found: " + missing);
		assertRefused(cli("retry", "--ids-file", this.directory.toString()),
				this.directory + " is not a readable file");
		assertRefused(cli("purge", "--ids-file", spaced.toString()), "Zuora ID 2 of the list, 'INV-2 ', is not an ID");
	}

	@Test
	void namesTheIdsThatAreNotListed() {
		assertRefused(cli("retry", "--ids", "INV-1,NOPE-1,INV-2,NOPE-2"),
				"2 of the 4 Zuora IDs are not in the failure list: NOPE-1, NOPE-2 "
						+ "(--ignore-missing goes on without them)");
		assertRefused(cli("purge", "--ids", "NOPE-1"), "1 of the 1 Zuora IDs are not in the failure list: NOPE-1");
		// purged IDs are no longer listed
		assertRefused(cli("purge", "--ids", "INV-3"), "not in the failure list: INV-3");
		String many = IntStream.rangeClosed(1, 25).mapToObj((i) -> "NOPE-" + i).collect(Collectors.joining(","));
		assertRefused(cli("retry", "--ids", many), "NOPE-19, NOPE-20 and 5 more (--ignore-missing");
	}

	@Test
	void takesAnIdStartingWithAnAtSignLiterallyNotAsAFile() throws Exception {
		// given: a file that lists an ID that is listed, which picocli would read for
		// "@file"
		Path file = Files.writeString(this.directory.resolve("ids"), "INV-1\n");

		// when
		CliResult retry = cli("retry", "--ids", "@" + file, "--dry-run");
		CliResult purge = cli("purge", "--ids", "@" + file, "--dry-run");

		// then
		assertRefused(retry, "1 of the 1 Zuora IDs are not in the failure list: @" + file);
		assertRefused(purge, "1 of the 1 Zuora IDs are not in the failure list: @" + file);
	}

	@Test
	void goesOnWithoutTheIdsThatAreNotListedWhenAskedTo() {
		// when
		CliResult retry = cli("retry", "--ids", "INV-1,NOPE-1", "--ignore-missing");
		CliResult purge = cli("purge", "--ids", "INV-2,NOPE-2", "--ignore-missing");

		// then
		assertThat(retry.exitCode()).as(retry.err()).isZero();
		assertThat(retry.err()).contains("Left out 1 Zuora IDs not in the failure list");
		assertThat(purge.exitCode()).as(purge.err()).isZero();
		assertThat(this.jdbc.sql("select zuora_id from sync_failure order by id").query(String.class).list())
			.containsExactly("P-1", "PR-1");
		assertThat(this.jdbc.sql("select zuora_id from sync_failure_archive order by id").query(String.class).list())
			.containsExactly("INV-2", "INV-3");
	}

	@Test
	void takesAnAgeInTheSimpleFormAsTheSettingsDo() {
		// given
		failure("Invoice", "INV-OLD", "DACO-01", "x", RECENT.minus(Duration.ofDays(40)),
				RECENT.minus(Duration.ofDays(40)));
		failure("Invoice", "INV-NEW", "DACO-01", "x", RECENT, RECENT);

		// when
		CliResult days = cli("purge", "--older-than", "30d", "--dry-run", "--format", "json");
		CliResult hours = cli("purge", "--older-than", "720h", "--dry-run", "--format", "json");

		// then
		assertThat(List.of(days, hours)).allSatisfy((result) -> {
			assertThat(result.exitCode()).as(result.err()).isZero();
			assertThat(result.out()).contains("\"total\" : 1").contains("INV-OLD").doesNotContain("INV-NEW");
		});
	}

	@Test
	void refusesABadDuration() {
		assertRefused(cli("purge", "--older-than", "30"),
				"--older-than '30' is not a duration such as 30d, 12h, P30D or PT12H");
		assertRefused(cli("purge", "--older-than", "P1M"), "--older-than 'P1M' is not a duration");
		assertRefused(cli("purge", "--older-than", "30x"), "--older-than '30x' is not a duration");
		assertRefused(cli("purge", "--older-than", "-P1D"), "--older-than must be a positive duration, not -P1D");
		assertRefused(cli("purge", "--older-than", "P0D"), "--older-than must be a positive duration, not P0D");
		assertRefused(cli("purge", "--all", "--older-than", "P0D"), "--older-than must be a positive duration");
		assertRefused(cli("purge", "--older-than", "P99999D"), "reaches back more than 100 years");
		// reads as 30 days, is 1 hour: it would purge nearly every failure
		assertRefused(cli("purge", "--older-than", "P30DT-719H"),
				"--older-than 'P30DT-719H' has a negative part, which makes it 1h: write that if it is what you mean");
		assertRefused(cli("purge", "--older-than", "-P-30D"), "--older-than '-P-30D' has a negative part");
	}

	@Test
	void refusesAChunkSizeOfZeroOrLess() {
		assertRefused(cli("retry", "--all", "--chunk-size", "0"), "--chunk-size must be between 1 and 1000000, not 0");
		assertRefused(cli("retry", "--all", "--chunk-size", "-5"),
				"--chunk-size must be between 1 and 1000000, not -5");
		assertRefused(cli("purge", "--all", "--yes", "--chunk-size", "0"),
				"--chunk-size must be between 1 and 1000000");
		assertRefused(cli("purge", "--older-than", "P1D", "--chunk-size", "-1"),
				"--chunk-size must be between 1 and 1000000, not -1");
	}

	@Test
	void refusesWithChildrenWithoutAnObjectType() {
		assertRefused(cli("purge", "--all", "--yes", "--with-children"), "--with-children goes with --object-type");
		assertRefused(cli("purge", "--ids", "INV-1", "--with-children"), "--with-children goes with --object-type");
		assertRefused(cli("purge", "--older-than", "P1D", "--with-children"),
				"--with-children goes with --object-type");
	}

	@Test
	void refusesRestoreWithoutAnExecutionAndAnExecutionWithoutRestore() {
		assertRefused(cli("purge", "--restore"), "--restore and --execution ID go together");
		assertRefused(cli("purge", "--execution", "1"), "--restore and --execution ID go together");
		assertRefused(cli("purge", "--restore", "--execution", "1", "--all"), "--restore takes no selection");
		assertRefused(cli("purge", "--restore", "--execution", "0"), "--execution must be a positive job execution ID");
	}

	@Test
	void refusesToPurgeEveryFailureWithoutConfirmation() {
		assertRefused(cli("purge", "--all"), "purging every failure needs --yes");
		assertRefused(cli("purge", "--all", "--error-code", "DACO-01"), "purging every failure needs --yes");
	}

	@Test
	void refusesAnEmptyRequester() {
		assertRefused(cli("retry", "--all", "--requested-by", ""),
				"--requested-by must be 1 to 100 printable characters");
		assertRefused(cli("purge", "--all", "--yes", "--requested-by", " "), "--requested-by must be 1 to 100");
	}

	private void assertRefused(CliResult result, String message) {
		assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
		assertThat(result.err()).contains(message);
		assertThat(snapshot()).isEqualTo(this.before);
		assertThat(crm().calls()).isZero();
	}

}
