/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.wasmspring.runtime.internal.limits;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text a guest wrote (an error it set, a line it logged), made safe to keep, log or put
 * in an exception: at most {@value #MAX_BYTES} bytes of it are decoded, the rest replaced
 * by a note of its length, and control characters (line breaks and escape sequences
 * included) are written as {@code \n}, {@code \t} or {@code \}{@code u001b}, so that a
 * guest can neither forge log lines nor flood a log or an error handler.
 */
public final class GuestText {

	/** The most bytes of one guest text that are kept. */
	public static final int MAX_BYTES = 4096;

	private GuestText() {
	}

	/**
	 * Return a guest's text, bounded and escaped.
	 * @param bytes the bytes holding it, UTF-8
	 * @param offset where it starts
	 * @param length its length in bytes
	 * @return the text
	 */
	public static String of(byte[] bytes, int offset, int length) {
		int kept = Math.min(length, MAX_BYTES);
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPLACE)
			.onUnmappableCharacter(CodingErrorAction.REPLACE);
		CharBuffer decoded;
		try {
			decoded = decoder.decode(ByteBuffer.wrap(bytes, offset, kept));
		}
		catch (java.nio.charset.CharacterCodingException ex) {
			// not with REPLACE; kept for the compiler
			throw new IllegalStateException(ex);
		}
		StringBuilder text = new StringBuilder(decoded.length() + 16);
		escape(decoded, text);
		if (kept < length) {
			text.append("... (").append(length).append(" bytes, the first ").append(kept).append(" shown)");
		}
		return text.toString();
	}

	/**
	 * Return a text with its control characters escaped, whatever its length (for text
	 * bounded elsewhere).
	 * @param text the text
	 * @return the escaped text
	 */
	public static String escape(CharSequence text) {
		StringBuilder safe = new StringBuilder(text.length() + 16);
		escape(text, safe);
		return safe.toString();
	}

	private static void escape(CharSequence text, StringBuilder into) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\n') {
				into.append("\\n");
			}
			else if (c == '\r') {
				into.append("\\r");
			}
			else if (c == '\t') {
				into.append("\\t");
			}
			else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
				into.append("\\u").append(String.format("%04x", (int) c));
			}
			else {
				into.append(c);
			}
		}
	}

}
