package io.github.crmsync.crm;

/**
 * The CRM could not take a call at all (connection refused, time-out, HTTP 5xx, rate limit): transient trouble
 * that concerns the whole call. Retrying later may succeed.
 */
public class CrmUnavailableException extends RuntimeException {

	public CrmUnavailableException(String message) {
		super(message);
	}

	public CrmUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
