package io.github.crmsync.retry;

import java.util.EnumMap;
import java.util.Map;

import io.github.crmsync.failures.ErrorCode;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What a run did, kept in the step's execution context: committed with each chunk, so the
 * counts survive a restart and the job repository holds them.
 *
 * @param resynced failures whose unit re-synced (rows deleted)
 * @param stillFailing failures that failed again, by their new error code
 * @param recordsSent records sent to the CRM (descendants included)
 * @param childRowsDeleted failure rows of cascaded records deleted along with their
 * parent's
 * @param crmCalls calls made to the CRM (retries included)
 * @param leftChanged failures left as they were because someone else changed (or purged)
 * them meanwhile
 * @param crmApiUsage the CRM's API usage as it last reported it during the run
 * ({@code used/allowed}), or {@code null} (the sandbox reports none)
 */
record RetryCounts(long resynced, Map<ErrorCode, Long> stillFailing, long recordsSent, long childRowsDeleted,
		long crmCalls, long leftChanged, @Nullable String crmApiUsage) {

	private static final String PREFIX = "crmsync.retry.";

	static RetryCounts zero() {
		Map<ErrorCode, Long> failing = new EnumMap<>(ErrorCode.class);
		for (ErrorCode code : ErrorCode.values()) {
			failing.put(code, 0L);
		}
		return new RetryCounts(0, failing, 0, 0, 0, 0, null);
	}

	/** Only CRM calls made and the API usage last reported ({@code null} if none). */
	static RetryCounts calls(long crmCalls, @Nullable String crmApiUsage) {
		return new RetryCounts(0, zero().stillFailing(), 0, 0, crmCalls, 0, crmApiUsage);
	}

	long stillFailingTotal() {
		return this.stillFailing.values().stream().mapToLong(Long::longValue).sum();
	}

	RetryCounts plus(RetryCounts other) {
		Map<ErrorCode, Long> failing = new EnumMap<>(ErrorCode.class);
		for (ErrorCode code : ErrorCode.values()) {
			failing.put(code, this.stillFailing.getOrDefault(code, 0L) + other.stillFailing.getOrDefault(code, 0L));
		}
		return new RetryCounts(this.resynced + other.resynced, failing, this.recordsSent + other.recordsSent,
				this.childRowsDeleted + other.childRowsDeleted, this.crmCalls + other.crmCalls,
				this.leftChanged + other.leftChanged,
				(other.crmApiUsage != null) ? other.crmApiUsage : this.crmApiUsage);
	}

	/** This run minus {@code earlier} (the API usage stays this one's). */
	RetryCounts minus(RetryCounts earlier) {
		Map<ErrorCode, Long> failing = new EnumMap<>(ErrorCode.class);
		for (ErrorCode code : ErrorCode.values()) {
			failing.put(code, this.stillFailing.getOrDefault(code, 0L) - earlier.stillFailing.getOrDefault(code, 0L));
		}
		return new RetryCounts(this.resynced - earlier.resynced, failing, this.recordsSent - earlier.recordsSent,
				this.childRowsDeleted - earlier.childRowsDeleted, this.crmCalls - earlier.crmCalls,
				this.leftChanged - earlier.leftChanged, this.crmApiUsage);
	}

	/**
	 * The counts of the slot (or request) so far: a restarted step carries them over from
	 * the failed execution.
	 */
	static RetryCounts from(ExecutionContext context) {
		return from(context, PREFIX);
	}

	/** The counts {@link #from} held when this execution's step started. */
	static RetryCounts atStart(ExecutionContext context) {
		return from(context, PREFIX + "start.");
	}

	/**
	 * Notes the counts carried over into this execution, so that its report counts only
	 * its own work.
	 */
	void markStart(ExecutionContext context) {
		into(context, PREFIX + "start.");
	}

	void into(ExecutionContext context) {
		into(context, PREFIX);
	}

	private static RetryCounts from(ExecutionContext context, String prefix) {
		Map<ErrorCode, Long> failing = new EnumMap<>(ErrorCode.class);
		for (ErrorCode code : ErrorCode.values()) {
			failing.put(code, context.getLong(prefix + "failed." + code.code(), 0L));
		}
		return new RetryCounts(context.getLong(prefix + "resynced", 0L), failing,
				context.getLong(prefix + "recordsSent", 0L), context.getLong(prefix + "childRowsDeleted", 0L),
				context.getLong(prefix + "crmCalls", 0L), context.getLong(prefix + "leftChanged", 0L),
				context.containsKey(prefix + "crmApiUsage") ? context.getString(prefix + "crmApiUsage") : null);
	}

	private void into(ExecutionContext context, String prefix) {
		context.putLong(prefix + "resynced", this.resynced);
		this.stillFailing.forEach((code, count) -> context.putLong(prefix + "failed." + code.code(), count));
		context.putLong(prefix + "recordsSent", this.recordsSent);
		context.putLong(prefix + "childRowsDeleted", this.childRowsDeleted);
		context.putLong(prefix + "crmCalls", this.crmCalls);
		context.putLong(prefix + "leftChanged", this.leftChanged);
		if (this.crmApiUsage != null) {
			context.putString(prefix + "crmApiUsage", this.crmApiUsage);
		}
	}

}
