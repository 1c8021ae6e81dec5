package io.github.crmsync.operations;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Which executions to list (every filter optional).
 *
 * @param job a job name, or {@code null}
 * @param status a batch status, or {@code null}
 * @param since only executions created at or after this, or {@code null}
 * @param limit at most this many
 */
public record HistoryQuery(@Nullable String job, @Nullable String status, @Nullable Instant since, int limit) {

}
