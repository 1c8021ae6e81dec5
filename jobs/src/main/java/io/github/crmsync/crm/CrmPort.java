package io.github.crmsync.crm;

import java.util.List;

import io.github.crmsync.catalog.ObjectType;
import org.jspecify.annotations.Nullable;

/**
 * Upserts records into the CRM.
 */
public interface CrmPort {

	/** The most records one call may carry (Salesforce's sObject Collections limit). */
	int MAX_BATCH_SIZE = 200;

	/**
	 * Upserts {@code records}, all of {@code type}, by external ID (the Zuora ID).
	 * @return one outcome per record, in the order of {@code records}
	 * @throws CrmUnavailableException when the CRM cannot be reached or answers with
	 * trouble that concerns the whole call, not single records; nothing can be said of
	 * any record then
	 * @throws CrmLimitExceededException when the CRM refuses every further call for now
	 * (retrying cannot help)
	 * @throws CrmRejectedCredentialsException when the CRM refuses the application's
	 * credentials
	 */
	List<CrmOutcome> upsert(ObjectType type, List<CrmRecord> records);

	/**
	 * How many calls may be in flight at once. The default, 1, means one at a time from
	 * the caller's own thread: what an adapter that works in the caller's transaction
	 * (the sandbox) needs.
	 */
	default int maxConcurrentCalls() {
		return 1;
	}

	/**
	 * The most calls one run may make (a guard on the CRM's API allowance); by default no
	 * limit.
	 */
	default long maxCallsPerRun() {
		return Long.MAX_VALUE;
	}

	/**
	 * Above how many records of one type in one chunk the caller hands them all to
	 * {@link #upsertBulk} at once, instead of calls of at most {@value #MAX_BATCH_SIZE};
	 * by default never.
	 */
	default int bulkThreshold() {
		return Integer.MAX_VALUE;
	}

	/**
	 * Upserts any number of {@code records}, all of {@code type}, in one bulk operation;
	 * otherwise as {@link #upsert}.
	 * @throws UnsupportedOperationException if the CRM has no bulk path
	 * ({@link #bulkThreshold()} says never)
	 */
	default List<CrmOutcome> upsertBulk(ObjectType type, List<CrmRecord> records) {
		throw new UnsupportedOperationException(getClass().getName() + " has no bulk upsert");
	}

	/**
	 * The CRM's API usage as it last reported it (e.g. {@code 1200/100000}), or
	 * {@code null} if it does not.
	 */
	default @Nullable String lastApiUsage() {
		return null;
	}

}
