package io.github.crmsync.source;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One billing record.
 *
 * @param objectType its object type
 * @param zuoraId its Zuora ID
 * @param parentId the Zuora ID of its parent record (of the catalog's parent type), if
 * any
 * @param accountId the Zuora ID of its billing account, if any
 * @param crmId for an Account, the linked CRM account's ID
 * @param fields the record's fields, as the CRM receives them
 */
public record SourceRecord(String objectType, String zuoraId, @Nullable String parentId, @Nullable String accountId,
		@Nullable String crmId, Map<String, Object> fields) {

}
