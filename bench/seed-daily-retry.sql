-- Seeds a tenant's worst day for the daily retry benchmark, set-based (seconds, not minutes):
--   :failures Invoice failures (default 1,000,000) that first failed within the 7 days before :slot,
--   each with its Invoice record; 30% of the invoices have 2 to 5 InvoiceItem children;
--   5% DACO-02 (excluded by the daily retry), 5% of the invoices rejected by the sandbox CRM.
-- Deterministic: setseed(0.42). Usage: psql -v failures=1000000 -v slot="'2026-11-20T11:30:00Z'" -f seed-daily-retry.sql
\set ON_ERROR_STOP on
select setseed(0.42);

truncate sync_failure, source_record, crm_sandbox_record restart identity;

insert into source_record (object_type, zuora_id, parent_id, account_id, crm_id, fields)
select 'Account', 'A' || a, null, 'A' || a, '001' || lpad(a::text, 12, '0'), '{}'::jsonb
from generate_series(1, greatest(:failures / 50, 1)) as a;

insert into source_record (object_type, zuora_id, parent_id, account_id, fields)
select 'Invoice', 'INV' || i, 'A' || (i % greatest(:failures / 50, 1) + 1), 'A' || (i % greatest(:failures / 50, 1) + 1),
       case when random() < 0.05
            then jsonb_build_object('Name', 'Invoice ' || i, 'sandboxReject', 'FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount must not be negative')
            else jsonb_build_object('Name', 'Invoice ' || i, 'Zuora__Amount__c', round((random() * 1000)::numeric, 2)) end
from generate_series(1, :failures) as i;

insert into source_record (object_type, zuora_id, parent_id, account_id, fields)
select 'InvoiceItem', 'INV' || i || '-II' || n, 'INV' || i, 'A' || (i % greatest(:failures / 50, 1) + 1),
       jsonb_build_object('Name', 'Item ' || n, 'Zuora__Amount__c', n * 10)
from generate_series(1, :failures) as i
cross join lateral generate_series(1, case when i % 10 < 3 then 2 + (i % 4) else 0 end) as n;

insert into sync_failure (zuora_id, object_type, error_code, error_message, sync_date, first_failed_at, attempts)
select 'INV' || i, 'Invoice',
       case when r < 0.05 then 'DACO-02' when r < 0.7 then 'DACO-01' else 'DACO-99' end,
       case when r < 0.05 then 'Missing CRM ID: account was not linked' else 'UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record' end,
       t, t, 1
from (select i, random() as r,
             cast(:slot as timestamptz) - random() * interval '7 days' as t
      from generate_series(1, :failures) as i) as s;

analyze sync_failure;
analyze source_record;
select (select count(*) from sync_failure) as failures, (select count(*) from source_record) as records;
