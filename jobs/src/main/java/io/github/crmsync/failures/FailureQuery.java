package io.github.crmsync.failures;

/**
 * Which failures to list: every filter is optional ({@code null}); {@code limit} 0 means all.
 */
public record FailureQuery(String objectType, ErrorCode errorCode, long limit) {

}
