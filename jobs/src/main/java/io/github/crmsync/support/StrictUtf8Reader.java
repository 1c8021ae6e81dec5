package io.github.crmsync.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 strictly, like an {@link java.io.InputStreamReader} with
 * {@link CodingErrorAction#REPORT}, but hands out every character before a bad byte first
 * and reports the bad byte only when it is the next one to read. The JDK's reader throws
 * as soon as the bad byte is anywhere in the 8 KB it decodes at a time, so a parser
 * reading it would name a line up to a few hundred lines before the bad one.
 */
final class StrictUtf8Reader extends Reader {

	private final InputStream in;

	private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
		.onMalformedInput(CodingErrorAction.REPORT)
		.onUnmappableCharacter(CodingErrorAction.REPORT);

	private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();

	private boolean endOfInput;

	StrictUtf8Reader(InputStream in) {
		this.in = in;
	}

	@Override
	public int read(char[] buffer, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		CharBuffer chars = CharBuffer.wrap(buffer, offset, length);
		while (true) {
			CoderResult result = this.decoder.decode(this.bytes, chars, this.endOfInput);
			int decoded = chars.position() - offset;
			if (result.isError() && decoded == 0) {
				result.throwException();
			}
			if (decoded > 0 || result.isOverflow()) {
				return decoded;
			}
			if (this.endOfInput) {
				return -1;
			}
			this.bytes.compact();
			int read = this.in.read(this.bytes.array(), this.bytes.position(), this.bytes.remaining());
			if (read < 0) {
				this.endOfInput = true;
			}
			else {
				this.bytes.position(this.bytes.position() + read);
			}
			this.bytes.flip();
		}
	}

	@Override
	public void close() throws IOException {
		this.in.close();
	}

}
