package io.github.crmsync.cli.shared;

import java.util.Locale;

/**
 * Output formats of a list: a table for people, CSV and JSON (never shortened) for
 * programs.
 */
public enum ListFormat {

	TABLE, CSV, JSON;

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}

}
