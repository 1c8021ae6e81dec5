package io.github.crmsync.crm;

/**
 * The CRM refused the application's credentials (a wrong client ID or secret, a connected
 * app not set up for the flow, a revoked grant). Retrying cannot help and would only
 * hammer the login endpoint: the run stops at once. The message names the CRM's error,
 * never a secret.
 */
public class CrmRejectedCredentialsException extends RuntimeException {

	public CrmRejectedCredentialsException(String message) {
		super(message);
	}

}
