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
 * @param firstFailedAt the time of the first failed attempt (the daily retry's window is on it)
 * @param attempts how many attempts failed
 */
public record SyncFailure(long id, String zuoraId, String objectType, ErrorCode errorCode, String errorMessage,
		Instant syncDate, Instant firstFailedAt, int attempts) {

}
