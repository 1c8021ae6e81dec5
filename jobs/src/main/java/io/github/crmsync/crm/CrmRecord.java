package io.github.crmsync.crm;

import java.util.Map;

/**
 * A record to upsert.
 *
 * @param externalId the record's Zuora ID, kept in the Salesforce object's external ID
 * field
 * @param parentExternalId the Zuora ID of its parent record (the CRM links the two
 * through it), if any
 * @param fields the record's fields
 */
public record CrmRecord(String externalId, String parentExternalId, Map<String, Object> fields) {

}
