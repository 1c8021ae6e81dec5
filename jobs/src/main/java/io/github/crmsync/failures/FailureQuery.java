package io.github.crmsync.failures;

import java.time.Instant;

/**
 * Which failures to list: every filter is optional ({@code null}); {@code limit} 0 means
 * all.
 *
 * @param objectType of this object type
 * @param errorCode with this error code
 * @param search whose error message contains this text (any case)
 * @param since whose sync date is at or after this
 * @param until whose sync date is before this
 * @param limit at most this many
 */
public record FailureQuery(String objectType, ErrorCode errorCode, String search, Instant since, Instant until,
		long limit) {
}
