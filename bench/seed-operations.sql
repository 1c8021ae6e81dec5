-- Seeds a tenant with a long history for the operator commands benchmark (bench/operations.sh), set-based:
--   :failures failures (default 1,000,000) over every object type and code, sync dates over the 30 days before
--   :now, 5% of the messages about a row lock, 10% of them on several lines;
--   :executions job executions (default 100,000) created over the 180 days before :now (so about half are older
--   than 90 days), one every 10 a restart of the previous one's instance: 60% dailyRetryJob, 25% retryJob, 15%
--   purgeJob; 8% FAILED, 1% STOPPED, 0.5% ABANDONED, a few left STARTED (among them old ones, which prune keeps);
--   with their parameters as the launchers write them, their steps (purges have two) with counts, the ID
--   selections of a fifth of the retries, and execution contexts copied from a real run (execution 1, which the
--   script runs first: the repository can deserialize them).
-- IDs follow the job repository's own (after the real run's), and its sequences are moved past them, so that the
-- application can launch jobs afterwards.
-- Deterministic: setseed(0.42). Usage:
--   psql -v failures=1000000 -v executions=100000 -v now="'2026-11-26T12:00:00Z'" -f seed-operations.sql
\set ON_ERROR_STOP on
\o /dev/null
select setseed(0.42);

truncate sync_failure, failure_selection restart identity;

insert into sync_failure (zuora_id, object_type, error_code, error_message, sync_date, first_failed_at, attempts)
select 'Z' || lpad(i::text, 8, '0'), t.name,
       case when i % 20 < 12 then 'DACO-01' when i % 20 < 16 then 'DACO-02' else 'DACO-99' end,
       case when i % 20 = 0 then 'UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record'
                                 || case when i % 200 = 0 then E'\nwhile upserting ' || t.name || E'\nretry later' else '' end
            when i % 20 < 12 then 'FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount must not be negative [Zuora__Amount__c]'
            when i % 20 < 16 then 'Missing CRM ID: account A' || (i % 650) || ' is not linked to a CRM account'
            else 'Read timed out after 120000 ms' end,
       s.sync_date, s.sync_date - random() * interval '2 days', 1 + (i % 5)
from generate_series(1, :failures) as i
join lateral (select cast(:now as timestamptz) - random() * interval '30 days' as sync_date) as s on true
join (select name, row_number() over (order by sync_order) - 1 as n from sync_object_type) as t
  on t.n = i % (select count(*) from sync_object_type);

select coalesce(max(job_instance_id), 0) as instance_base, coalesce(max(job_execution_id), 0) as execution_base
from batch_job_execution \gset
select coalesce(max(step_execution_id), 0) as step_base from batch_step_execution \gset
select short_context as job_context from batch_job_execution_context where job_execution_id = 1 \gset
select short_context as step_context from batch_step_execution_context
where step_execution_id = (select min(step_execution_id) from batch_step_execution) \gset

-- Execution i (1 …) is execution :execution_base + i of instance :instance_base + i - i / 10.
create temporary table seeded_execution as
select i,
       :execution_base + i as execution_id,
       :instance_base + i - i / 10 as instance_id,
       case when (i - i / 10) % 20 < 12 then 'dailyRetryJob' when (i - i / 10) % 20 < 17 then 'retryJob'
            else 'purgeJob' end as job_name,
       (cast(:now as timestamptz) at time zone 'UTC') - (:executions - i) * (interval '180 days' / :executions)
         as create_time,
       case when i % 20000 = 7 or i = :executions - 3 then 'STARTED'
            when i % 100 < 8 then 'FAILED' when i % 100 = 8 then 'STOPPED' when i % 200 = 9 then 'ABANDONED'
            else 'COMPLETED' end as status,
       (random() * 5000)::int as items
from generate_series(1, :executions) as i;
-- a restart belongs to the instance its predecessor started, so it runs the same job
update seeded_execution e set job_name = p.job_name from seeded_execution p
where e.i % 10 = 0 and p.i = e.i - 1;

insert into batch_job_instance (job_instance_id, version, job_name, job_key)
select distinct on (instance_id) instance_id, 0, job_name, md5(instance_id::text)
from seeded_execution order by instance_id, i;

insert into batch_job_execution (job_execution_id, version, job_instance_id, create_time, start_time, end_time,
	status, exit_code, exit_message, last_updated)
select execution_id, 2, instance_id, create_time, create_time + interval '20 ms',
       case when status = 'STARTED' then null else create_time + (1 + items / 500.0) * interval '1 second' end,
       status, case when status = 'STARTED' then 'UNKNOWN' else status end,
       case when status = 'FAILED' then 'CRM unavailable after 4 attempts (Invoice, 200 records): Connection refused'
            when status = 'STOPPED' then 'JobExecution interrupted.' else '' end,
       create_time + interval '2 seconds'
