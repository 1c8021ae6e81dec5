package io.github.crmsync.operations;

import java.time.Instant;

/**
 * Which executions to list (every filter optional).
 *
 * @param job a job name, or {@code null}
 * @param status a batch status, or {@code null}
 * @param since only executions created at or after this, or {@code null}
 * @param limit at most this many
 */
public record HistoryQuery(String job, String status, Instant since, int limit) {

}
