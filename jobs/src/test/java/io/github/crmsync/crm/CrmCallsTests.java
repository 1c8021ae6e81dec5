package io.github.crmsync.crm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import io.github.crmsync.catalog.ObjectCatalog;
import io.github.crmsync.catalog.ObjectType;
import io.github.crmsync.catalog.RecordKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How CRM calls are made: Retry-After, the call budget, batches in flight, parents before
 * children.
 */
class CrmCallsTests {

	static final ObjectType INVOICE = new ObjectType("Invoice", "Account", false, "Zuora__ZInvoice__c",
			"Zuora__External_Id__c", false, true, 80);

	static final ObjectCatalog CATALOG = new ObjectCatalog(List.of(INVOICE, new ObjectType("InvoiceItem", "Invoice",
			true, "Zuora__InvoiceItem__c", "Zuora__External_Id__c", false, true, 90)));

	static final CrmRetrySettings RETRY = new CrmRetrySettings(3, Duration.ofMillis(5), 2, Duration.ofMillis(500));

	final List<String> threads = Collections.synchronizedList(new ArrayList<>());

	CrmCalls calls;

	@AfterEach
	void stopWorkers() {
		if (this.calls != null) {
			this.calls.close();
		}
	}

	@Test
	void waitsAtLeastAsLongAsTheCrmAsks() {
		// given
		AtomicInteger attempts = new AtomicInteger();
		this.calls = new CrmCalls(port(1, Long.MAX_VALUE, (records) -> {
			if (attempts.incrementAndGet() == 1) {
				throw new CrmUnavailableException("503", Duration.ofMillis(300));
			}
			return succeeded(records);
		}), RETRY);

		// when
		long start = System.nanoTime();
		this.calls.upsert(INVOICE, batch("INV-1"));

		// then
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(this.calls.takeCalls()).isEqualTo(2);
	}

	@Test
	void givesUpAtOnceWhenTheCrmAsksForMoreThanTheLongestBackoff() {
		// given
		this.calls = new CrmCalls(port(1, Long.MAX_VALUE, (records) -> {
			throw new CrmUnavailableException("503", Duration.ofSeconds(60));
		}), RETRY);

		// when / then
		assertThatExceptionOfType(CrmUnavailableException.class)
			.isThrownBy(() -> this.calls.upsert(INVOICE, batch("INV-1")))
			.withMessageStartingWith("CRM unavailable after 1 attempt (Invoice, 1 records, asked to wait 60 s, "
					+ "longer than crm.retry.max-delay 0.5 s)");
		assertThat(this.calls.takeCalls()).isEqualTo(1);
	}

	@Test
	void refusesTheCallBeyondTheBudgetOfTheRun() {
		// given
		this.calls = new CrmCalls(port(1, 2, CrmCallsTests::succeeded), RETRY);
		this.calls.upsert(INVOICE, batch("INV-1"));
		this.calls.takeCalls();
		this.calls.upsert(INVOICE, batch("INV-2"));

		// when / then
		assertThatExceptionOfType(CrmLimitExceededException.class)
			.isThrownBy(() -> this.calls.upsert(INVOICE, batch("INV-3")))
			.withMessageContaining("reached its budget of 2 CRM calls");
		assertThat(this.calls.takeCalls()).isEqualTo(1);
	}

	@Test
	void aPortThatTakesOneCallAtATimeIsCalledFromTheCallersThread() {
		// given
		this.calls = new CrmCalls(port(1, Long.MAX_VALUE, CrmCallsTests::succeeded), RETRY);

		// when
		List<CrmOutcome> outcomes = this.calls.upsertAll(INVOICE, records(450));

		// then
		assertThat(outcomes).extracting(CrmOutcome::externalId).isEqualTo(ids(450));
		assertThat(this.threads).hasSize(3).containsOnly(Thread.currentThread().getName());
	}

	@Test
	void sendsBatchesConcurrentlyAndKeepsTheirOrder() throws InterruptedException {
		// given
		CountDownLatch allInFlight = new CountDownLatch(3);
		this.calls = new CrmCalls(port(3, Long.MAX_VALUE, (records) -> {
			allInFlight.countDown();
			await(allInFlight);
			return succeeded(records);
		}), RETRY);

		// when
		List<CrmOutcome> outcomes = this.calls.upsertAll(INVOICE, records(600));

		// then
		assertThat(outcomes).extracting(CrmOutcome::externalId).isEqualTo(ids(600));
		assertThat(this.threads).hasSize(3).allMatch((name) -> name.startsWith("crm-call-"));
	}

	@Test
	void theFirstFailureCancelsTheBatchesNotYetSent() {
		// given
		this.calls = new CrmCalls(port(2, Long.MAX_VALUE, (records) -> {
			if (records.get(0).externalId().equals("INV-1")) {
				throw new CrmLimitExceededException("REQUEST_LIMIT_EXCEEDED");
			}
			sleep(200);
			return succeeded(records);
		}), RETRY);
		// when / then
		assertThatExceptionOfType(CrmLimitExceededException.class)
			.isThrownBy(() -> this.calls.upsertAll(INVOICE, records(2000)));
		sleep(300);
		assertThat(this.threads).hasSizeLessThanOrEqualTo(3);
	}

