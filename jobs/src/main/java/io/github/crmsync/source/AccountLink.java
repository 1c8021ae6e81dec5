package io.github.crmsync.source;

import java.util.Map;

import io.github.crmsync.support.Instants;
import org.jspecify.annotations.Nullable;

/**
 * Which CRM account a billing record is linked to: the connector links what it syncs of a
 * billing account (the account itself, its subscriptions, invoices, payments, …) to the
 * Salesforce Account named by the account's CRM ID. The retry sends a record only with a
 * link it can have: without one (a missing CRM ID, or one that cannot be an Account ID)
 * the record fails with DACO-02 before the CRM sees it, and {@code failures show} says so
 * with the same words.
 *
 * @param account the Zuora ID of the billing account whose CRM ID links the record (an
 * Account's own), or {@code null} for a record of no account (the product catalog)
 * @param crmId that account's CRM ID as stored, or {@code null} if it has none
 * @param problem why the record cannot be linked ({@code Missing CRM ID: …},
 * {@code Invalid CRM ID: …}), or {@code null}: then {@code crmId} is the Salesforce
 * Account ID it is linked to (or there is no account to link it to)
 */
public record AccountLink(@Nullable String account, @Nullable String crmId, @Nullable String problem) {

	/**
	 * The Zuora ID of the billing account whose CRM ID links {@code record}: an Account's
	 * own (unless it names another account as its billing account), else the record's
	 * billing account; {@code null} for a record of no account.
	 */
	public static @Nullable String accountOf(SourceRecord record) {
		return isOwnAccount(record) ? record.zuoraId() : record.accountId();
	}

	/**
	 * The link of {@code record}, an Account's from its own CRM ID, any other record's
	 * from {@code accountCrmIds} (the CRM ID of each billing account that exists, as
	 * {@link SourceRecordRepository#findAccountCrmIds} reads them).
	 */
	public static AccountLink of(SourceRecord record, Map<String, String> accountCrmIds) {
		String account = accountOf(record);
		if (account == null) {
			return new AccountLink(null, null, null);
		}
		String crmId = isOwnAccount(record) ? record.crmId() : accountCrmIds.get(account);
		if (crmId == null) {
			return new AccountLink(account, null,
					"Missing CRM ID: account " + account + " is not linked to a CRM account");
		}
		if (!CrmIds.isAccountId(crmId)) {
			return new AccountLink(account, crmId,
					"Invalid CRM ID: account " + account + " is linked to '" + Instants.abbreviate(crmId)
							+ "', which cannot be a Salesforce Account ID (" + CrmIds.ACCOUNT_ID_FORM
							+ "): link the account to its Salesforce Account (import-records), then retry");
		}
		return new AccountLink(account, crmId, null);
	}

	private static boolean isOwnAccount(SourceRecord record) {
		return "Account".equals(record.objectType())
				&& (record.accountId() == null || record.accountId().equals(record.zuoraId()));
	}

}
