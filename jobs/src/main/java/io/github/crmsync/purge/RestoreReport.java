package io.github.crmsync.purge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code purge --restore} did, each count from the rows a statement touched or
 * found, so that what it prints is true of every row.
 *
 * @param executionId the purge whose archived failures were restored
 * @param restored failures put back in the list
 * @param replacedOlder of those, how many took the place of an older failure of their
 * record listed since
 * @param newerListed failures left archived because the list holds a failure of their
 * record as new or newer
 * @param newerArchived failures left archived because another purge archived a newer
 * failure of their record
 * @param newerArchivedBy the purge executions that archived those newer failures
 */
public record RestoreReport(long executionId, long restored, long replacedOlder, long newerListed, long newerArchived,
		List<Long> newerArchivedBy) {

	public long notRestored() {
		return this.newerListed + this.newerArchived;
	}

	public Map<String, Object> asMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("execution", this.executionId);
		map.put("restored", this.restored);
		map.put("replacedOlder", this.replacedOlder);
		map.put("notRestored", notRestored());
		map.put("newerListed", this.newerListed);
		map.put("newerArchived", this.newerArchived);
		map.put("newerArchivedBy", this.newerArchivedBy);
		return map;
	}

	/** One line for people: what came back, and why the rest stays archived. */
	public String describe() {
		StringBuilder line = new StringBuilder(
				"Restored " + this.restored + " failures purged by execution " + this.executionId);
		if (this.replacedOlder > 0) {
			line.append(" (")
				.append(this.replacedOlder)
				.append(" in place of an older failure of ")
				.append((this.replacedOlder == 1) ? "its" : "their")
				.append(" record, listed since)");
		}
		if (this.newerListed > 0) {
			line.append("; ")
				.append(stay(this.newerListed))
				.append(": a failure of ")
				.append((this.newerListed == 1) ? "its" : "their")
				.append(" record as new or newer is listed");
		}
		if (this.newerArchived > 0) {
			line.append("; ")
				.append(stay(this.newerArchived))
				.append(": a newer failure of ")
				.append((this.newerArchived == 1) ? "its" : "their")
				.append(" record is archived by purge execution")
				.append((this.newerArchivedBy.size() == 1) ? " " : "s ")
				.append(this.newerArchivedBy.stream().map(String::valueOf).collect(Collectors.joining(", ")));
		}
		return line.toString();
	}

	private static String stay(long count) {
		return count + ((count == 1) ? " stays archived" : " stay archived");
	}

}
