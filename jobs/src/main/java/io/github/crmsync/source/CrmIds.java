package io.github.crmsync.source;

import java.util.regex.Pattern;

/**
 * CRM IDs: a billing account's CRM ID is the ID of the Salesforce Account it is linked
 * to, which the connector writes into the Account lookup of what it syncs of that
 * account. So a CRM ID that cannot be an Account ID can only ever be refused by the org,
 * on every record of the account: the import refuses it, and the retry fails such an
 * account's records before sending them ({@link AccountLink}).
 */
public final class CrmIds {

	/**
	 * What a Salesforce Account ID looks like: the key prefix {@code 001}, 15 characters
	 * (case-sensitive) or 18 (the same with a 3-character case-safe suffix), letters and
	 * digits only. The suffix is not checked against the case of the first 15 characters:
	 * the form alone tells an ID that can never be an Account's from one that may be; an
	 * ID of the right form that the org does not know is the org's to refuse, and the
	 * record then fails with its message (DACO-01).
	 */
	public static final String ACCOUNT_ID_FORM = "15 or 18 letters and digits starting with 001";

	private static final Pattern ACCOUNT_ID = Pattern.compile("001[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?");

	private CrmIds() {
	}

	/**
	 * Whether {@code crmId} can be a Salesforce Account ID ({@link #ACCOUNT_ID_FORM}).
	 */
	public static boolean isAccountId(String crmId) {
		return crmId != null && ACCOUNT_ID.matcher(crmId).matches();
	}

}
