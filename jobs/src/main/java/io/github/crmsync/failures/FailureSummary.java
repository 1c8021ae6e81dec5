package io.github.crmsync.failures;

import java.util.Map;

/**
 * Counts of the failure list by object type and error code.
 *
 * @param total every failure
 * @param byObjectType per object type (in sync order), the count of each error code
 * (every code present, zeros included)
 */
public record FailureSummary(long total, Map<String, Map<ErrorCode, Long>> byObjectType) {

}
