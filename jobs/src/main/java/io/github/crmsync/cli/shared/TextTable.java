package io.github.crmsync.cli.shared;

import java.io.PrintWriter;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A plain-text table with fixed column widths, printed row by row (so that a long list
 * streams). A value longer than its column is shortened with an ellipsis, and line breaks
 * are shown as spaces; a negative width aligns the column to the right (numbers).
 */
public final class TextTable {

	private final PrintWriter out;

	private final int[] widths;

	public TextTable(PrintWriter out, List<String> headers, int... widths) {
		this.out = out;
		this.widths = widths;
		row(headers.toArray(String[]::new));
	}

	/**
	 * Widths that fit every value of {@code rows} (and the headers); negative for the
	 * columns in {@code right}.
	 */
	public static int[] fit(List<String> headers, List<List<String>> rows, int... right) {
		int[] widths = headers.stream().mapToInt(String::length).toArray();
		for (List<String> row : rows) {
			for (int i = 0; i < widths.length; i++) {
				widths[i] = Math.max(widths[i], String.valueOf(row.get(i)).length());
			}
		}
		for (int column : right) {
			widths[column] = -widths[column];
		}
		return widths;
	}

	public void row(@Nullable String... values) {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < this.widths.length; i++) {
			int width = Math.abs(this.widths[i]);
			String value = shorten((values[i] != null) ? values[i] : "", width);
			String padding = " ".repeat(width - value.length());
			if (i > 0) {
				line.append("  ");
			}
			line.append((this.widths[i] < 0) ? padding + value : value + ((i < this.widths.length - 1) ? padding : ""));
		}
		this.out.println(line);
	}

	public static String shorten(String value, int width) {
		String flat = TerminalText.safe(value.replaceAll("\\s*[\\r\\n]+\\s*", " "), false);
		if (flat.length() <= width) {
			return flat;
		}
		int end = width - 1;
		if (end > 0 && Character.isHighSurrogate(flat.charAt(end - 1))) {
			end--;
		}
		return flat.substring(0, end) + "…";
	}

}
