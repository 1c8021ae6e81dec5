package io.github.crmsync.crm.salesforce;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.github.crmsync.crm.CrmRejectedCredentialsException;
import io.github.crmsync.crm.CrmUnavailableException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The access token, from the OAuth 2.0 client credentials flow
 * ({@code POST <login-url>/services/oauth2/token}), fetched once and shared by every call
 * until Salesforce refuses it. Credentials that Salesforce refuses fail at once
 * ({@link CrmRejectedCredentialsException}); a login endpoint that cannot be reached is
 * transient trouble.
 */
final class SalesforceSession {

	private static final Logger logger = LoggerFactory.getLogger(SalesforceSession.class);

	private final RestClient rest;

	private final SalesforceSettings settings;

	private final ObjectMapper json;

	private @Nullable Token token;

	SalesforceSession(RestClient rest, SalesforceSettings settings, ObjectMapper json) {
		this.rest = rest;
		this.settings = settings;
		this.json = json;
	}

	/** The current token, fetched if there is none yet. */
	synchronized Token current() {
		if (this.token == null) {
			this.token = fetch();
		}
		return this.token;
	}

	/**
	 * A token other than {@code refused}: a new one, unless another call renewed it
	 * meanwhile (then one token request serves every call that saw the old token
	 * refused).
	 */
	synchronized Token renew(Token refused) {
		if (this.token == null || this.token == refused) {
			this.token = fetch();
		}
		return this.token;
	}

	/** Forgets the token: the next call signs in again. */
	synchronized void signOut() {
		this.token = null;
	}

	private Token fetch() {
		URI uri = URI.create(this.settings.loginUrl().toString().replaceAll("/+$", "") + "/services/oauth2/token");
		String form = "grant_type=client_credentials&client_id=" + encode(this.settings.clientId()) + "&client_secret="
				+ encode(this.settings.clientSecret());
		Answer answer;
		try {
			answer = this.rest.post()
				.uri(uri)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.accept(MediaType.APPLICATION_JSON)
				.body(form.getBytes(StandardCharsets.UTF_8))
				.exchange((request, response) -> new Answer(response.getStatusCode().value(), response.getHeaders(),
						response.getBody().readAllBytes()));
		}
		catch (RestClientException ex) {
			throw new CrmUnavailableException(
					"Salesforce login at " + uri + " could not be reached: " + SalesforceApi.rootMessage(ex), ex);
		}
		if (answer.status() == 429 || answer.status() >= 500) {
			throw new CrmUnavailableException(
					"Salesforce login at " + uri + " answered HTTP " + answer.status() + ": " + answer.error(this.json),
					answer.retryAfter());
		}
		if (answer.status() != 200) {
			throw new CrmRejectedCredentialsException("Salesforce refused the client credentials at " + uri + " ("
					+ answer.error(this.json) + "): check crm.salesforce.client-id and crm.salesforce.client-secret "
					+ "(CRM_SALESFORCE_CLIENT_ID, CRM_SALESFORCE_CLIENT_SECRET), crm.salesforce.login-url, and that "
					+ "the connected app enables the client credentials flow with a run-as user");
		}
		try {
			JsonNode body = this.json.readTree(answer.body());
			String accessToken = body.path("access_token").asString("");
			URI instanceUrl = URI.create(body.path("instance_url").asString(""));
			if (accessToken.isEmpty() || !instanceUrl.isAbsolute()) {
				throw new CrmUnavailableException(
						"Salesforce login at " + uri + " answered without an access_token and instance_url");
			}
			logger.info("Signed in to Salesforce: instance {}", instanceUrl);
			return new Token(accessToken, instanceUrl);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new CrmUnavailableException("Salesforce login at " + uri + " answered with an unreadable body");
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * An access token and the instance it is valid for; {@link #toString()} hides the
	 * token.
	 */
	record Token(String accessToken, URI instanceUrl) {

		@Override
		public String toString() {
			return "Token[instanceUrl=" + this.instanceUrl + ", accessToken=(hidden)]";
		}

	}

}