from seeded_execution;

insert into batch_job_execution_params (job_execution_id, parameter_name, parameter_type, parameter_value, identifying)
select e.execution_id, p.name, p.type, p.value, p.identifying
from seeded_execution e
cross join lateral (values
	('slot', 'java.lang.String', to_char(e.create_time, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'Y', 'dailyRetryJob'),
	('windowStart', 'java.lang.String', to_char(e.create_time - interval '7 days', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'N', 'dailyRetryJob'),
	('selection', 'java.lang.String', case when e.job_name = 'retryJob' then 'object type Invoice' else 'all, sync date before ...' end, 'Y', 'retryJob purgeJob'),
	('requestId', 'java.lang.String', md5('request' || e.instance_id), 'Y', 'retryJob purgeJob'),
	('idsRequest', 'java.lang.String', md5('request' || e.instance_id), 'N', case when e.instance_id % 5 = 0 then 'retryJob' else '-' end),
	('olderThan', 'java.lang.String', 'PT720H', 'N', 'purgeJob'),
	('chunkSize', 'java.lang.Long', '50000', 'N', 'dailyRetryJob retryJob purgeJob'),
	('requestedBy', 'java.lang.String', case when e.job_name = 'dailyRetryJob' then 'cronjob' else 'operator' || (e.i % 7) end, 'N', 'dailyRetryJob retryJob purgeJob'),
	('host', 'java.lang.String', 'crm-sync-' || (e.i % 3), 'N', 'dailyRetryJob retryJob purgeJob'),
	('pid', 'java.lang.Long', (1000 + e.i % 30000)::text, 'N', 'dailyRetryJob retryJob purgeJob'))
	as p (name, type, value, identifying, jobs)
where position(e.job_name in p.jobs) > 0;

insert into failure_selection (request_id, zuora_id)
select distinct md5('request' || e.instance_id), 'Z' || lpad(((e.instance_id * 7 + n) % :failures + 1)::text, 8, '0')
from seeded_execution e cross join generate_series(1, 3) as n
where e.job_name = 'retryJob' and e.instance_id % 5 = 0;

-- steps: the job's first step, and the purge's archive retention step
insert into batch_step_execution (step_execution_id, version, step_name, job_execution_id, create_time, start_time,
	end_time, status, commit_count, read_count, filter_count, write_count, read_skip_count, write_skip_count,
	process_skip_count, rollback_count, exit_code, exit_message, last_updated)
select :step_base + 2 * e.i - 1 + s.n, 3, s.name, e.execution_id, e.create_time + interval '25 ms',
       e.create_time + interval '25 ms',
       case when e.status = 'STARTED' then null else e.create_time + (1 + e.items / 500.0) * interval '1 second' end,
       e.status, 1 + e.items / 500, e.items * (1 - s.n), 0,
       case when e.status = 'FAILED' then e.items * (1 - s.n) / 2 else e.items * (1 - s.n) end, 0, 0, 0,
       case when e.status = 'FAILED' then 1 else 0 end,
       case when e.status = 'STARTED' then 'EXECUTING' else e.status end,
       case when e.status = 'FAILED' then 'org.springframework.batch.core.step.FatalStepExecutionException: '
            || E'Unable to process chunk\n' || repeat(E'\tat org.springframework.batch.core.step.item.ChunkOrientedStep.doWrite(ChunkOrientedStep.java:823)\n', 20)
            else '' end,
       e.create_time + interval '2 seconds'
from seeded_execution e
cross join lateral (values (0, case e.job_name when 'dailyRetryJob' then 'dailyRetryStep'
		when 'retryJob' then 'retryStep' else 'purgeStep' end), (1, 'archiveRetentionStep')) as s (n, name)
where s.n = 0 or e.job_name = 'purgeJob';

insert into batch_step_execution_context (step_execution_id, short_context, serialized_context)
select s.step_execution_id, :'step_context', null
from batch_step_execution s where s.job_execution_id > :execution_base;

insert into batch_job_execution_context (job_execution_id, short_context, serialized_context)
select execution_id, :'job_context', null from seeded_execution;

select setval('batch_job_instance_seq', (select max(job_instance_id) from batch_job_instance));
select setval('batch_job_execution_seq', (select max(job_execution_id) from batch_job_execution));
select setval('batch_step_execution_seq', (select max(step_execution_id) from batch_step_execution));

analyze;
\o
select (select count(*) from sync_failure) as failures,
       (select count(*) from batch_job_execution) as executions,
       (select count(*) from batch_job_instance) as instances,
       (select count(*) from batch_step_execution) as steps,
       (select count(*) from batch_job_execution_params) as parameters,
       (select count(*) from failure_selection) as selected_ids,
       (select count(*) from batch_job_execution
        where create_time < (cast(:now as timestamptz) at time zone 'UTC') - interval '90 days') as older_than_90_days;
