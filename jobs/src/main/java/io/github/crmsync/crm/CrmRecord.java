package io.github.crmsync.crm;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A record to upsert.
 *
 * @param externalId the record's Zuora ID, kept in the Salesforce object's external ID
 * field
 * @param parentExternalId the Zuora ID of its parent record (the CRM links the two
 * through it), if any
 * @param fields the record's fields
 * @param crmAccountId the CRM ID of its billing account (for an Account, its own): the
 * Salesforce Account the record is linked to, so that it shows on the Account sales
 * people look at; {@code null} for a record of no account. An adapter sends it where the
 * CRM's object has such a link (Salesforce: {@code account-link} in the field mapping)
 */
public record CrmRecord(String externalId, @Nullable String parentExternalId, Map<String, Object> fields,
		@Nullable String crmAccountId) {

	/** A record linked to no CRM account. */
	public CrmRecord(String externalId, @Nullable String parentExternalId, Map<String, Object> fields) {
		this(externalId, parentExternalId, fields, null);
	}

}
