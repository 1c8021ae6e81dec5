package io.github.crmsync.catalog;

/**
 * One billing object type of the catalog ({@code sync_object_type}).
 *
 * @param name the type's name, as billing records and failures name it (e.g.
 * {@code InvoiceItem})
 * @param parent the parent type, or {@code null} for a root (Account, Product)
 * @param partOfParent whether the type is a part of its parent's document: re-syncing the
 * parent re-syncs it
 * @param salesforceObject the Salesforce object it syncs to
 * @param externalIdField the Salesforce field that holds the Zuora ID
 * @param productCatalog whether it is a product catalog type (needs Zuora Quotes)
 * @param enabled whether it is enabled for sync
 * @param syncOrder parents sort before children
 */
public record ObjectType(String name, String parent, boolean partOfParent, String salesforceObject,
		String externalIdField, boolean productCatalog, boolean enabled, int syncOrder) {

	public boolean cascadesFrom(String parentType) {
		return this.partOfParent && parentType.equals(this.parent);
	}

}
