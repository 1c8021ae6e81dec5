package io.github.crmsync.failures;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.crmsync.PostgresIntegrationTests;
import io.github.crmsync.purge.PurgeJobConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.batch.test.StepScopeTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs' step-scoped keyset readers ({@code dailyRetryFailuresReader},
 * {@code selectedFailuresReader}, {@code purgedFailuresReader}:
 * {@link KeysetFailureReader} beans) as their step gets them: built in step scope
 * ({@link StepScopeTestUtils#doInStepScope}) for a step execution of given job parameters
 * ({@link MetaDataInstanceFactory}), opened with a given restart state. What each reads
 * for its job's parameters, and that its restart state is the last key of the last
 * committed chunk, from which a resume at any page size goes on.
 * <p>
 * A reader needs no job lock (only the chunk writers and the retention tasklet verify
 * one, {@code ProcessRuns.verifyLock}), so nothing is launched here. The beans come from
 * the shared context of {@link PostgresIntegrationTests}: {@code @SpringBatchTest} would
 * add a context customizer, hence a context of its own, and a step scope around every
 * test method; {@link StepScopeTestUtils} needs neither.
 */
class KeysetFailureReaderIntegrationTests extends PostgresIntegrationTests {

	static final Instant SLOT = Instant.parse("2026-11-20T11:30:00Z");

	static final Instant IN_WINDOW = SLOT.minus(Duration.ofDays(2));

	static final String DAILY_RETRY_READER = "dailyRetryFailuresReader";

	@Test
	void theDailyRetryReaderReadsTheSlotsWindowInKeyOrderWithoutDaco02OrDisabledTypes() throws Exception {
		// given
		failure("Invoice", "EXACTLY-7-DAYS", "DACO-01", "x", SLOT, SLOT.minus(Duration.ofDays(7)));
		failure("Invoice", "7-DAYS-AND-1-SECOND", "DACO-01", "x", SLOT, SLOT.minus(Duration.ofDays(7)).minusSeconds(1));
		failure("Invoice", "AT-THE-SLOT", "DACO-99", "x", SLOT, SLOT);
		failure("Invoice", "AFTER-THE-SLOT", "DACO-01", "x", SLOT.plusSeconds(60), SLOT.plusSeconds(1));
		failure("Invoice", "MISSING-CRM-ID", "DACO-02", "x", IN_WINDOW, IN_WINDOW);
		failure("Product", "OF-A-DISABLED-TYPE", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		failure("Account", "IN-WINDOW", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		Map<String, Object> database = snapshot();

		// when
		List<String> read = readAll(DAILY_RETRY_READER, dailyRetry(2), new ExecutionContext());

		// then
		assertThat(read).containsExactly("EXACTLY-7-DAYS", "AT-THE-SLOT", "IN-WINDOW");
		assertThat(snapshot()).isEqualTo(database);
	}

	@Test
	void theRetryReaderReadsTheSelectedFailuresOfEnabledTypesDaco02Included() throws Exception {
		// given
		failure("Invoice", "INV-1", "DACO-02", "x", IN_WINDOW, IN_WINDOW);
		failure("Payment", "P-1", "DACO-02", "x", IN_WINDOW, IN_WINDOW);
		failure("Invoice", "INV-2", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		failure("InvoiceItem", "II-1", "DACO-02", "x", SLOT.minus(Duration.ofDays(400)),
				SLOT.minus(Duration.ofDays(400)));
		failure("Product", "PR-1", "DACO-02", "x", IN_WINDOW, IN_WINDOW);
		FailureSelection selection = new FailureSelection(null, List.of("Invoice", "InvoiceItem", "Product"),
				ErrorCode.DACO_02, null, SLOT);
		Map<String, Object> database = snapshot();

		// when
		List<String> read = readAll("selectedFailuresReader",
				selection.toJobParameters(selection.describe()).addLong("chunkSize", 1L, false).toJobParameters(),
				new ExecutionContext());

		// then
		assertThat(read).containsExactly("INV-1", "II-1");
		assertThat(snapshot()).isEqualTo(database);
	}

	@Test
	void thePurgeReaderReadsTheSelectedFailuresUpToTheHighestIdListedAtLaunch() throws Exception {
		// given
		failure("Invoice", "OLD-1", "DACO-01", "x", SLOT.minus(Duration.ofDays(40)), SLOT.minus(Duration.ofDays(40)));
		failure("Invoice", "RECENT", "DACO-01", "x", SLOT.minus(Duration.ofDays(1)), SLOT.minus(Duration.ofDays(1)));
		long maxId = failure("Product", "OLD-2", "DACO-99", "x", SLOT.minus(Duration.ofDays(31)),
				SLOT.minus(Duration.ofDays(31)));
		failure("Invoice", "OLD-LISTED-AFTER-THE-LAUNCH", "DACO-01", "x", SLOT.minus(Duration.ofDays(50)),
				SLOT.minus(Duration.ofDays(50)));
		FailureSelection selection = new FailureSelection(null, null, null, Duration.ofDays(30), SLOT);
		Map<String, Object> database = snapshot();

		// when
		List<String> read = readAll("purgedFailuresReader",
				selection.toJobParameters(selection.describe())
					.addLong("chunkSize", 2L, false)
					.addLong(PurgeJobConfiguration.MAX_ID, maxId, false)
					.toJobParameters(),
				new ExecutionContext());

		// then: a purge takes disabled types too
		assertThat(read).containsExactly("OLD-1", "OLD-2");
		assertThat(snapshot()).isEqualTo(database);
	}

	@Test
	void itsRestartStateIsTheLastKeyReadWhenTheChunkCommits() throws Exception {
		// given
		List<Long> ids = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			ids.add(failure("Invoice", "INV-" + i, "DACO-01", "x", IN_WINDOW, IN_WINDOW));
		}
		ExecutionContext nothingRead = new ExecutionContext();
		ExecutionContext threeRead = new ExecutionContext();

		// when
		List<String> read = inStepScope(dailyRetry(2), () -> {
			KeysetFailureReader reader = reader(DAILY_RETRY_READER);
			reader.open(nothingRead);
			reader.update(nothingRead);
			List<String> items = read(reader, 3);
			reader.update(threeRead);
			reader.close();
			return items;
		});

		// then
		assertThat(read).containsExactly("INV-1", "INV-2", "INV-3");
		assertThat(nothingRead.entrySet()).isEmpty();
		assertThat(threeRead.entrySet()).singleElement()
			.satisfies((entry) -> assertThat(entry.getKey()).isEqualTo(DAILY_RETRY_READER + ".last.id"));
		assertThat(threeRead.getLong(DAILY_RETRY_READER + ".last.id")).isEqualTo(ids.get(2));
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3, 50 })
	void aResumeAtAnyPageSizeReadsEveryFailureAfterTheLastCommittedKeyOnce(int pageSize) throws Exception {
		// given: a run at page size 3 committed its first chunk, and failed in its
		// second,
		// with rows the writer deleted or that stopped matching in between
		for (int i = 1; i <= 9; i++) {
			failure("Invoice", "INV-" + i, "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		}
		ExecutionContext committed = new ExecutionContext();
		List<String> firstChunk = inStepScope(dailyRetry(3), () -> {
			KeysetFailureReader reader = reader(DAILY_RETRY_READER);
			reader.open(committed);
			List<String> chunk = read(reader, 3);
			reader.update(committed);
			read(reader, 2);
			reader.close();
			return chunk;
		});
		this.jdbc.sql("delete from sync_failure where zuora_id in ('INV-1', 'INV-2')").update();
		this.jdbc.sql("update sync_failure set error_code = 'DACO-02' where zuora_id = 'INV-5'").update();

		// when
		List<String> resumed = readAll(DAILY_RETRY_READER, dailyRetry(pageSize), committed);

		// then
		assertThat(firstChunk).containsExactly("INV-1", "INV-2", "INV-3");
		assertThat(resumed).containsExactly("INV-4", "INV-6", "INV-7", "INV-8", "INV-9");
		assertThat(committed.getLong(DAILY_RETRY_READER + ".last.id")).isEqualTo(
				this.jdbc.sql("select id from sync_failure where zuora_id = 'INV-9'").query(Long.class).single());
	}

	/**
	 * The total that a step's progress shows: what the reader will read, counted before
	 * it reads, the window's rows for a new run, those after the last committed key for a
	 * resumed one (a row before it that is still listed is not read again, so not
	 * counted).
	 */
	@Test
	void countsWhatItHasToReadForANewAndForAResumedRun() throws Exception {
		// given
		for (int i = 1; i <= 6; i++) {
			failure("Invoice", "INV-" + i, "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		}
		failure("Invoice", "MISSING-CRM-ID", "DACO-02", "x", IN_WINDOW, IN_WINDOW);
		failure("Invoice", "TOO-OLD", "DACO-01", "x", SLOT, SLOT.minus(Duration.ofDays(8)));
		failure("Product", "OF-A-DISABLED-TYPE", "DACO-01", "x", IN_WINDOW, IN_WINDOW);
		ExecutionContext committed = new ExecutionContext();
		committed.putLong(DAILY_RETRY_READER + ".last.id",
				this.jdbc.sql("select id from sync_failure where zuora_id = 'INV-4'").query(Long.class).single());

		// when
		long forANewRun = inStepScope(dailyRetry(2),
				() -> reader(DAILY_RETRY_READER).remaining(new ExecutionContext()));
		long forAResumedRun = inStepScope(dailyRetry(2), () -> reader(DAILY_RETRY_READER).remaining(committed));
		List<String> resumed = readAll(DAILY_RETRY_READER, dailyRetry(2), committed);

		// then
		assertThat(forANewRun).isEqualTo(6);
		assertThat(forAResumedRun).isEqualTo(2).isEqualTo(resumed.size());
	}

	@Test
	void resumesAfterTheStartKeyOfAStateSavedByJdbcPagingItemReader() throws Exception {
		// given: the restart state of an execution saved before this reader existed
		List<Long> ids = new ArrayList<>();
		for (int i = 1; i <= 4; i++) {
			ids.add(failure("Invoice", "INV-" + i, "DACO-01", "x", IN_WINDOW, IN_WINDOW));
		}
		ExecutionContext saved = new ExecutionContext();
		saved.put(DAILY_RETRY_READER + ".start.after", Map.of("id", ids.get(1)));
		saved.putLong(DAILY_RETRY_READER + ".read.count", 2);

		// when
		List<String> resumed = readAll(DAILY_RETRY_READER, dailyRetry(3), saved);

		// then
		assertThat(resumed).containsExactly("INV-3", "INV-4");
		assertThat(saved.getLong(DAILY_RETRY_READER + ".last.id")).isEqualTo(ids.get(3));
	}

	/** The job parameters of a daily retry of {@link #SLOT} at {@code chunkSize}. */
	private static JobParameters dailyRetry(long chunkSize) {
		return new JobParametersBuilder().addString("slot", SLOT.toString())
			.addString("windowStart", SLOT.minus(Duration.ofDays(7)).toString(), false)
			.addLong("chunkSize", chunkSize, false)
			.toJobParameters();
	}

	/**
	 * What reader {@code name}, opened with {@code restartState}, reads in a step of
	 * {@code parameters}; {@code restartState} is then what it saves when its chunk
	 * commits.
	 */
	private List<String> readAll(String name, JobParameters parameters, ExecutionContext restartState)
			throws Exception {
		return inStepScope(parameters, () -> {
			KeysetFailureReader reader = reader(name);
			reader.open(restartState);
			List<String> items = read(reader, Integer.MAX_VALUE);
			reader.update(restartState);
			reader.close();
			return items;
		});
	}

	/**
	 * Runs {@code work} in the step scope of a new step execution of {@code parameters},
	 * as a step runs its reader.
	 */
	private <T> T inStepScope(JobParameters parameters, Callable<T> work) throws Exception {
		StepExecution stepExecution = MetaDataInstanceFactory.createStepExecution(parameters);
		return StepScopeTestUtils.doInStepScope(stepExecution, work);
	}

	/** The step-scoped bean {@code name}, as the step of the current scope gets it. */
	private KeysetFailureReader reader(String name) {
		return this.context.getBean(name, KeysetFailureReader.class);
	}

	/** The Zuora IDs of the next {@code most} failures {@code reader} reads. */
	private static List<String> read(KeysetFailureReader reader, int most) throws Exception {
		List<String> read = new ArrayList<>();
		for (SyncFailure failure; read.size() < most && (failure = reader.read()) != null;) {
			read.add(failure.zuoraId());
		}
		return read;
	}

}
