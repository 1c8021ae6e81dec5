package io.github.crmsync.cli;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

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
					// GracefulShutdown owns SIGTERM: Spring's hook would close the
					// database under a running chunk
					this.context = new SpringApplicationBuilder(application).registerShutdownHook(false).run();
				}
				return this.context.getBean(type);
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

}
