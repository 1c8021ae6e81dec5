package io.github.crmsync.crm;

import java.util.List;

import io.github.crmsync.catalog.ObjectType;

/**
 * Upserts records into the CRM.
 */
public interface CrmPort {

	/** The most records one call may carry (Salesforce's sObject Collections limit). */
	int MAX_BATCH_SIZE = 200;

	/**
	 * Upserts {@code records}, all of {@code type}, by external ID (the Zuora ID).
	 * @return one outcome per record, in the order of {@code records}
	 * @throws CrmUnavailableException when the CRM cannot be reached or answers with trouble that concerns the
	 * whole call, not single records; nothing can be said of any record then
	 */
	List<CrmOutcome> upsert(ObjectType type, List<CrmRecord> records);

}
