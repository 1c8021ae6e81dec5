package io.github.crmsync.support;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Makes the connection pool check every connection before it hands it out. HikariCP skips
 * the check for a connection used within the last 500 ms, which is every connection of a
 * busy job: when the server ends all sessions at once (a failover,
 * {@code pg_terminate_backend}), the chunk that breaks is followed by Spring Batch's save
 * of the step's status on another dead connection, which leaves the execution UNKNOWN,
 * and an UNKNOWN execution can never be restarted. The check costs one round trip per
 * borrowed connection, a few per chunk.
 * <p>
 * HikariCP reads the setting, a system property, when a pool is created: this runs before
 * any bean exists. A value set on the command line
 * ({@code -Dcom.zaxxer.hikari.aliveBypassWindowMs=…}) is kept.
 */
public class ConnectionValidation implements EnvironmentPostProcessor {

	static final String ALIVE_BYPASS_WINDOW = "com.zaxxer.hikari.aliveBypassWindowMs";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (System.getProperty(ALIVE_BYPASS_WINDOW) == null) {
			System.setProperty(ALIVE_BYPASS_WINDOW, "0");
		}
	}

}
