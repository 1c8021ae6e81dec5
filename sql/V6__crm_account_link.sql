-- The CRM account each record is linked to: the connector links what it syncs of a billing account to the
-- Salesforce Account named by the account's CRM ID (Zuora__Account__c), and the sandbox CRM keeps that link so that
-- a demo or a test can see which CRM account each record landed on. Null for a record of no account (the product
-- catalog) and for rows stored before this column existed.
alter table crm_sandbox_record add column crm_account_id text;
