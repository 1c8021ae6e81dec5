package io.github.crmsync.failures;

import java.time.Instant;

/**
 * One row of the sync failure list.
 *
 * @param id the row's identity
 * @param zuoraId the failed record's Zuora ID
 * @param objectType the failed record's object type
 * @param errorCode the outcome of the last attempt
 * @param errorMessage the whole error message of the last attempt
 * @param syncDate the time of the last attempt
 * @param firstFailedAt the time of the first failed attempt (the daily retry's window is
 * on it)
 * @param attempts how many attempts failed
 */
public record SyncFailure(long id, String zuoraId, String objectType, ErrorCode errorCode, String errorMessage,
		Instant syncDate, Instant firstFailedAt, int attempts) {

	/**
	 * The most attempts a failure counts: an import refuses more, and a new failed
	 * attempt (a retry's, an import's) adds one only below it. A count of this size means
	 * "retried without end" already; without a ceiling, a row at the column's maximum
	 * (2147483647) would make every retry of its chunk fail on "integer out of range",
	 * and the chunk's other failures would never be retried.
	 */
	public static final int MAX_ATTEMPTS = 1_000_000;

}
