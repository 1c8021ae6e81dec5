package io.github.crmsync.crm.salesforce;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How to reach Salesforce ({@code crm.salesforce.*}, environment variables
 * {@code CRM_SALESFORCE_*}). Bound whatever the target; {@link #check()} runs only when
 * {@code crm.target=salesforce}.
 *
 * @param loginUrl the org's My Domain URL, e.g. {@code https://acme.my.salesforce.com}
 * @param clientId the connected app's consumer key
 * @param clientSecret the connected app's consumer secret: from the environment or a
 * mounted secret, never shown
 * @param apiVersion the REST API version, e.g. {@code 62.0}
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for an answer to one request
 * @param maxRequestsInFlight how many upsert requests may be in flight at once (1 to 25)
 * @param maxCallsPerRun the most upsert calls one run may make, or {@code null} for no
 * limit
 * @param mappingFile a field mapping file whose sections replace those of the built-in
 * one, or {@code null}
 * @param bulkThreshold above how many records of one type in a chunk they go through Bulk
 * API 2.0 (0: never)
 * @param bulkPollInterval the first wait before asking whether a bulk job is done (then
 * doubling, up to 30 s)
 * @param bulkTimeout how long a bulk job may take before it is aborted (transient
 * trouble: retried)
 */
@ConfigurationProperties("crm.salesforce")
record SalesforceSettings(URI loginUrl, String clientId, String clientSecret, @DefaultValue("62.0") String apiVersion,
		@DefaultValue("10s") Duration connectTimeout, @DefaultValue("120s") Duration readTimeout,
		@DefaultValue("4") int maxRequestsInFlight, Long maxCallsPerRun, Path mappingFile,
		@DefaultValue("2000") int bulkThreshold, @DefaultValue("2s") Duration bulkPollInterval,
		@DefaultValue("10m") Duration bulkTimeout) {

	/**
	 * Salesforce allows 25 long-running requests at once per org, shared by every
	 * integration.
	 */
	static final int MOST_REQUESTS_IN_FLIGHT = 25;

	private static final Pattern API_VERSION = Pattern.compile("\\d{2,3}\\.0");

	/**
	 * Fails with one message naming every missing or invalid setting and its environment
	 * variable.
	 */
	SalesforceSettings check() {
		List<String> problems = new ArrayList<>();
		if (this.loginUrl == null || this.loginUrl.toString().isBlank()) {
			problems.add("crm.salesforce.login-url (CRM_SALESFORCE_LOGIN_URL) is missing: the org's My Domain URL, "
					+ "e.g. https://acme.my.salesforce.com");
		}
		else if (!secure(this.loginUrl)) {
			problems.add("crm.salesforce.login-url (CRM_SALESFORCE_LOGIN_URL) must be an https URL such as "
					+ "https://acme.my.salesforce.com (plain http only to localhost), not " + this.loginUrl);
		}
		if (this.clientId == null || this.clientId.isBlank()) {
			problems.add("crm.salesforce.client-id (CRM_SALESFORCE_CLIENT_ID) is missing: the connected app's "
					+ "consumer key");
		}
		if (this.clientSecret == null || this.clientSecret.isBlank()) {
			problems.add("crm.salesforce.client-secret (CRM_SALESFORCE_CLIENT_SECRET) is missing: the connected "
					+ "app's consumer secret");
		}
		if (this.apiVersion == null || !API_VERSION.matcher(this.apiVersion).matches()) {
			problems.add("crm.salesforce.api-version (CRM_SALESFORCE_API_VERSION) must look like 62.0, not "
					+ this.apiVersion);
		}
		if (this.connectTimeout == null || this.connectTimeout.isNegative() || this.connectTimeout.isZero()) {
			problems.add("crm.salesforce.connect-timeout (CRM_SALESFORCE_CONNECT_TIMEOUT) must be positive");
		}
		if (this.readTimeout == null || this.readTimeout.isNegative() || this.readTimeout.isZero()) {
			problems.add("crm.salesforce.read-timeout (CRM_SALESFORCE_READ_TIMEOUT) must be positive");
		}
		if (this.maxRequestsInFlight < 1 || this.maxRequestsInFlight > MOST_REQUESTS_IN_FLIGHT) {
			problems.add("crm.salesforce.max-requests-in-flight (CRM_SALESFORCE_MAX_REQUESTS_IN_FLIGHT) must be 1 to "
					+ MOST_REQUESTS_IN_FLIGHT + ", not " + this.maxRequestsInFlight);
		}
		if (this.maxCallsPerRun != null && this.maxCallsPerRun < 1) {
			problems.add("crm.salesforce.max-calls-per-run (CRM_SALESFORCE_MAX_CALLS_PER_RUN) must be at least 1, "
					+ "not " + this.maxCallsPerRun);
		}
		if (this.bulkThreshold < 0) {
			problems.add("crm.salesforce.bulk-threshold (CRM_SALESFORCE_BULK_THRESHOLD) must be 0 (never) or more, "
					+ "not " + this.bulkThreshold);
		}
		if (this.bulkPollInterval == null || this.bulkPollInterval.isNegative() || this.bulkPollInterval.isZero()
				|| this.bulkTimeout == null || this.bulkTimeout.compareTo(this.bulkPollInterval) < 0) {
			problems.add("crm.salesforce.bulk-poll-interval and bulk-timeout (CRM_SALESFORCE_BULK_POLL_INTERVAL, "
					+ "CRM_SALESFORCE_BULK_TIMEOUT) must be positive, the time-out no shorter than the interval");
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException(
					"crm.target=salesforce needs valid settings: " + String.join("; ", problems));
		}
		return this;
	}

	/**
	 * The secret goes to this URL: https, or plain http to this machine only (a test
	 * server).
	 */
	private static boolean secure(URI url) {
		if (!url.isAbsolute() || url.getHost() == null) {
			return false;
		}
		return "https".equals(url.getScheme()) || ("http".equals(url.getScheme())
				&& List.of("localhost", "127.0.0.1", "[::1]").contains(url.getHost()));
	}

	/** The version segment of REST paths, e.g. {@code v62.0}. */
	String apiPath() {
		return "/services/data/v" + this.apiVersion;
	}

	/** Says whether the client ID and secret are set, never what they are. */
	@Override
	public String toString() {
		String id = (this.clientId != null) ? "(set)" : null;
		String secret = (this.clientSecret != null) ? "(hidden)" : null;
		return "SalesforceSettings[loginUrl=" + this.loginUrl + ", clientId=" + id + ", clientSecret=" + secret
				+ ", apiVersion=" + this.apiVersion + ", connectTimeout=" + this.connectTimeout + ", readTimeout="
				+ this.readTimeout + ", maxRequestsInFlight=" + this.maxRequestsInFlight + ", maxCallsPerRun="
				+ this.maxCallsPerRun + ", mappingFile=" + this.mappingFile + ", bulkThreshold=" + this.bulkThreshold
				+ ", bulkPollInterval=" + this.bulkPollInterval + ", bulkTimeout=" + this.bulkTimeout + "]";
	}

}
