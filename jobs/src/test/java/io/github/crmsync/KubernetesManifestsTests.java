package io.github.crmsync;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.crmsync.cli.CrmSyncCli;
import io.github.crmsync.cli.Services;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parses every manifest under {@code config/kubernetes} (offline) and checks what running
 * the jobs safely needs.
 */
class KubernetesManifestsTests {

	static final Path MANIFESTS = Path.of("..", "config", "kubernetes");

	static Map<String, Map<String, Object>> byKindAndName = new java.util.HashMap<>();

	@BeforeAll
	static void parseEveryManifest() throws IOException {
		try (Stream<Path> files = Files.list(MANIFESTS)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".yaml")).toList()) {
				try (Reader reader = Files.newBufferedReader(file)) {
					for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
						Map<String, Object> manifest = map(document);
						assertThat(manifest).as(file.toString()).containsKeys("apiVersion", "kind", "metadata");
						byKindAndName.put(manifest.get("kind") + "/" + map(manifest.get("metadata")).get("name"),
								manifest);
					}
				}
			}
		}
		assertThat(byKindAndName).containsKeys("CronJob/crm-sync-daily-retry", "Job/crm-sync-retry-invoices",
				"Job/crm-sync-purge-older-than-30-days", "Secret/crm-sync-jobs", "ConfigMap/crm-sync-jobs");
	}

	@Test
	void theDailyRetryRunsAtItsSlotsOneAtATimeAndHasTimeToStopGracefully() {
		// given
		Map<String, Object> cronJob = byKindAndName.get("CronJob/crm-sync-daily-retry");
		Map<String, Object> spec = map(cronJob.get("spec"));

		// then
		assertThat(spec).containsEntry("schedule", "30 11,23 * * *")
			.containsEntry("timeZone", "Etc/UTC")
			.containsEntry("concurrencyPolicy", "Forbid")
			.containsKeys("successfulJobsHistoryLimit", "failedJobsHistoryLimit");
		assertThat((Integer) spec.get("startingDeadlineSeconds")).isPositive();
		Map<String, Object> jobSpec = map(map(spec.get("jobTemplate")).get("spec"));
		assertThat((Integer) jobSpec.get("backoffLimit")).isPositive();
		Map<String, Object> pod = map(map(jobSpec.get("template")).get("spec"));
		assertPodRunsTheCli(pod, "daily-retry");
		long shutdownTimeout = Duration
			.parse("PT" + configMap().get("CRM_SYNC_SHUTDOWN_TIMEOUT").toString().toUpperCase())
			.toSeconds();
		assertThat((Integer) pod.get("terminationGracePeriodSeconds")).isGreaterThan((int) shutdownTimeout);
	}

	@Test
	void adHocRetryAndPurgeJobsRunOnceWithValidArguments() {
		for (String name : List.of("Job/crm-sync-retry-invoices", "Job/crm-sync-purge-older-than-30-days")) {
			// given
			Map<String, Object> spec = map(byKindAndName.get(name).get("spec"));

			// then
			assertThat(spec).as(name).containsEntry("backoffLimit", 0);
			assertPodRunsTheCli(map(map(spec.get("template")).get("spec")), name.contains("retry") ? "retry" : "purge");
		}
	}

	@Test
	void credentialsComeFromTheSecretAsTheDocumentedEnvironmentVariables() {
		// given
		Map<String, Object> secret = byKindAndName.get("Secret/crm-sync-jobs");

		// then
		assertThat(map(secret.get("stringData"))).containsKeys("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
				"SPRING_DATASOURCE_PASSWORD", "CRM_SALESFORCE_CLIENT_ID", "CRM_SALESFORCE_CLIENT_SECRET");
		assertThat(configMap()).doesNotContainKeys("SPRING_DATASOURCE_PASSWORD", "CRM_SALESFORCE_CLIENT_SECRET");
	}

	private static void assertPodRunsTheCli(Map<String, Object> pod, String command) {
		assertThat(pod).containsEntry("restartPolicy", "Never");
		assertThat(map(pod.get("securityContext"))).containsEntry("runAsNonRoot", true);
		List<Map<String, Object>> containers = list(pod.get("containers"));
		assertThat(containers).hasSize(1);
		Map<String, Object> container = containers.get(0);
		List<String> args = list(container.get("args"));
		assertThat(args.get(0)).isEqualTo(command);
		assertThat(parses(args)).as("args %s parse as a crm-sync-jobs command line", args).isTrue();
		Map<String, Object> resources = map(container.get("resources"));
		assertThat(map(resources.get("requests"))).containsKeys("cpu", "memory");
		assertThat(map(resources.get("limits"))).containsKeys("memory");
		List<Map<String, Object>> envFrom = list(container.get("envFrom"));
		assertThat(envFrom).extracting((source) -> source.keySet().iterator().next())
			.containsExactlyInAnyOrder("configMapRef", "secretRef");
	}

	/** Parses (without running) the container's arguments with the real command line. */
	private static boolean parses(List<String> args) {
		Services unused = new Services() {

			@Override
			public <T> T get(Class<T> type) {
				throw new AssertionError("parsing must not need the application");
			}

		};
		try {
			CrmSyncCli.commandLine(unused, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
				.parseArgs(args.toArray(String[]::new));
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static Map<String, Object> configMap() {
		return map(byKindAndName.get("ConfigMap/crm-sync-jobs").get("data"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static <T> List<T> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return new ArrayList<>((List<T>) value);
	}

}
