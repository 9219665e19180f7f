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

package dev.wasmspring.runtime.internal.net;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import org.jspecify.annotations.Nullable;

/**
 * Reads a stream into memory up to a limit: it stops at {@code limit + 1} bytes, so
 * nothing larger than the limit is ever held, and a stream that would exceed it fails
 * with {@link LimitExceeded}.
 * <p>
 * The one place where bytes read from outside (module sources, reload polls, a plugin's
 * HTTP responses) are held: a runtime-wide memory budget reserves the buffer here, before
 * it grows.
 */
public final class BoundedRead {

	/** Arrays cannot be larger than this on common JVMs. */
	public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

	private static final int FIRST_BUFFER = 8192;

	// the account that pays for what this thread's reads hold, while a caller has set one
	// (see charging)
	private static final ThreadLocal<MemoryBudget.@Nullable Account> ACCOUNT = new ThreadLocal<>();

	private BoundedRead() {
	}

	/**
	 * A read whose result is paid for by an account.
	 *
	 * @param <T> what it gives
	 */
	@FunctionalInterface
	public interface Read<T> {

		T read() throws IOException;

	}

	/**
	 * Run a read with every buffer it grows on this thread reserved from an account
	 * first: a read the budget cannot hold stops with {@link BudgetExceeded}. The account
	 * keeps what was reserved; the caller closes it when the bytes are let go.
	 * @param <T> what the read gives
	 * @param account the account
	 * @param read the read
	 * @return what it gave
	 * @throws IOException as the read throws it
	 */
	public static <T> T charging(MemoryBudget.Account account, Read<T> read) throws IOException {
		MemoryBudget.Account previous = ACCOUNT.get();
		ACCOUNT.set(account);
		try {
			return read.read();
		}
		finally {
			if (previous != null) {
				ACCOUNT.set(previous);
			}
			else {
				ACCOUNT.remove();
			}
		}
	}

	private static void reserve(long bytes) throws BudgetExceeded {
		MemoryBudget.Account account = ACCOUNT.get();
		if (account != null && !account.tryReserve(bytes)) {
			throw new BudgetExceeded(account.budget().capacity());
		}
	}

	/**
	 * A read stopped because the runtime's memory budget could not hold what it had to
	 * keep.
	 */
	public static final class BudgetExceeded extends IOException {

		private static final long serialVersionUID = 1L;

		private final long budget;

		BudgetExceeded(long budget) {
			super("the runtime's memory budget of " + budget + " bytes could not hold the bytes being read");
			this.budget = budget;
		}

		public long budget() {
			return this.budget;
		}

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
		int first = (int) Math.min(FIRST_BUFFER, bound + 1);
		reserve(first);
		byte[] buffer = new byte[first];
		int length = 0;
		while (true) {
			if (length == buffer.length) {
				if (length > bound) {
					throw new LimitExceeded(limit);
				}
				int grown = (int) Math.min((long) length * 2, bound + 1);
				// the new buffer is held beside the old one while it is filled
				reserve(grown);
				buffer = Arrays.copyOf(buffer, grown);
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
	 * Read exactly {@code length} bytes (a length a peer announced), failing before
	 * allocating if it is above the limit.
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
		reserve(length);
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
