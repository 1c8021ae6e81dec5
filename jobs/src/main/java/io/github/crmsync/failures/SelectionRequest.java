package io.github.crmsync.failures;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What an operator asked for on the command line, before it is checked against the
 * database.
 *
 * @param ids Zuora IDs, or {@code null}
 * @param objectType an object type, or {@code null}
 * @param all every failure
 * @param errorCode only this error code, or {@code null}
 * @param olderThan only failures whose sync date is older than this, or {@code null}
 * @param withChildren with an object type: also the types that cascade from it
 * @param ignoreMissing with IDs: go on without the ones that are not listed
 */
public record SelectionRequest(@Nullable List<String> ids, @Nullable String objectType, boolean all,
		@Nullable ErrorCode errorCode, @Nullable Duration olderThan, boolean withChildren, boolean ignoreMissing) {

}
