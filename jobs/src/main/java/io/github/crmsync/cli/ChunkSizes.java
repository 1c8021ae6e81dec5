package io.github.crmsync.cli;

import io.github.crmsync.support.InvalidInputException;

/** The bounds of {@code --chunk-size}. */
final class ChunkSizes {

	static final int MAX = 1_000_000;

	private ChunkSizes() {
	}

	static void check(Integer chunkSize) {
		if (chunkSize != null && (chunkSize < 1 || chunkSize > MAX)) {
			throw new InvalidInputException("--chunk-size must be between 1 and " + MAX + ", not " + chunkSize);
		}
	}

}
