package io.github.crmsync.cli;

import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Where commands get the application's beans. The production instance starts the Spring
 * application on the first request, so that parsing, {@code --help} and usage errors
 * never start a database; tests hand in their own context.
 */
public abstract class Services implements AutoCloseable {

	public abstract <T> T get(Class<T> type);

	/** The application context if it has started, else {@code null}. */
	public @Nullable ApplicationContext started() {
		return null;
	}

	@Override
	public void close() {
	}

	/**
	 * Starts {@code application} when a command first needs a bean, and stops it on
	 * {@link #close()}.
	 */
	public static Services lazy(Class<?> application) {
		return new Services() {

			private volatile @Nullable ConfigurableApplicationContext context;

			@Override
			public synchronized <T> T get(Class<T> type) {
				if (this.context == null) {
					this.context = start(application);
				}
				try {
					return this.context.getBean(type);
				}
				catch (BeansException ex) {
					// a lazily created bean (the database's, the CRM's) that cannot start
					throw StartupFailure.of(ex, this.context.getEnvironment());
				}
			}

			@Override
			public @Nullable ApplicationContext started() {
				return this.context;
			}

			@Override
			public synchronized void close() {
				if (this.context != null) {
					this.context.close();
				}
			}

		};
	}

	/**
	 * Starts the application, or throws a {@link StartupFailure} that says in one line
	 * why it cannot.
	 */
	private static ConfigurableApplicationContext start(Class<?> application) {
		// GracefulShutdown owns SIGTERM: Spring's hook would close the database under a
		// running chunk
		SpringApplication spring = new SpringApplicationBuilder(application).registerShutdownHook(false).build();
		AtomicReference<Environment> environment = new AtomicReference<>();
		spring.addListeners(new EnvironmentListener(environment));
		try {
			return spring.run();
		}
		catch (RuntimeException ex) {
			throw StartupFailure.of(ex, environment.get());
		}
	}

	/** The beans of a running context (which stays open). */
	public static Services of(ApplicationContext context) {
		return new Services() {

			@Override
			public <T> T get(Class<T> type) {
				return context.getBean(type);
			}

			@Override
			public ApplicationContext started() {
				return context;
			}

		};
	}

	/** Keeps the environment, for the message of a start that fails after it. */
	private record EnvironmentListener(AtomicReference<Environment> environment)
			implements
				ApplicationListener<ApplicationEnvironmentPreparedEvent> {

		@Override
		public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
			this.environment.set(event.getEnvironment());
		}

	}

}
