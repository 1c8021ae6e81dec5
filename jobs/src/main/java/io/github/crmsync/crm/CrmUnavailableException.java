package io.github.crmsync.crm;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The CRM could not take a call at all (connection refused, time-out, HTTP 5xx, rate
 * limit): transient trouble that concerns the whole call. Retrying later may succeed; the
 * CRM may say when ({@link #retryAfter()}).
 */
public class CrmUnavailableException extends RuntimeException {

	private final @Nullable Duration retryAfter;

	public CrmUnavailableException(String message) {
		this(message, (Duration) null);
	}

	public CrmUnavailableException(String message, Throwable cause) {
		super(message, cause);
		this.retryAfter = null;
	}

	/**
	 * @param retryAfter how long the CRM asked the caller to wait before the next attempt
	 * ({@code Retry-After}), or {@code null}
	 */
	public CrmUnavailableException(String message, @Nullable Duration retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
	}

	/** How long the CRM asked the caller to wait before trying again, if it said. */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

}
