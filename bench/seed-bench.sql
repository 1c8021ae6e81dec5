-- The benchmark's tenant (bench/run.sh), set-based and deterministic (setseed):
--   :failures failures over Invoice parents; 30% of the invoices have 2 to 20 InvoiceItem children (a cascade edge);
--   5% DACO-02, 5% of the invoices rejected by the CRM (sandbox: sandboxReject; Salesforce: Test_Reject__c);
--   first failures uniform over the 14 days before :slot (so about half lie in the daily retry's 7-day window).
\set ON_ERROR_STOP on
select setseed(:seed);

truncate sync_failure, source_record, crm_sandbox_record, sync_failure_archive, failure_selection restart identity;
truncate batch_job_instance cascade;

insert into source_record (object_type, zuora_id, parent_id, account_id, crm_id, fields)
select 'Account', 'A' || a, null, 'A' || a, '001' || lpad(a::text, 12, '0'), '{}'::jsonb
from generate_series(1, greatest(:failures / 50, 1)) as a;

insert into source_record (object_type, zuora_id, parent_id, account_id, fields)
select 'Invoice', 'INV' || i, 'A' || (i % greatest(:failures / 50, 1) + 1), 'A' || (i % greatest(:failures / 50, 1) + 1),
       case when random() < 0.05
            then jsonb_build_object('Name', 'Invoice ' || i,
                 'sandboxReject', 'FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount must not be negative',
                 'Test_Reject__c', 'FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount must not be negative')
            else jsonb_build_object('Name', 'Invoice ' || i, 'Zuora__Amount__c', round((random() * 1000)::numeric, 2)) end
from generate_series(1, :failures) as i;

insert into source_record (object_type, zuora_id, parent_id, account_id, fields)
select 'InvoiceItem', 'INV' || i || '-II' || n, 'INV' || i, 'A' || (i % greatest(:failures / 50, 1) + 1),
       jsonb_build_object('Name', 'Item ' || n, 'Zuora__Amount__c', n * 10)
from (select i, case when random() < 0.3 then 2 + floor(random() * 19)::int else 0 end as children
      from generate_series(1, :failures) as i) as p
cross join lateral generate_series(1, p.children) as n;

insert into sync_failure (zuora_id, object_type, error_code, error_message, sync_date, first_failed_at, attempts)
select 'INV' || i, 'Invoice',
       case when r < 0.05 then 'DACO-02' when r < 0.7 then 'DACO-01' else 'DACO-99' end,
       'UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record', t, t, 1
from (select i, random() as r, cast(:slot as timestamptz) - random() * interval '14 days' as t
      from generate_series(1, :failures) as i) as s;

analyze;
