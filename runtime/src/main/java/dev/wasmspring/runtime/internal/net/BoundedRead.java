package dev.wasmspring.runtime.internal.net;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a stream into memory up to a limit: it stops at {@code limit + 1} bytes, so nothing larger than the
 * limit is ever held, and a stream that would exceed it fails with {@link LimitExceeded}.
 * <p>
 * The one place where bytes read from outside (module sources, reload polls, a plugin's HTTP responses) are
 * held: a runtime-wide memory budget reserves the buffer here, before it grows.
 */
public final class BoundedRead {

	/** Arrays cannot be larger than this on common JVMs. */
	public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

	private static final int FIRST_BUFFER = 8192;

	private BoundedRead() {
	}

	/**
	 * Read the whole stream, failing as soon as it has more than {@code limit} bytes.
	 * @param in the stream (not closed here)
	 * @param limit the most bytes the stream may have
	 * @return the bytes
	 * @throws LimitExceeded if the stream has more than {@code limit} bytes
	 * @throws IOException if reading fails
	 */
	public static byte[] read(InputStream in, long limit) throws IOException {
		long bound = Math.min(Math.max(limit, 0), MAX_ARRAY);
		byte[] buffer = new byte[(int) Math.min(FIRST_BUFFER, bound + 1)];
		int length = 0;
		while (true) {
			if (length == buffer.length) {
				if (length > bound) {
					throw new LimitExceeded(limit);
				}
				buffer = Arrays.copyOf(buffer, (int) Math.min((long) length * 2, bound + 1));
			}
			int read = in.read(buffer, length, buffer.length - length);
			if (read < 0) {
				break;
			}
			length += read;
			if (length > bound) {
				throw new LimitExceeded(limit);
			}
		}
		return (length == buffer.length) ? buffer : Arrays.copyOf(buffer, length);
	}

	/**
	 * Read exactly {@code length} bytes (a length a peer announced), failing before allocating if it is above
	 * the limit.
	 * @param in the stream (not closed here)
	 * @param length the announced length
	 * @param limit the most bytes allowed
	 * @return the bytes
	 * @throws LimitExceeded if the announced length is above the limit
	 * @throws IOException if the stream ends early or reading fails
	 */
	public static byte[] readExactly(InputStream in, long length, long limit) throws IOException {
		if (length > Math.min(limit, MAX_ARRAY)) {
			throw new LimitExceeded(limit);
		}
		byte[] bytes = in.readNBytes((int) length);
		if (bytes.length < length) {
			throw new IOException("the stream ended after " + bytes.length + " of the " + length + " bytes announced");
		}
		return bytes;
	}

	/**
	 * A stream had more bytes than its limit; nothing beyond the limit was held.
	 */
	public static final class LimitExceeded extends IOException {

		private static final long serialVersionUID = 1L;

		private final long limit;

		LimitExceeded(long limit) {
			super("more than " + limit + " bytes");
			this.limit = limit;
		}

		/**
		 * Return the limit that was exceeded.
		 * @return the limit in bytes
		 */
		public long limit() {
			return this.limit;
		}

	}

}
