-- The lower bound of the daily retry (bench/run.sh): the same reads, the same rows written to the sandbox table and
-- the same deletes and updates, as a handful of set-based statements in one transaction.
\set ON_ERROR_STOP on
begin;
create temporary table unit_root on commit drop as
select id, object_type, zuora_id from sync_failure
where first_failed_at >= cast(:slot as timestamptz) - interval '7 days' and first_failed_at <= cast(:slot as timestamptz)
  and error_code <> 'DACO-02' and object_type in (select name from sync_object_type where enabled);
create temporary table unit_record on commit drop as
with recursive unit (root_id, object_type, zuora_id, parent_id, account_id, fields) as (
	select u.id, r.object_type, r.zuora_id, r.parent_id, r.account_id, r.fields
	from unit_root u join source_record r on r.object_type = u.object_type and r.zuora_id = u.zuora_id
	union all
	select u.root_id, c.object_type, c.zuora_id, c.parent_id, u.account_id, c.fields
	from unit u join sync_object_type t on t.parent = u.object_type and t.part_of_parent and t.enabled
	join source_record c on c.object_type = t.name and c.parent_id = u.zuora_id)
select * from unit;
-- each record linked to its unit's billing account's CRM ID, as the job sends it
insert into crm_sandbox_record as s (salesforce_object, external_id, object_type, parent_external_id, crm_account_id,
	fields, first_upserted_at, last_upserted_at)
select distinct on (t.salesforce_object, r.zuora_id) t.salesforce_object, r.zuora_id, r.object_type, r.parent_id,
       a.crm_id, r.fields, now(), now()
from unit_record r join sync_object_type t on t.name = r.object_type
left join source_record a on a.object_type = 'Account' and a.zuora_id = r.account_id
where not r.fields ? 'sandboxReject'
on conflict (salesforce_object, external_id) do update set fields = excluded.fields,
	crm_account_id = excluded.crm_account_id, last_upserted_at = excluded.last_upserted_at,
	upsert_count = s.upsert_count + 1;
create temporary table failed_root on commit drop as
select distinct root_id from unit_record where fields ? 'sandboxReject';
delete from sync_failure f using unit_root u
where f.id = u.id and not exists (select 1 from failed_root x where x.root_id = u.id);
update sync_failure f set sync_date = now(),
	attempts = case when f.attempts < 1000000 then f.attempts + 1 else f.attempts end, error_code = 'DACO-01',
	error_message = 'FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount must not be negative'
from failed_root x where f.id = x.root_id;
commit;
