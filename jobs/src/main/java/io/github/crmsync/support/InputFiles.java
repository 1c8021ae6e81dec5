package io.github.crmsync.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.apache.commons.io.input.ObservableInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Opens the files that users import: UTF-8 strictly (a byte that is not UTF-8 is an
 * error, never a silent replacement character), a leading byte-order mark skipped, and a
 * clear message for a file that is not there.
 */
public final class InputFiles {

	/** The smallest slice of a file whose reading is reported as progress. */
	static final long SLICE_BYTES_AT_LEAST = 1 << 20;

	private InputFiles() {
	}

	public static BufferedReader openUtf8(Path file) {
		return openUtf8(file, null, "");
	}

	/**
	 * Opens {@code file} as {@link #openUtf8(Path)} does, for a long read whose progress
	 * {@code progress} shows as {@code name}: bytes read against the file's size, once
	 * per slice of a twentieth of the file (at least {@value #SLICE_BYTES_AT_LEAST}
	 * bytes) and at its end; closing the reader ends it.
	 */
	public static BufferedReader openUtf8(Path file, @Nullable Progress progress, String name) {
		if (Files.isDirectory(file)) {
			throw new InvalidInputException(file + " is a directory, not a file");
		}
		try {
			InputStream in = Files.newInputStream(file);
			if (progress != null) {
				long size = Files.size(file);
				Progress.Task task = progress.start(name, Progress.Unit.BYTES, () -> size);
				in = new ObservableInputStream(in, new ReadProgress(task, Math.max(SLICE_BYTES_AT_LEAST, size / 20)));
			}
			BufferedReader reader = new BufferedReader(new StrictUtf8Reader(in), 1 << 16);
			reader.mark(1);
			if (reader.read() != '\uFEFF') {
				reader.reset();
			}
			return reader;
		}
		catch (NoSuchFileException ex) {
			throw new InvalidInputException("File not found: " + file);
		}
		catch (CharacterCodingException ex) {
			throw new InvalidInputException("line 1: not valid UTF-8 text (the file must be encoded in UTF-8)", ex);
		}
		catch (IOException ex) {
			throw new InvalidInputException("Cannot read " + file + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Tells a task the bytes read, a slice at a time and at the end of the file; ends it
	 * when the file is closed.
	 */
	private static final class ReadProgress extends ObservableInputStream.Observer {

		private final Progress.Task task;

		private final long sliceBytes;

		private long read;

		private long reported;

		ReadProgress(Progress.Task task, long sliceBytes) {
			this.task = task;
			this.sliceBytes = sliceBytes;
		}

		@Override
		public void data(int value) {
			advance(1);
		}

		@Override
		public void data(byte[] buffer, int offset, int length) {
			advance(length);
		}

		@Override
		public void finished() {
			if (this.read > this.reported) {
				this.reported = this.read;
				this.task.stepTo(this.read);
			}
		}

		@Override
		public void closed() {
			this.task.close();
		}

		private void advance(long bytes) {
			this.read += bytes;
			if (this.read - this.reported >= this.sliceBytes) {
				this.reported = this.read;
				this.task.stepTo(this.read);
			}
		}

	}

	/**
	 * Turns a read error into the message a user needs, naming where it happened.
	 */
	public static InvalidInputException readError(String where, Throwable ex) {
		Throwable cause = (ex instanceof UncheckedIOException unchecked && unchecked.getCause() != null)
				? unchecked.getCause() : ex;
		if (cause instanceof CharacterCodingException) {
			return new InvalidInputException(where + ": not valid UTF-8 text (the file must be encoded in UTF-8)", ex);
		}
		return new InvalidInputException(where + ": " + cause.getMessage(), ex);
	}

}
