package io.github.crmsync.cli;

import java.util.Locale;

/**
 * Output formats of a list: a table for people, CSV and JSON (never shortened) for
 * programs.
 */
enum ListFormat {

	TABLE, CSV, JSON;

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}

}
