-- Spring Batch's DDL indexes no foreign key: with 100,000 executions, the repository's own lookups (steps of an
-- execution, parameters, executions of an instance) and the history's filters need these.
create index batch_job_execution_instance_idx on batch_job_execution (job_instance_id);
create index batch_job_execution_status_idx on batch_job_execution (status, job_execution_id);
create index batch_job_execution_create_time_idx on batch_job_execution (create_time);
create index batch_job_execution_params_execution_idx on batch_job_execution_params (job_execution_id);
create index batch_step_execution_execution_idx on batch_step_execution (job_execution_id);
create index batch_job_instance_name_idx on batch_job_instance (job_name, job_instance_id);
