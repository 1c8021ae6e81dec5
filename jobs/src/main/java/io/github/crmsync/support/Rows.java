package io.github.crmsync.support;

import java.util.Map;

/**
 * Reading the counts a statement returns as one row ({@code count(*) filter (…) as …}).
 */
public final class Rows {

	private Rows() {
	}

	/** The count in {@code column} of {@code row}, 0 for none. */
	public static long count(Map<String, ?> row, String column) {
		return (row.get(column) instanceof Number number) ? number.longValue() : 0;
	}

}
