package io.github.crmsync.purge;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.crmsync.PostgresIntegrationTests;
import io.github.crmsync.support.JobLock;
import io.github.crmsync.support.ProcessRuns;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code archiveRetentionStep} of {@code purgeJob} on its own, launched by
 * {@link JobOperatorTestUtils#startStep} (which runs it as the only step of a job of its
 * own, {@code TestJob}): it drops the archived rows older than the retention (30 days by
 * default) and nothing else.
 * <p>
 * Its tasklet verifies that its execution holds its job lock
 * ({@code ProcessRuns.verifyLock}), as the chunk writers do. So the step is launched as
 * {@code JobLaunches} launches a job: holding {@link JobLock#PURGE}
 * ({@link JobLock#tryAcquire}), through {@link ProcessRuns#launch}, with
 * {@link ProcessRuns} a listener of the job it starts, as it is of every job of the
 * application ({@code TestJob} has none of its own, so the test utilities get a job
 * operator that registers it). Launched without the lock, the step fails on purpose.
 * <p>
 * The test utilities are built from the shared context's job operator and repository
 * rather than by {@code @SpringBatchTest}, which would add a context customizer, hence a
 * Spring context of its own.
 */
class ArchiveRetentionStepIntegrationTests extends PostgresIntegrationTests {

	static final Instant NOW = Instant.now();

	@Autowired
	JobOperator jobOperator;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	ProcessRuns processRuns;

	@Autowired
	DataSource dataSource;

	@Autowired
	@Qualifier(PurgeJobConfiguration.JOB_NAME)
	Job purgeJob;

	@Test
	void dropsTheArchivedRowsOlderThanTheRetentionAndCountsThem() throws Exception {
		// given
		archive(1001, "ARCHIVED-31-DAYS-AGO", NOW.minus(Duration.ofDays(31)));
		archive(1002, "ARCHIVED-30-DAYS-AND-1-HOUR-AGO", NOW.minus(Duration.ofDays(30)).minus(Duration.ofHours(1)));
		archive(1003, "ARCHIVED-29-DAYS-AGO", NOW.minus(Duration.ofDays(29)));
		failure("Invoice", "LISTED", "DACO-01", "x", NOW.minus(Duration.ofDays(90)), NOW.minus(Duration.ofDays(90)));
		List<Map<String, Object>> listed = listed();
		JobOperatorTestUtils steps = steps(registeringProcessRuns());

		// when
		JobExecution execution;
		try (JobLock lock = JobLock.tryAcquire(this.dataSource, JobLock.PURGE)) {
			assertThat(lock).isNotNull();
			execution = this.processRuns.launch(lock, (operator) -> steps.startStep("archiveRetentionStep",
					steps.getUniqueJobParameters(), new ExecutionContext()));
		}

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(execution.getExitStatus().getExitCode()).isEqualTo(ExitStatus.COMPLETED.getExitCode());
		StepExecution step = onlyStep(execution);
		assertThat(step.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(step.getExecutionContext().getLong(PurgeJobConfiguration.DROPPED)).isEqualTo(2);
		assertThat(archived()).containsExactly("ARCHIVED-29-DAYS-AGO");
		assertThat(listed()).isEqualTo(listed);
	}

	@Test
	void failsWithoutItsJobsLockAndDropsNothing() throws Exception {
		// given
		archive(1001, "ARCHIVED-31-DAYS-AGO", NOW.minus(Duration.ofDays(31)));
		archive(1002, "ARCHIVED-29-DAYS-AGO", NOW.minus(Duration.ofDays(29)));
		failure("Invoice", "LISTED", "DACO-01", "x", NOW.minus(Duration.ofDays(90)), NOW.minus(Duration.ofDays(90)));
		List<Map<String, Object>> listed = listed();
		JobOperatorTestUtils steps = steps(this.jobOperator);

		// when
		JobExecution execution = steps.startStep("archiveRetentionStep", steps.getUniqueJobParameters(),
				new ExecutionContext());

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getExitStatus().getExitCode()).isEqualTo(ExitStatus.FAILED.getExitCode());
		StepExecution step = onlyStep(execution);
		assertThat(step.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(step.getExitStatus().getExitDescription()).contains("Execution " + execution.getId()
				+ " runs without its job lock: launch jobs through their launcher, which holds it");
		assertThat(step.getExecutionContext().containsKey(PurgeJobConfiguration.DROPPED)).isFalse();
		assertThat(archived()).containsExactly("ARCHIVED-31-DAYS-AGO", "ARCHIVED-29-DAYS-AGO");
		assertThat(listed()).isEqualTo(listed);
	}

	/** Launches the steps of {@code purgeJob} through {@code operator}. */
	private JobOperatorTestUtils steps(JobOperator operator) {
		JobOperatorTestUtils steps = new JobOperatorTestUtils(operator, this.jobRepository);
		steps.setJob(this.purgeJob);
		return steps;
	}

	/**
	 * The context's job operator, registering {@link ProcessRuns} as a listener of each
	 * job it starts, as every job of the application registers it: so that
	 * {@link ProcessRuns#launch} binds its lock to the execution of {@code TestJob} too.
	 */
	private JobOperator registeringProcessRuns() {
		return (JobOperator) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { JobOperator.class },
				(proxy, method, args) -> {
					if (method.getName().equals("start") && args != null && args.length == 2
							&& args[0] instanceof AbstractJob job) {
						job.registerJobExecutionListener(this.processRuns);
					}
					try {
						return method.invoke(this.jobOperator, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	/** The one step execution of {@code execution}, as the job repository holds it. */
	private StepExecution onlyStep(JobExecution execution) {
		JobExecution stored = this.jobRepository.getJobExecution(execution.getId());
		assertThat(stored.getJobInstance().getJobName()).isEqualTo("TestJob");
		assertThat(stored.getStepExecutions()).hasSize(1);
		StepExecution step = stored.getStepExecutions().iterator().next();
		assertThat(step.getStepName()).isEqualTo("archiveRetentionStep");
		return step;
	}

	private void archive(long id, String zuoraId, Instant purgedAt) {
		this.jdbc.sql("""
				insert into sync_failure_archive (id, zuora_id, object_type, error_code, error_message, sync_date,
					first_failed_at, attempts, purged_at, job_execution_id)
				values (?, ?, 'Invoice', 'DACO-01', 'x', ?, ?, 1, ?, 7)""")
			.params(id, zuoraId, utc(purgedAt.minus(Duration.ofDays(1))), utc(purgedAt.minus(Duration.ofDays(1))),
					utc(purgedAt))
			.update();
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private List<String> archived() {
		return this.jdbc.sql("select zuora_id from sync_failure_archive order by id").query(String.class).list();
	}

	private List<Map<String, Object>> listed() {
		return this.jdbc.sql("select * from sync_failure order by id").query().listOfRows();
	}

}
