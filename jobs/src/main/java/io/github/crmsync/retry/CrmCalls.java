package io.github.crmsync.retry;

import java.time.Duration;
import java.util.List;

import io.github.crmsync.catalog.ObjectType;
import io.github.crmsync.crm.CrmOutcome;
import io.github.crmsync.crm.CrmPort;
import io.github.crmsync.crm.CrmRecord;
import io.github.crmsync.crm.CrmUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * Calls the CRM port, retrying transient trouble ({@link CrmUnavailableException}) with exponential backoff and
 * jitter, and counts every call made (retries included: each one spends API allowance).
 */
class CrmCalls {

	private static final Logger logger = LoggerFactory.getLogger(CrmCalls.class);

	private final CrmPort crm;

	private final RetryTemplate retryTemplate;

	private final int maxRetries;

	private long calls;

	CrmCalls(CrmPort crm, CrmRetrySettings settings) {
		this.crm = crm;
		this.maxRetries = settings.maxRetries();
		RetryPolicy policy = RetryPolicy.builder()
			.includes(CrmUnavailableException.class)
			.maxRetries(settings.maxRetries())
			.delay(settings.delay())
			.multiplier(settings.multiplier())
			.maxDelay(settings.maxDelay())
			.jitter(settings.delay().dividedBy(4).isZero() ? Duration.ZERO : settings.delay().dividedBy(4))
			.build();
		this.retryTemplate = new RetryTemplate(policy);
		this.retryTemplate.setRetryListener(new RetryListener() {

			@Override
			public void onRetryFailure(RetryPolicy retryPolicy, Retryable<?> retryable, Throwable throwable) {
				logger.warn("CRM call failed, retrying: {}", throwable.getMessage());
			}

		});
	}

	List<CrmOutcome> upsert(ObjectType type, List<CrmRecord> records) {
		try {
			return this.retryTemplate.execute(() -> {
				this.calls++;
				return this.crm.upsert(type, records);
			});
		}
		catch (RetryException ex) {
			Throwable cause = ex.getLastException();
			if (cause instanceof CrmUnavailableException) {
				throw new CrmUnavailableException("CRM unavailable after " + (this.maxRetries + 1) + " attempts ("
						+ type.name() + ", " + records.size() + " records): " + cause.getMessage(), cause);
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(cause);
		}
	}

	/** Calls made so far (and resets the count). */
	long takeCalls() {
		long taken = this.calls;
		this.calls = 0;
		return taken;
	}

}
