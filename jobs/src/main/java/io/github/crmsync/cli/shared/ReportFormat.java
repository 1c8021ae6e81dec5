package io.github.crmsync.cli.shared;

import java.util.Locale;

/** Output formats of a report: a table for people, JSON for programs. */
public enum ReportFormat {

	TABLE, JSON;

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}

}
