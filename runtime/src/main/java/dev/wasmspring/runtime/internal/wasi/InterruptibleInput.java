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

package dev.wasmspring.runtime.internal.wasi;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

import org.jspecify.annotations.Nullable;

/**
 * A guest's standard input from a stream that may wait (a socket, a pipe): the stream is
 * read by a helper thread, one chunk per request, while the guest's thread waits for the
 * chunk in a way an interrupt ends. So the call's deadline, which interrupts the guest's
 * thread, ends a read of a silent stream on every JDK (a socket's own read ignores
 * interrupts on Java 17). A chunk the helper reads after the guest gave up is kept for
 * the next read.
 * <p>
 * Read by the instance's thread; the helper thread starts at the first read and ends at
 * the end of the stream, at a failure, or when the stream is closed (by its owner, the
 * instance's creator) while it waits.
 */
final class InterruptibleInput extends InputStream {

	private static final int CHUNK = 8192;

	private final InputStream source;

	private final String threadName;

	private @Nullable Thread reader;

	// guarded by this
	private byte @Nullable [] chunk;

	private int position;

	private int length;

	private boolean requested;

	private boolean ended;

	private boolean closed;

	private @Nullable IOException failure;

	InterruptibleInput(InputStream source, String threadName) {
		this.source = source;
		this.threadName = threadName;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		int read = read(one, 0, 1);
		return (read < 0) ? -1 : (one[0] & 0xff);
	}

	@Override
	public synchronized int read(byte[] buffer, int offset, int count) throws IOException {
		if (count == 0) {
			return 0;
		}
		while (true) {
			byte[] available = this.chunk;
			if (available != null && this.position < this.length) {
				int copied = Math.min(count, this.length - this.position);
				System.arraycopy(available, this.position, buffer, offset, copied);
				this.position += copied;
				return copied;
			}
			if (this.ended) {
				return -1;
			}
			IOException failed = this.failure;
			if (failed != null) {
				throw failed;
			}
			if (this.closed) {
				throw new IOException("standard input is closed");
			}
			if (!this.requested) {
				this.requested = true;
				startReader();
				notifyAll();
			}
			try {
				wait();
			}
			catch (InterruptedException ex) {
				// the call's deadline: the guest gets an error now, the next host call
				// ends the call
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("reading standard input was interrupted");
			}
		}
	}

	@Override
	public synchronized int available() {
		return (this.chunk != null) ? this.length - this.position : 0;
	}

	private void startReader() {
		if (this.reader == null) {
			Thread thread = new Thread(this::readChunks, this.threadName);
			thread.setDaemon(true);
			this.reader = thread;
			thread.start();
		}
	}

	private void readChunks() {
		while (true) {
			synchronized (this) {
				while (!this.requested && !this.closed) {
					try {
						wait();
					}
					catch (InterruptedException ex) {
						return;
					}
				}
				if (this.closed) {
					return;
				}
			}
			byte[] data = new byte[CHUNK];
			int read;
			try {
				read = this.source.read(data);
			}
			catch (IOException ex) {
				synchronized (this) {
					this.failure = ex;
					this.requested = false;
					notifyAll();
				}
				return;
			}
			synchronized (this) {
				this.requested = false;
				if (read < 0) {
					this.ended = true;
				}
				else {
					this.chunk = data;
					this.position = 0;
					this.length = read;
				}
				notifyAll();
				if (read < 0) {
					return;
				}
			}
		}
	}

	/**
	 * Stops the helper once its read returns; the stream itself belongs to the instance's
	 * creator.
	 */
	@Override
	public synchronized void close() {
		this.closed = true;
		notifyAll();
	}

}
