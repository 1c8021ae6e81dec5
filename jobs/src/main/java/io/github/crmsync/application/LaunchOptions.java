package io.github.crmsync.application;

import io.github.crmsync.support.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * The options every launch takes, checked alike whichever front end gives them.
 */
public final class LaunchOptions {

	/** The largest chunk: its failures and their records are held in memory at once. */
	public static final int MAX_CHUNK_SIZE = 1_000_000;

	private LaunchOptions() {
	}

	/**
	 * {@code chunkSize} if it is one (1 to {@value #MAX_CHUNK_SIZE}), or {@code null}.
	 */
	public static @Nullable Integer chunkSize(@Nullable Integer chunkSize) {
		if (chunkSize != null && (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE)) {
			throw new InvalidInputException(
					"--chunk-size must be between 1 and " + MAX_CHUNK_SIZE + ", not " + chunkSize);
		}
		return chunkSize;
	}

	/** Who asks, as the job history keeps it: 1 to 100 printable characters. */
	public static String requestedBy(@Nullable String requestedBy) {
		if (requestedBy == null || requestedBy.isBlank() || requestedBy.length() > 100
				|| requestedBy.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidInputException("--requested-by must be 1 to 100 printable characters");
		}
		return requestedBy;
	}

}
