-- Which process runs (or ran) each job execution, and the fencing token of each job lock.

-- Facts of an execution, not of its job instance: a restart is run by another process than the first attempt, so
-- the host and pid are recorded per execution (job parameters are copied from the execution a restart resumes).
create table job_execution_process (
	job_execution_id bigint primary key references batch_job_execution (job_execution_id) on delete cascade,
	host text not null,
	pid bigint not null,
	recorded_at timestamptz not null default now()
);

-- One row per job lock (crm-sync-jobs:retry, crm-sync-jobs:purge): the token of the run that holds it. Every chunk of
-- that run reads its row FOR SHARE in the chunk's transaction and goes on only if the token is still its own; a run
-- that takes the lock over writes a new token, which waits for the chunk in flight to commit or roll back. So two
-- runs can never both commit chunks under one lock, even if the first run's lock session ended while it worked.
create table job_lock_fence (
	name text primary key,
	token uuid not null,
	holder_pid integer not null,
	acquired_at timestamptz not null default now()
);