	@Test
	void sendsParentsBeforeChildrenOnceEachAndNeverTheChildOfAFailedParent() {
		// given: an invoice the CRM rejects, its item, another invoice with its item, and
		// a record already delivered
		List<String> sent = Collections.synchronizedList(new ArrayList<>());
		this.calls = new CrmCalls(port(1, Long.MAX_VALUE, (records) -> records.stream().map((record) -> {
			sent.add(record.externalId());
			return record.externalId().equals("INV-BAD") ? CrmOutcome.rejected("INV-BAD", "INVALID_FIELD: bad")
					: CrmOutcome.success(record.externalId());
		}).toList()), RETRY);
		RecordKey bad = new RecordKey("Invoice", "INV-BAD");
		RecordKey good = new RecordKey("Invoice", "INV-OK");
		List<CrmCalls.Outgoing> outgoing = List.of(outgoing("InvoiceItem", "II-OF-BAD", bad),
				outgoing("InvoiceItem", "II-OF-OK", good), outgoing("Invoice", "INV-BAD", null),
				outgoing("Invoice", "INV-OK", null), outgoing("Invoice", "INV-OK", null),
				outgoing("Invoice", "INV-EARLIER", null));
		Map<RecordKey, CrmCalls.Delivery> deliveries = new java.util.HashMap<>();
		deliveries.put(new RecordKey("Invoice", "INV-EARLIER"),
				new CrmCalls.Delivery(CrmOutcome.success("INV-EARLIER"), true));

		// when
		this.calls.upsertInSyncOrder(CATALOG, outgoing, deliveries);

		// then
		assertThat(sent).containsExactly("INV-BAD", "INV-OK", "II-OF-OK");
		assertThat(deliveries.get(new RecordKey("InvoiceItem", "II-OF-BAD"))).satisfies((delivery) -> {
			assertThat(delivery.sent()).isFalse();
			assertThat(delivery.outcome().status()).isEqualTo(CrmOutcome.Status.REJECTED);
			assertThat(delivery.outcome().message())
				.isEqualTo("Not sent: its parent Invoice INV-BAD failed to sync in the same run");
		});
		assertThat(deliveries.get(new RecordKey("InvoiceItem", "II-OF-OK")).outcome().succeeded()).isTrue();
		assertThat(this.calls.takeCalls()).isEqualTo(2);
	}

	private static CrmCalls.Outgoing outgoing(String type, String id, RecordKey parent) {
		return new CrmCalls.Outgoing(new RecordKey(type, id), parent,
				new CrmRecord(id, (parent != null) ? parent.zuoraId() : null, Map.of()));
	}

	private CrmPort port(int inFlight, long budget, Function<List<CrmRecord>, List<CrmOutcome>> answer) {
		return new CrmPort() {

			@Override
			public List<CrmOutcome> upsert(ObjectType type, List<CrmRecord> records) {
				CrmCallsTests.this.threads.add(Thread.currentThread().getName());
				return answer.apply(records);
			}

			@Override
			public int maxConcurrentCalls() {
				return inFlight;
			}

			@Override
			public long maxCallsPerRun() {
				return budget;
			}

		};
	}

	@Test
	void aTypeAboveTheBulkThresholdGoesInOneBulkCall() {
		// given
		this.calls = new CrmCalls(new CrmPort() {

			@Override
			public List<CrmOutcome> upsert(ObjectType type, List<CrmRecord> records) {
				throw new AssertionError("not a bulk call");
			}

			@Override
			public int bulkThreshold() {
				return 1000;
			}

			@Override
			public List<CrmOutcome> upsertBulk(ObjectType type, List<CrmRecord> records) {
				return succeeded(records);
			}

		}, RETRY);

		// when
		List<CrmOutcome> outcomes = this.calls.upsertAll(INVOICE, records(1001));

		// then
		assertThat(outcomes).extracting(CrmOutcome::externalId).isEqualTo(ids(1001));
		assertThat(this.calls.takeCalls()).isEqualTo(1);
	}

	private static List<String> ids(int count) {
		return IntStream.rangeClosed(1, count).mapToObj((i) -> "INV-" + i).toList();
	}

	private static List<CrmRecord> records(int count) {
		return ids(count).stream().map((id) -> new CrmRecord(id, null, Map.of())).toList();
	}

	private static List<CrmRecord> batch(String zuoraId) {
		return List.of(new CrmRecord(zuoraId, null, Map.of()));
	}

	private static List<CrmOutcome> succeeded(List<CrmRecord> records) {
		return records.stream().map((record) -> CrmOutcome.success(record.externalId())).toList();
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(2, TimeUnit.SECONDS)).as("all batches in flight at once").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
