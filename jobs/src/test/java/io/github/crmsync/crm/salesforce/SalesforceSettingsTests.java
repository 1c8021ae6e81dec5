package io.github.crmsync.crm.salesforce;

import java.net.URI;
import java.time.Duration;

import io.github.crmsync.crm.CrmPort;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The Salesforce settings: checked at start-up when {@code crm.target=salesforce}, the
 * secret never shown.
 */
class SalesforceSettingsTests {

	final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(SalesforceConfiguration.class)
		.withBean(ObjectMapper.class, () -> JsonMapper.builder().build());

	@Test
	void aMissingSettingStopsTheStartNamingItAndItsEnvironmentVariable() {
		this.context
			.withPropertyValues("crm.target=salesforce", "crm.salesforce.login-url=https://acme.my.salesforce.com")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("crm.target=salesforce needs valid settings")
				.hasMessageContaining("crm.salesforce.client-id (CRM_SALESFORCE_CLIENT_ID) is missing")
				.hasMessageContaining("crm.salesforce.client-secret (CRM_SALESFORCE_CLIENT_SECRET) is missing")
				.hasMessageNotContaining("login-url"));
	}

	@Test
	void completeSettingsMakeSalesforceTheCrm() {
		this.context
			.withPropertyValues("crm.target=salesforce", "crm.salesforce.login-url=https://acme.my.salesforce.com",
					"crm.salesforce.client-id=id", "crm.salesforce.client-secret=secret",
					"crm.salesforce.max-requests-in-flight=6", "crm.salesforce.max-calls-per-run=900")
			.run((context) -> {
				assertThat(context).hasSingleBean(CrmPort.class);
				CrmPort crm = context.getBean(CrmPort.class);
				assertThat(crm).isInstanceOf(SalesforceCrm.class);
				assertThat(crm.maxConcurrentCalls()).isEqualTo(6);
				assertThat(crm.maxCallsPerRun()).isEqualTo(900);
			});
	}

	@Test
	void anotherTargetLeavesSalesforceAlone() {
		this.context.withPropertyValues("crm.target=sandbox")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CrmPort.class));
	}

	@Test
	void refusesValuesThatCannotWork() {
		SalesforceSettings settings = new SalesforceSettings(URI.create("http://acme.my.salesforce.com"), "id",
				"secret", "62", Duration.ofSeconds(10), Duration.ZERO, 26, 0L, null, -1, Duration.ofSeconds(2),
				Duration.ofSeconds(1));

		assertThatIllegalStateException().isThrownBy(settings::check)
			.withMessageContaining("must be an https URL")
			.withMessageContaining("api-version (CRM_SALESFORCE_API_VERSION) must look like 62.0, not 62")
			.withMessageContaining("read-timeout (CRM_SALESFORCE_READ_TIMEOUT) must be positive")
			.withMessageContaining("max-requests-in-flight (CRM_SALESFORCE_MAX_REQUESTS_IN_FLIGHT) must be 1 to 25")
			.withMessageContaining("max-calls-per-run (CRM_SALESFORCE_MAX_CALLS_PER_RUN) must be at least 1")
			.withMessageContaining("bulk-threshold (CRM_SALESFORCE_BULK_THRESHOLD) must be 0 (never) or more")
			.withMessageContaining("the time-out no shorter than the interval");
	}

	@Test
	void neverShowsTheSecret() {
		SalesforceSettings settings = new SalesforceSettings(URI.create("https://acme.my.salesforce.com"), "id",
				"Sec-123", "62.0", Duration.ofSeconds(10), Duration.ofSeconds(120), 4, null, null, 2000,
				Duration.ofSeconds(2), Duration.ofMinutes(10));

		assertThat(settings.toString()).doesNotContain("Sec-123").contains("clientSecret=(hidden)");
	}

}
