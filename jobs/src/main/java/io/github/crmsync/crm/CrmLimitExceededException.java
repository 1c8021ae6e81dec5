package io.github.crmsync.crm;

/**
 * The CRM refuses every further call for now: the org's API allowance is spent
 * (Salesforce's {@code REQUEST_LIMIT_EXCEEDED}), or this run reached its own call budget.
 * Not retried: the chunk rolls back, the run ends FAILED and can be restarted once there
 * is allowance again.
 */
public class CrmLimitExceededException extends RuntimeException {

	public CrmLimitExceededException(String message) {
		super(message);
	}

}
