package io.github.crmsync.crm.salesforce;

import java.util.List;
import java.util.function.UnaryOperator;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The tests' {@link SalesforceOrg} as a JUnit extension, registered with
 * {@code @RegisterExtension static}: the org is started (and warmed up) before the
 * class's tests, reset before each test (stubs, recorded requests, issued tokens; then,
 * {@link #grantingTokens() granting tokens}, its token stub back), and stopped after
 * them.
 * <p>
 * It also starts at the first use of {@link #url()} or anything else, so that a Spring
 * test context built from a {@code @DynamicPropertySource} that names {@link #url()}
 * finds it running whenever the context is built. Each test class has an org of its own,
 * on a port of its own: a cached Spring context that names it belongs to that class alone
 * (its {@code @DynamicPropertySource} is part of its key).
 */
final class SalesforceOrgExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

	private final boolean grantsTokensBeforeEach;

	private @Nullable SalesforceOrg org;

	/** An org reset before each test to answer nothing. */
	SalesforceOrgExtension() {
		this(false);
	}

	private SalesforceOrgExtension(boolean grantsTokensBeforeEach) {
		this.grantsTokensBeforeEach = grantsTokensBeforeEach;
	}

	/**
	 * An org that, after its reset before each test, grants tokens
	 * ({@link SalesforceOrg#grantsTokens()}).
	 */
	static SalesforceOrgExtension grantingTokens() {
		return new SalesforceOrgExtension(true);
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		org();
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		reset();
		if (this.grantsTokensBeforeEach) {
			grantsTokens();
		}
	}

	@Override
	public synchronized void afterAll(ExtensionContext context) {
		if (this.org != null) {
			this.org.stop();
			this.org = null;
		}
	}

	/** The org, started at the first call. */
	synchronized SalesforceOrg org() {
		if (this.org == null) {
			SalesforceOrg org = new SalesforceOrg(UnaryOperator.identity());
			org.startWarmedUp();
			this.org = org;
		}
		return this.org;
	}

	/** The org's WireMock server, to stub, verify and find requests. */
	WireMockServer server() {
		return org().server;
	}

	/** The org's URL: its login URL and its instance URL. */
	String url() {
		return org().url();
	}

	/** Forgets every stub, recorded request and issued token. */
	void reset() {
		org().reset();
	}

	/** See {@link SalesforceOrg#grantsTokens()}. */
	SalesforceOrg grantsTokens() {
		return org().grantsTokens();
	}

	/** See {@link SalesforceOrg#acceptsUpserts()}. */
	SalesforceOrg acceptsUpserts() {
		return org().acceptsUpserts();
	}

	/** Token requests, in the order received. */
	List<LoggedRequest> tokenRequests() {
		return org().tokenRequests();
	}

	/** sObject Collections upsert requests, in the order received. */
	List<LoggedRequest> upsertRequests() {
		return org().upsertRequests();
	}

}
