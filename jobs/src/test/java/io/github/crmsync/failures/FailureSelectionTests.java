package io.github.crmsync.failures;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a selection reads in the history, the job's messages and a dry run: by its first
 * IDs and how many there are, not by a request ID nobody typed.
 */
class FailureSelectionTests {

	static final Instant AS_OF = Instant.parse("2026-11-20T12:00:00Z");

	@Test
	void namesOneIdAlone() {
		assertThat(byIds().describe(List.of("INV-1"))).isEqualTo("id INV-1");
	}

	@Test
	void namesUpToThreeIdsWithTheirCount() {
		assertThat(byIds().describe(List.of("INV-1", "INV-2"))).isEqualTo("2 ids: INV-1, INV-2");
		assertThat(byIds().describe(List.of("INV-1", "INV-2", "INV-3"))).isEqualTo("3 ids: INV-1, INV-2, INV-3");
	}

	@Test
	void namesTheFirstThreeOfManyIdsAndCountsTheRest() {
		assertThat(byIds().describe(List.of("A", "B", "C", "D"))).isEqualTo("4 ids: A, B, C and 1 more");
		assertThat(byIds().describe(IntStream.rangeClosed(1, 50_000).mapToObj((i) -> "I-" + i).toList()))
			.isEqualTo("50000 ids: I-1, I-2, I-3 and 49997 more");
	}

	@Test
	void fallsBackToTheRequestWhenItsIdsAreNotKnown() {
		assertThat(byIds().describe()).isEqualTo("ids of request r-1");
		assertThat(byIds().describe(List.of())).isEqualTo("ids of request r-1");
	}

	@Test
	void namesTypesOrAllWithTheCodeAndTheCutOff() {
		FailureSelection types = new FailureSelection(null, List.of("Invoice", "Payment"), ErrorCode.DACO_99, null,
				AS_OF);
		FailureSelection all = new FailureSelection(null, null, null, Duration.ofDays(30), AS_OF);

		assertThat(types.describe(List.of("ignored"))).isEqualTo("types Invoice,Payment, code DACO-99");
		assertThat(all.describe()).isEqualTo("all, sync date before 2026-10-21T12:00:00Z");
	}

	private static FailureSelection byIds() {
		return new FailureSelection("r-1", null, null, null, AS_OF);
	}

}
