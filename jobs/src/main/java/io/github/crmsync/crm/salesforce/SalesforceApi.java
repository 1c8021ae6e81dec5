package io.github.crmsync.crm.salesforce;

import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

import io.github.crmsync.crm.CrmLimitExceededException;
import io.github.crmsync.crm.CrmRejectedCredentialsException;
import io.github.crmsync.crm.CrmUnavailableException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Requests to the org's versioned REST API ({@code <instance>/services/data/vNN.N/…}),
 * signed in with the {@link SalesforceSession}'s token, and what every request has in
 * common:
 * <ul>
 * <li>401: the token expired; a new one is fetched once and the request repeated (refused
 * again: {@link CrmRejectedCredentialsException});</li>
 * <li>403 {@code REQUEST_LIMIT_EXCEEDED}: {@link CrmLimitExceededException} with the
 * org's usage; 5xx, 429, time-outs and connection trouble:
 * {@link CrmUnavailableException}, carrying {@code Retry-After};</li>
 * <li>the org's API usage of every answer ({@code Sforce-Limit-Info}) is kept.</li>
 * </ul>
 * Any other answer goes back to the caller, who knows what it means.
 */
final class SalesforceApi {

	private static final Logger logger = LoggerFactory.getLogger(SalesforceApi.class);

	private final RestClient rest;

	private final SalesforceSession session;

	private final SalesforceSettings settings;

	private final ObjectMapper json;

	private final AtomicReference<String> apiUsage = new AtomicReference<>();

	SalesforceApi(RestClient rest, SalesforceSettings settings, ObjectMapper json) {
		this.rest = rest;
		this.session = new SalesforceSession(rest, settings, json);
		this.settings = settings;
		this.json = json;
	}

	/**
	 * Sends JSON {@code body} ({@code null} for none) to {@code path} under the versioned
	 * API, accepting JSON; {@code what} names the request in messages ("the upsert of 200
	 * Zuora__ZInvoice__c records").
	 */
	Answer send(HttpMethod method, String path, byte @Nullable [] body, String what) {
		return send(method, path, MediaType.APPLICATION_JSON, body, MediaType.APPLICATION_JSON, what);
	}

	/**
	 * Sends {@code body} ({@code null} for none) of {@code contentType} to {@code path},
	 * accepting {@code accept}.
	 */
	Answer send(HttpMethod method, String path, @Nullable MediaType contentType, byte @Nullable [] body,
			@Nullable MediaType accept, String what) {
		SalesforceSession.Token token = this.session.current();
		Answer answer = exchange(token, method, path, contentType, body, accept, what);
		if (answer.status() == 401) {
			logger.info("Salesforce refused the access token ({}): fetching a new one", answer.error(this.json));
			answer = exchange(this.session.renew(token), method, path, contentType, body, accept, what);
			if (answer.status() == 401) {
				throw new CrmRejectedCredentialsException("Salesforce refused a newly issued access token ("
						+ answer.error(this.json) + "): check the connected app's run-as user and its OAuth scopes");
			}
		}
		int status = answer.status();
		if (status == 403 && "REQUEST_LIMIT_EXCEEDED".equals(answer.errorCode(this.json))) {
			String usage = answer.apiUsage();
			throw new CrmLimitExceededException("Salesforce refused the call: " + answer.error(this.json)
					+ " (org API usage " + ((usage != null) ? usage : "not reported") + "): the org's 24-hour API "
					+ "allowance is spent, no further calls were made; restart the run once it has recovered");
		}
		if (status == 429 || status >= 500) {
			throw new CrmUnavailableException(
					"Salesforce answered HTTP " + status + " to " + what + ": " + answer.error(this.json),
					answer.retryAfter());
		}
		return answer;
	}

	private Answer exchange(SalesforceSession.Token token, HttpMethod method, String path,
			@Nullable MediaType contentType, byte @Nullable [] body, @Nullable MediaType accept, String what) {
		URI uri = URI.create(token.instanceUrl().toString().replaceAll("/+$", "") + this.settings.apiPath() + path);
		Answer answer;
		try {
			RestClient.RequestBodySpec request = this.rest.method(method)
				.uri(uri)
				.headers((headers) -> headers.setBearerAuth(token.accessToken()))
				.accept((accept != null) ? accept : MediaType.APPLICATION_JSON);
			if (body != null) {
				request.contentType((contentType != null) ? contentType : MediaType.APPLICATION_JSON).body(body);
			}
			answer = request.exchange((sent, response) -> new Answer(response.getStatusCode().value(),
					response.getHeaders(), response.getBody().readAllBytes()));
		}
		catch (RestClientException ex) {
			throw new CrmUnavailableException("Salesforce did not answer " + what + ": " + rootMessage(ex), ex);
		}
		String usage = answer.apiUsage();
		if (usage != null) {
			this.apiUsage.set(usage);
		}
		return answer;
	}

	/**
	 * The org's API usage ({@code used/allowed}) as the last answer reported it, or
	 * {@code null}.
	 */
	@Nullable String lastApiUsage() {
		return this.apiUsage.get();
	}

	/** Forgets the access token, so that the next request signs in again. */
	void signOut() {
		this.session.signOut();
	}

	/**
	 * The deepest cause's message: what went wrong on the wire (refused, timed out,
	 * reset).
	 */
	static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return root.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

}
