package io.github.crmsync.failures;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

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
public record FailureQuery(@Nullable String objectType, @Nullable ErrorCode errorCode, @Nullable String search,
		@Nullable Instant since, @Nullable Instant until, long limit) {
}
