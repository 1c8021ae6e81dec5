package io.github.crmsync.crm.salesforce;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.HttpHeaders;

/**
 * One answer from Salesforce, read whole: its status, headers and body.
 */
record Answer(int status, HttpHeaders headers, byte[] body) {

	/**
	 * Salesforce reports the org's API usage in every REST answer:
	 * {@code api-usage=25/15000}.
	 */
	static final String LIMIT_INFO = "Sforce-Limit-Info";

	private static final Pattern API_USAGE = Pattern.compile("(?:^|[\\s,;])api-usage=(\\d+/\\d+)");

	private static final int MOST_BODY_SHOWN = 500;

	/**
	 * The org's API usage ({@code used/allowed}) this answer reports, or {@code null}.
	 */
	@Nullable String apiUsage() {
		String info = this.headers.getFirst(LIMIT_INFO);
		if (info == null) {
			return null;
		}
		Matcher matcher = API_USAGE.matcher(info);
		return matcher.find() ? matcher.group(1) : null;
	}

	/**
	 * How long the server asked to wait ({@code Retry-After}, seconds or an HTTP date),
	 * or {@code null}.
	 */
	@Nullable Duration retryAfter() {
		String value = this.headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
		}
		catch (NumberFormatException ex) {
			try {
				Duration wait = Duration.between(ZonedDateTime.now(),
						ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
				return wait.isNegative() ? Duration.ZERO : wait;
			}
			catch (DateTimeParseException unreadable) {
				return null;
			}
		}
	}

	/**
	 * What the body says went wrong, as {@code ERROR_CODE: message [fields]}
	 * (Salesforce's error list, or OAuth's {@code error}/{@code error_description}), else
	 * the status and the start of the body.
	 */
	String error(ObjectMapper json) {
		try {
			JsonNode errors = json.readTree(this.body);
			List<String> described = new ArrayList<>();
			for (JsonNode error : errors.isArray() ? errors : List.of(errors)) {
				String code = error.path("errorCode").asString(error.path("error").asString(""));
				String message = error.path("message").asString(error.path("error_description").asString(""));
				if (!code.isEmpty() || !message.isEmpty()) {
					described.add(describe(code, message, error.path("fields")));
				}
			}
			if (!described.isEmpty()) {
				return String.join("; ", described);
			}
		}
		catch (JacksonException ex) {
			// not JSON: the raw body below says more than the parser
		}
		return "HTTP " + this.status + ((this.body.length > 0) ? ": " + bodyText() : "");
	}

	/** The error code of the body's first error, or {@code ""}. */
	String errorCode(ObjectMapper json) {
		try {
			JsonNode errors = json.readTree(this.body);
			JsonNode first = errors.isArray() ? errors.path(0) : errors;
			return first.path("errorCode").asString(first.path("error").asString(""));
		}
		catch (JacksonException ex) {
			return "";
		}
	}

	/** The start of the body, as text. */
	String bodyText() {
		String text = new String(this.body, StandardCharsets.UTF_8).strip();
		return (text.length() > MOST_BODY_SHOWN) ? text.substring(0, MOST_BODY_SHOWN) + "…" : text;
	}

	/** {@code STATUS_CODE: message [field, …]}, the fields only when there are some. */
	static String describe(String code, String message, JsonNode fields) {
		List<String> names = new ArrayList<>();
		if (fields != null && fields.isArray()) {
			fields.forEach((field) -> names.add(field.asString()));
		}
		return code + ": " + message + (names.isEmpty() ? "" : " [" + String.join(", ", names) + "]");
	}

}
