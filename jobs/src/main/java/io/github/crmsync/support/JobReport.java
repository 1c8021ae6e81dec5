package io.github.crmsync.support;

import java.util.Map;

/**
 * The outcome of one job execution, as data: what a front end prints or shows. Each kind
 * of job has its own ({@code RetryReport}, {@code PurgeReport}); they share this shape.
 */
public interface JobReport {

	long executionId();

	/** The execution's batch status: COMPLETED, FAILED, STOPPED, … */
	String status();

	/** The report as ordered name/value pairs, for a table, a log line or JSON. */
	Map<String, Object> asMap();

	default boolean completed() {
		return "COMPLETED".equals(status());
	}

}
