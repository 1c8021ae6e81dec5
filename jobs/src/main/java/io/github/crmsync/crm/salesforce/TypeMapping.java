package io.github.crmsync.crm.salesforce;

import java.util.Map;
import java.util.Set;

import io.github.crmsync.catalog.ObjectType;
import io.github.crmsync.crm.CrmRecord;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a record of one object type becomes a Salesforce record: {@code attributes.type},
 * the external ID field with the Zuora ID, its fields renamed by {@code fields} (a field
 * without a mapping goes under its own name, or is dropped with {@code unmapped: drop};
 * {@code ignore}d fields never go), and its parent named by the parent's external ID
 * through the parent relationship, and its link to the Salesforce Account of its billing
 * account (its CRM ID) in the {@code account-link} field, where the type has one. The
 * adapter sets {@code attributes}, the external ID, the parent reference and the account
 * link itself: a source field of the same name is not sent (the billing system's copy of
 * a link is not what the retry decided to link the record to).
 *
 * @param fields source field name to Salesforce field name
 * @param dropUnmapped whether fields without a mapping are left out (else they go under
 * their own names)
 * @param ignore source fields never sent
 * @param parentRelationship the relationship to the parent, {@code none} for no parent
 * reference, or {@code null} to derive it from the parent's Salesforce object
 * ({@code Zuora__Payment__c} gives {@code Zuora__Payment__r})
 * @param accountLink the field of the type's Salesforce object that holds the ID of the
 * Salesforce Account the record belongs to (the managed package's lookup
 * {@code Zuora__Account__c}), or {@code null} where the object has none: then no link is
 * sent
 */
record TypeMapping(Map<String, String> fields, boolean dropUnmapped, Set<String> ignore,
		@Nullable String parentRelationship, @Nullable String accountLink) {

	/**
	 * The relationship through which a record of this type names its {@code parent} type,
	 * or {@code null}.
	 */
	@Nullable String relationshipTo(@Nullable ObjectType parent) {
		if (parent == null || "none".equals(this.parentRelationship)) {
			return null;
		}
		if (this.parentRelationship != null) {
			return this.parentRelationship;
		}
		String object = parent.salesforceObject();
		return object.endsWith("__c") ? object.substring(0, object.length() - 3) + "__r" : null;
	}

	/** The record as one element of an sObject Collections request. */
	ObjectNode toSObject(ObjectMapper json, ObjectType type, @Nullable ObjectType parent, CrmRecord record) {
		ObjectNode sobject = json.createObjectNode();
		sobject.putObject("attributes").put("type", type.salesforceObject());
		sobject.put(type.externalIdField(), record.externalId());
		String relationship = relationshipTo(parent);
		record.fields().forEach((name, value) -> {
			String target = this.fields.get(name);
			if (target == null && !this.dropUnmapped) {
				target = name;
			}
			if (target != null && !this.ignore.contains(name) && !target.equals("attributes")
					&& !target.equals(type.externalIdField()) && !target.equals(relationship)
					&& !target.equals(this.accountLink)) {
				sobject.set(target, json.valueToTree(value));
			}
		});
		if (relationship != null && parent != null && record.parentExternalId() != null) {
			sobject.putObject(relationship).put(parent.externalIdField(), record.parentExternalId());
		}
		if (this.accountLink != null && record.crmAccountId() != null) {
			sobject.put(this.accountLink, record.crmAccountId());
		}
		return sobject;
	}

}
