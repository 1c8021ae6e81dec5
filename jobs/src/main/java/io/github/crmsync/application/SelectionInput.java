package io.github.crmsync.application;

import java.util.List;

import io.github.crmsync.failures.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * What an operator asked an on-demand job to work on, as a front end took it in: at most
 * one of Zuora IDs, an object type or all, narrowed by an error code and (for a purge) an
 * age. {@link Retries#select} and {@link Purges#select} apply the rules.
 *
 * @param ids Zuora IDs, or {@code null}
 * @param objectType an object type, or {@code null}
 * @param all every failure
 * @param errorCode only this error code, or {@code null}
 * @param olderThan a purge's age ({@code P30D}, {@code 30d}, {@code 12h}), or
 * {@code null}
 * @param withChildren a purge of an object type: also the types that cascade from it
 * @param ignoreMissing with IDs: go on without the ones that are not listed
 */
public record SelectionInput(@Nullable List<String> ids, @Nullable String objectType, boolean all,
		@Nullable ErrorCode errorCode, @Nullable String olderThan, boolean withChildren, boolean ignoreMissing) {

	/** How many of IDs, object type and all are given. */
	int selectors() {
		return ((this.ids != null) ? 1 : 0) + ((this.objectType != null) ? 1 : 0) + (this.all ? 1 : 0);
	}

}
