package io.github.crmsync;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

import io.github.crmsync.catalog.ObjectType;
import io.github.crmsync.crm.CrmOutcome;
import io.github.crmsync.crm.CrmPort;
import io.github.crmsync.crm.CrmRecord;
import io.github.crmsync.crm.CrmUnavailableException;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Wraps the application's CRM port so that a test can make calls fail as an unavailable
 * CRM does, slow them down (to catch a run while it works), and count them. Calls are
 * numbered from 1 since the last {@link #reset()}.
 */
public final class ControllableCrm implements CrmPort {

	private final CrmPort delegate;

	private final AtomicInteger calls = new AtomicInteger();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger mostInFlight = new AtomicInteger();

	private volatile IntPredicate unavailable = (call) -> false;

	private volatile Duration delay = Duration.ZERO;

	private volatile int callsAtOnce;

	private volatile IntConsumer beforeCall = (call) -> {
	};

	ControllableCrm(CrmPort delegate) {
		this.delegate = delegate;
	}

	/** Makes the calls whose number matches fail with {@link CrmUnavailableException}. */
	public void unavailableFor(IntPredicate calls) {
		this.unavailable = calls;
	}

	/** Makes every call take at least {@code delay}, as a slow CRM does. */
	public void delayEachCall(Duration delay) {
		this.delay = delay;
	}

	/**
	 * Runs {@code action} with the call's number before each call goes out, while the
	 * chunk's transaction is open (to break something at that very moment).
	 */
	public void beforeEachCall(IntConsumer action) {
		this.beforeCall = action;
	}

	/**
	 * Makes the job send from {@code calls} worker threads, as it does to a real CRM (the
	 * sandbox then writes outside the chunk's transaction, each call on a connection of
	 * its own); 0 restores the delegate's own setting.
	 */
	public void callsAtOnce(int calls) {
		this.callsAtOnce = calls;
	}

	public void reset() {
		this.callsAtOnce = 0;
		this.calls.set(0);
		this.beforeCall = (call) -> {
		};
		this.mostInFlight.set(0);
		this.unavailable = (call) -> false;
		this.delay = Duration.ZERO;
	}

	/** The application's own CRM port, which this one wraps. */
	public CrmPort delegate() {
		return this.delegate;
	}

	public int calls() {
		return this.calls.get();
	}

	/** The most calls that were in flight at once since the last {@link #reset()}. */
	public int mostInFlight() {
		return this.mostInFlight.get();
	}

	@Override
	public List<CrmOutcome> upsert(ObjectType type, List<CrmRecord> records) {
		int call = this.calls.incrementAndGet();
		this.beforeCall.accept(call);
		if (!this.delay.isZero()) {
			try {
				Thread.sleep(this.delay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new CrmUnavailableException("Interrupted (test delay, call " + call + ")");
			}
		}
		if (this.unavailable.test(call)) {
			throw new CrmUnavailableException("Connection refused (test outage, call " + call + ")");
		}
		this.mostInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
		try {
			return this.delegate.upsert(type, records);
		}
		finally {
			this.inFlight.decrementAndGet();
		}
	}

	@Override
	public List<CrmOutcome> upsertBulk(ObjectType type, List<CrmRecord> records) {
		int call = this.calls.incrementAndGet();
		this.beforeCall.accept(call);
		if (this.unavailable.test(call)) {
			throw new CrmUnavailableException("Connection refused (test outage, call " + call + ")");
		}
		return this.delegate.upsertBulk(type, records);
	}

	@Override
	public int bulkThreshold() {
		return this.delegate.bulkThreshold();
	}

	@Override
	public int maxConcurrentCalls() {
		return (this.callsAtOnce > 0) ? this.callsAtOnce : this.delegate.maxConcurrentCalls();
	}

	@Override
	public long maxCallsPerRun() {
		return this.delegate.maxCallsPerRun();
	}

	@Override
	public String lastApiUsage() {
		return this.delegate.lastApiUsage();
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		static BeanPostProcessor controllableCrmWrapper() {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					return (bean instanceof CrmPort crm && !(bean instanceof ControllableCrm))
							? new ControllableCrm(crm) : bean;
				}

			};
		}

	}

}
