package io.github.crmsync.purge;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

import io.github.crmsync.failures.FailureReaders;
import io.github.crmsync.failures.FailureSelection;
import io.github.crmsync.failures.KeysetFailureReader;
import io.github.crmsync.failures.SyncFailure;
import io.github.crmsync.support.ChunkSizedStep;
import io.github.crmsync.support.JobFailures;
import io.github.crmsync.support.JobMetrics;
import io.github.crmsync.support.ProcessRuns;
import io.github.crmsync.support.Progress;
import io.github.crmsync.support.StepProgress;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code purgeJob}: {@code purgeStep} moves the selected failures to the archive a chunk
 * at a time (keyset paging on the primary key, as the retries read, up to the highest ID
 * listed at launch: {@link #MAX_ID}); {@code archiveRetentionStep} then drops archived
 * rows older than the retention.
 */
@Configuration(proxyBeanMethods = false)
public class PurgeJobConfiguration {

	public static final String JOB_NAME = "purgeJob";

	static final String DROPPED = "crmsync.purge.droppedFromArchive";

	/**
	 * The job parameter that bounds a purge to the rows listed when it was launched: the
	 * highest {@code id} then. Without it the keyset reader reached the rows that an
	 * import listed while the purge ran, so a newer failure of a record that the purge
	 * had already archived was archived too, behind the older one. An import gives a row
	 * it lists a higher ID (IDs only grow; an import takes them under the chunk-write
	 * lock and commits before it lets go of it), and a restore, which puts back old IDs,
	 * never runs beside a purge (the purge lock): so the bound holds exactly the rows
	 * listed at launch. Only the reader needs it, since the writer moves only the rows
	 * the reader gave it. Non-identifying, so a restart keeps it; an execution launched
	 * before it existed reads unbounded.
	 */
	public static final String MAX_ID = "maxId";

	@Bean
	Job purgeJob(JobRepository jobRepository, Step purgeStep, Step archiveRetentionStep, JobMetrics jobMetrics,
			ProcessRuns processRuns) {
		return new JobBuilder(JOB_NAME, jobRepository).start(purgeStep)
			.next(archiveRetentionStep)
			.listener(processRuns)
			.listener(new JobExecutionListener() {

				@Override
				public void afterJob(JobExecution jobExecution) {
					JobFailures.describeCause(jobExecution, jobRepository);
					PurgeReport report = PurgeReport.of(jobExecution);
					jobMetrics.count(JOB_NAME, "failures.purged", report.purged());
					jobMetrics.count(JOB_NAME, "archive.dropped", report.droppedFromArchive());
					jobMetrics.duration(JOB_NAME, report.status(), report.duration());
				}

			})
			.build();
	}

	@Bean
	Step purgeStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			KeysetFailureReader purgedFailuresReader, PurgeWriter purgeWriter, Progress progress) {
		return new ChunkSizedStep("purgeStep", (chunkSize) -> {
			StepProgress<SyncFailure, SyncFailure> stepProgress = new StepProgress<>(progress, "purgeStep",
					Progress.Unit.FAILURES, purgedFailuresReader::remaining);
			return new StepBuilder("purgeStep", jobRepository).<SyncFailure, SyncFailure>chunk(chunkSize)
				.transactionManager(transactionManager)
				.reader(purgedFailuresReader)
				.writer(purgeWriter)
				.stream(stepProgress)
				.listener(stepProgress)
				.build();
		});
	}

	@Bean
	@StepScope
	KeysetFailureReader purgedFailuresReader(DataSource dataSource,
			@Value("#{stepExecution.jobExecution.jobParameters}") JobParameters jobParameters,
			@Value("#{jobParameters['chunkSize']}") Long chunkSize) {
		FailureSelection selection = selection(jobParameters);
		String condition = selection.condition();
		Map<String, Object> parameters = new LinkedHashMap<>(selection.parameters());
		Long maxId = jobParameters.getLong(MAX_ID);
		if (maxId != null) {
			condition = "(" + condition + ") and id <= :maxId";
			parameters.put("maxId", maxId);
		}
		return FailureReaders.keyset("purgedFailuresReader", dataSource, condition, parameters, chunkSize.intValue());
	}

	@Bean
	@StepScope
	PurgeWriter purgeWriter(ArchiveRepository archiveRepository,
			@Value("#{stepExecution.jobExecution.jobParameters}") JobParameters jobParameters, ProcessRuns processRuns,
			Clock clock) {
		return new PurgeWriter(archiveRepository, selection(jobParameters), processRuns, clock);
	}

	@Bean
	Step archiveRetentionStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ArchiveRepository archiveRepository, PurgeSettings settings, ProcessRuns processRuns, Clock clock) {
		return new StepBuilder("archiveRetentionStep", jobRepository).tasklet((contribution, chunkContext) -> {
			processRuns.verifyLock(contribution.getStepExecution().getJobExecutionId());
			int dropped = archiveRepository.dropPurgedBefore(clock.instant().minus(settings.archiveRetention()));
			contribution.getStepExecution().getExecutionContext().putLong(DROPPED, dropped);
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	static FailureSelection selection(JobParameters parameters) {
		return FailureSelection.fromParameters(parameters::getString);
	}

}
