package io.github.crmsync.embedded;

import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * A deterministic demo tenant: billing accounts with their subscriptions, invoices,
 * payments, refunds and memos (with the parts of each), a product catalog, and about
 * 10,000 sync failures over every object type and all three error codes, aged 0 to 14
 * days before {@code now}. Some accounts have no CRM ID (their records fail with
 * DACO-02), some records are rejected by the sandbox CRM ({@code sandboxReject}), and
 * some failures name records that no longer exist.
 */
final class DemoDataSet {

	static final long SEED = 20_261_126L;

	static final int ACCOUNTS = 650;

	static final int PRODUCTS = 25;

	static final int TARGET_FAILURES = 10_000;

	private static final String[] REJECTIONS = {
			"FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount must not be negative [Zuora__Amount__c]",
			"DUPLICATE_VALUE: duplicate value found: Zuora__External_Id__c duplicates value on record with id a0B5g00000XyZ12",
			"INVALID_FIELD: No such column 'Region__c' on entity [Region__c]",
			"CANNOT_EXECUTE_FLOW_TRIGGER: The record couldn't be saved because it failed to trigger a flow",
			"INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: insufficient access rights on cross-reference id" };

	private static final String[] UNKNOWN = { "Read timed out after 120000 ms",
			"Unexpected response from Salesforce: HTTP 502 Bad Gateway", "java.lang.NullPointerException" };

	private final SplittableRandom random = new SplittableRandom(SEED);

	private final ObjectMapper json;

	private final Instant now;

	private final List<Rec> records = new ArrayList<>();

	private final Map<String, Boolean> accountLinked = new LinkedHashMap<>();

	DemoDataSet(ObjectMapper json, Instant now) {
		this.json = json;
		this.now = now.truncatedTo(ChronoUnit.SECONDS);
		generate();
	}

	private void generate() {
		for (int a = 1; a <= ACCOUNTS; a++) {
			String account = id("A", a);
			boolean linked = this.random.nextInt(100) >= 8;
			this.accountLinked.put(account, linked);
			add("Account", account, null, account, linked ? crmId(a) : null);
			add("Contact", account + "-C1", account, account, null);
			add("PaymentMethod", account + "-PM1", account, account, null);
			for (int s = 1, subs = between(1, 2); s <= subs; s++) {
				String sub = add("Subscription", account + "-S" + s, account, account, null);
				for (int p = 1, plans = between(1, 3); p <= plans; p++) {
					String plan = add("RatePlan", sub + "-RP" + p, sub, account, null);
					for (int c = 1, charges = between(1, 2); c <= charges; c++) {
						String charge = add("RatePlanCharge", plan + "-CH" + c, plan, account, null);
						for (int t = 1, tiers = between(0, 2); t <= tiers; t++) {
							add("RatePlanChargeTier", charge + "-T" + t, charge, account, null);
						}
					}
				}
			}
			for (int i = 1, invoices = between(2, 4); i <= invoices; i++) {
				String invoice = add("Invoice", account + "-INV" + i, account, account, null);
				parts("InvoiceItem", invoice, account, 1, 5);
				parts("TaxationItem", invoice, account, 0, 2);
				parts("InvoicePayment", invoice, account, 0, 1);
			}
			for (int p = 1, payments = between(1, 2); p <= payments; p++) {
				parts("PaymentPart", add("Payment", account + "-PAY" + p, account, account, null), account, 1, 2);
			}
			if (this.random.nextInt(3) == 0) {
				parts("RefundInvoicePayment", add("Refund", account + "-REF1", account, account, null), account, 1, 1);
			}
			if (this.random.nextInt(2) == 0) {
				parts("CreditMemoItem", add("CreditMemo", account + "-CM1", account, account, null), account, 1, 3);
			}
			if (this.random.nextInt(2) == 0) {
				parts("DebitMemoItem", add("DebitMemo", account + "-DM1", account, account, null), account, 1, 3);
			}
		}
		for (int p = 1; p <= PRODUCTS; p++) {
			String product = add("Product", id("P", p), null, null, null);
			for (int r = 1, plans = between(1, 3); r <= plans; r++) {
				String plan = add("ProductRatePlan", product + "-PRP" + r, product, null, null);
				for (int c = 1, charges = between(1, 2); c <= charges; c++) {
					parts("ProductRatePlanChargeTier",
							add("ProductRatePlanCharge", plan + "-PRPC" + c, plan, null, null), null, 0, 2);
				}
			}
		}
	}

