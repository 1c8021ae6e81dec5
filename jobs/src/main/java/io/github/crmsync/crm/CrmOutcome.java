package io.github.crmsync.crm;

import org.jspecify.annotations.Nullable;

/**
 * What the CRM said of one record.
 *
 * @param externalId the record's Zuora ID
 * @param status success, rejected by the CRM (a known CRM error), or an unexpected answer
 * @param message for a failure, {@code STATUS_CODE: message}
 */
public record CrmOutcome(String externalId, Status status, @Nullable String message) {

	public static CrmOutcome success(String externalId) {
		return new CrmOutcome(externalId, Status.SUCCESS, null);
	}

	public static CrmOutcome rejected(String externalId, String message) {
		return new CrmOutcome(externalId, Status.REJECTED, message);
	}

	public static CrmOutcome unexpected(String externalId, String message) {
		return new CrmOutcome(externalId, Status.UNEXPECTED, message);
	}

	public boolean succeeded() {
		return this.status == Status.SUCCESS;
	}

	public enum Status {

		SUCCESS, REJECTED, UNEXPECTED

	}

}
