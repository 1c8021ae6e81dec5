package io.github.crmsync.catalog;

/**
 * What identifies a billing record: its object type and Zuora ID.
 */
public record RecordKey(String objectType, String zuoraId) {

	@Override
	public String toString() {
		return this.objectType + " " + this.zuoraId;
	}

}
