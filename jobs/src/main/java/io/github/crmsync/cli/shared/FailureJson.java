package io.github.crmsync.cli.shared;

import io.github.crmsync.failures.SyncFailure;

/**
 * A failure as JSON prints it: instants as ISO-8601 strings, the error code as the
 * connector writes it.
 */
public record FailureJson(long id, String zuoraId, String objectType, String errorCode, String errorMessage,
		String syncDate, String firstFailedAt, int attempts) {

	public static FailureJson of(SyncFailure failure) {
		return new FailureJson(failure.id(), failure.zuoraId(), failure.objectType(), failure.errorCode().code(),
				failure.errorMessage(), failure.syncDate().toString(), failure.firstFailedAt().toString(),
				failure.attempts());
	}

}
