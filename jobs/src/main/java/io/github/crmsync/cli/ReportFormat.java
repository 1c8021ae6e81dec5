package io.github.crmsync.cli;

import java.util.Locale;

/** Output formats of a report: a table for people, JSON for programs. */
enum ReportFormat {

	TABLE, JSON;

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}

}