	private void parts(String type, String parent, @Nullable String account, int min, int max) {
		String prefix = switch (type) {
			case "InvoiceItem" -> "-II";
			case "TaxationItem" -> "-TX";
			case "InvoicePayment" -> "-IP";
			case "PaymentPart" -> "-PP";
			case "RefundInvoicePayment" -> "-RIP";
			case "CreditMemoItem", "DebitMemoItem" -> "-MI";
			default -> "-T";
		};
		for (int i = 1, count = between(min, max); i <= count; i++) {
			add(type, parent + prefix + i, parent, account, null);
		}
	}

	private String add(String type, String zuoraId, @Nullable String parentId, @Nullable String accountId,
			@Nullable String crmId) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("Name", type + " " + zuoraId);
		fields.put("Zuora__Amount__c", this.random.nextInt(100_000) / 100.0);
		boolean rejected = this.random.nextInt(100) < 4;
		if (rejected) {
			fields.put("sandboxReject", REJECTIONS[this.random.nextInt(REJECTIONS.length)]);
		}
		this.records.add(new Rec(type, zuoraId, parentId, accountId, crmId, fields, rejected));
		return zuoraId;
	}

	private int between(int min, int max) {
		return min + this.random.nextInt(max - min + 1);
	}

	/**
	 * The CRM ID of demo account {@code number}: 15 characters in the form of a
	 * Salesforce Account ID, as the import requires ({@code 001DEMO00000001}).
	 */
	private static String crmId(int number) {
		return "001DEMO" + "%08d".formatted(number);
	}

	private static String id(String prefix, int number) {
		return prefix + "%05d".formatted(number);
	}

	int recordCount() {
		return this.records.size();
	}

	void writeRecords(Writer out) throws IOException {
		for (Rec record : this.records) {
			Map<String, Object> line = new LinkedHashMap<>();
			line.put("objectType", record.type());
			line.put("zuoraId", record.zuoraId());
			line.put("parentId", record.parentId());
			line.put("accountId", record.accountId());
			line.put("crmId", record.crmId());
			line.put("fields", record.fields());
			out.write(this.json.writeValueAsString(line));
			out.write('\n');
		}
	}

	/** Writes the failures; returns how many. */
	long writeFailures(Writer out) throws IOException {
		long count = 0;
		double share = (double) TARGET_FAILURES / this.records.size();
		try (CSVPrinter csv = new CSVPrinter(out,
				CSVFormat.RFC4180.builder()
					.setHeader("zuora_id", "object_type", "error_code", "error_message", "sync_date", "first_failed_at")
					.get())) {
			for (Rec record : this.records) {
				if (this.random.nextDouble() >= share) {
					continue;
				}
				Instant syncDate = this.now.minus(Duration.ofSeconds(this.random.nextLong(14L * 24 * 3600)));
				Instant firstFailedAt = syncDate.minus(Duration.ofSeconds(this.random.nextLong(2L * 24 * 3600)));
				String[] error = error(record);
				csv.printRecord(record.zuoraId(), record.type(), error[0], error[1], syncDate, firstFailedAt);
				count++;
			}
			for (int gone = 1; gone <= 25; gone++) {
				Instant syncDate = this.now.minus(Duration.ofHours(gone * 13L));
				csv.printRecord(id("A", ACCOUNTS) + "-INV-DELETED" + gone, "Invoice", "DACO-99",
						UNKNOWN[gone % UNKNOWN.length], syncDate, syncDate);
				count++;
			}
		}
		return count;
	}

	private String[] error(Rec record) {
		if (record.accountId() != null && !this.accountLinked.getOrDefault(record.accountId(), false)) {
			return new String[] { "DACO-02",
					"Missing CRM ID: account " + record.accountId() + " is not linked to a CRM account" };
		}
		if (record.rejected()) {
			return new String[] { "DACO-01", String.valueOf(record.fields().get("sandboxReject")) };
		}
		int dice = this.random.nextInt(10);
		if (dice < 6) {
			return new String[] { "DACO-01", REJECTIONS[this.random.nextInt(REJECTIONS.length)]
					+ " (fixed in the CRM since: a retry succeeds)" };
		}
		if (dice < 8) {
			return new String[] { "DACO-02",
					"Missing CRM ID: the account was not linked when this record first synced" };
		}
		return new String[] { "DACO-99", UNKNOWN[this.random.nextInt(UNKNOWN.length)] };
	}

	private record Rec(String type, String zuoraId, @Nullable String parentId, @Nullable String accountId,
			@Nullable String crmId, Map<String, Object> fields, boolean rejected) {
	}

}
