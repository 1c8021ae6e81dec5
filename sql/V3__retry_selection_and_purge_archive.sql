-- On-demand jobs: the Zuora IDs an operator selected (too many for job parameters), and the archive that purged
-- failures move to, from which a purge can be restored.

create table failure_selection (
	request_id text not null,
	zuora_id text not null,
	primary key (request_id, zuora_id)
);

create table sync_failure_archive (
	id bigint primary key,
	zuora_id text not null,
	object_type text not null,
	error_code text not null,
	error_message text not null,
	sync_date timestamptz not null,
	first_failed_at timestamptz not null,
	attempts integer not null,
	purged_at timestamptz not null,
	job_execution_id bigint not null
);

-- Restore by execution; drop what is older than the retention.
create index sync_failure_archive_execution_idx on sync_failure_archive (job_execution_id);
create index sync_failure_archive_purged_at_idx on sync_failure_archive (purged_at);
