package io.github.crmsync.cli;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The application could not start (the database cannot be reached or refuses the login,
 * the embedded database cannot start, a setting is invalid or missing). Spring reports
 * such a failure as a hundred lines of stack trace with the useful line last; the command
 * line prints this one line instead, which names what to fix: for the database its URL
 * (never a password) and the cause. {@code --verbose}, or a debug log level, adds the
 * stack trace.
 */
final class StartupFailure extends RuntimeException {

	/**
	 * SQL states of a connection that was not made: connection exceptions (08), bad
	 * credentials (28), an unknown database (3D000), too many connections (53300), a
	 * server starting or shutting down (57P).
	 */
	private static final List<String> CONNECTION_STATES = List.of("08", "28", "3D", "53", "57P");

	/**
	 * A JDBC URL's password, as a parameter ({@code password=}, {@code sslpassword=}) or
	 * in the user information ({@code //user:secret@host}).
	 */
	private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;])[a-z]*password=[^&;]*");

	private static final Pattern USER_INFO_PASSWORD = Pattern.compile("//([^/:@?]*):[^/@?]*@");

	private final boolean debug;

	private StartupFailure(String message, Throwable cause, boolean debug) {
		super(message, cause);
		this.debug = debug;
	}

	/**
	 * Whether the settings ask for debug logs ({@code logging.level.root} or
	 * {@code logging.level.io.github.crmsync}): then the stack trace is shown too.
	 */
	boolean debug() {
		return this.debug;
	}

	/**
	 * The failure {@code ex} of a start with {@code environment} ({@code null} if it
	 * failed before the environment was ready).
	 */
	static StartupFailure of(Throwable ex, @Nullable Environment environment) {
		return new StartupFailure(describe(ex, environment), ex, debug(environment));
	}

	static String describe(Throwable ex, @Nullable Environment environment) {
		SQLException sql = deepest(ex, SQLException.class);
		if (sql != null) {
			String state = (sql.getSQLState() != null) ? sql.getSQLState() : "";
			boolean connection = CONNECTION_STATES.stream().anyMatch(state::startsWith);
			return (connection ? "Cannot connect to the database " : "The database ") + database(environment)
					+ (connection ? ": " : " failed at start-up: ") + withRootCause(sql);
		}
		BindException bind = deepest(ex, BindException.class);
		if (bind != null && bind.getProperty() != null) {
			ConfigurationProperty property = bind.getProperty();
			String name = property.getName().toString();
			String value = secret(name) ? "(hidden)" : "'" + property.getValue() + "'";
			String origin = (property.getOrigin() != null) ? " (" + property.getOrigin() + ")" : "";
			return "Invalid setting " + name + " = " + value + origin + ": " + CrmSyncCli.describe(bind);
		}
		return CrmSyncCli.describe(ex);
	}

	/**
	 * {@code url} without its password: JDBC URLs may carry one as a parameter or in the
	 * user information.
	 */
	static String withoutPassword(String url) {
		String stripped = PASSWORD_PARAMETER.matcher(url).replaceAll("$1");
		stripped = stripped.replace("?&", "?").replace("&&", "&").replace(";;", ";");
		if (stripped.endsWith("?") || stripped.endsWith("&") || stripped.endsWith(";")) {
			stripped = stripped.substring(0, stripped.length() - 1);
		}
		return USER_INFO_PASSWORD.matcher(stripped).replaceAll("//$1@");
	}

	private static String database(@Nullable Environment environment) {
		String url = (environment != null) ? environment.getProperty("spring.datasource.url") : null;
		if (environment == null || !StringUtils.hasText(url)) {
			String directory = (environment != null)
					? environment.getProperty("crm-sync.embedded.data-directory", "~/.crm-sync-jobs/postgres") : "";
			return "(the embedded PostgreSQL in " + directory + ")";
		}
		String user = environment.getProperty("spring.datasource.username");
		return withoutPassword(url) + (StringUtils.hasText(user) ? " as " + user : "");
	}

	/**
	 * The SQL exception's message, and its root cause where that says more
	 * ({@code The connection attempt failed.} hides an unknown host).
	 */
	private static String withRootCause(SQLException sql) {
		String message = (sql.getMessage() != null) ? sql.getMessage().strip() : sql.getClass().getName();
		Throwable root = sql;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		if (root != sql && root.getMessage() != null && !message.contains(root.getMessage())) {
			message += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
		}
		return message;
	}

	private static boolean secret(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return lower.contains("password") || lower.contains("secret") || lower.contains("token")
				|| lower.contains("key");
	}

	private static boolean debug(@Nullable Environment environment) {
		if (environment == null) {
			return false;
		}
		for (String logger : List.of("logging.level.root", "logging.level.io.github.crmsync")) {
			String level = environment.getProperty(logger, "");
			if (level.equalsIgnoreCase("debug") || level.equalsIgnoreCase("trace")) {
				return true;
			}
		}
		return false;
	}

	private static <T extends Throwable> @Nullable T deepest(Throwable ex, Class<T> type) {
		@Nullable T found = null;
		for (Throwable cause = ex; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				found = type.cast(cause);
			}
		}
		return found;
	}

}
