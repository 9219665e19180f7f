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
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file opened by a guest, whose writes go to the end of the file while it is in append
 * mode, as {@code O_APPEND} does on POSIX, while reads keep the current position. The
 * JDK's own append mode cannot be combined with reading or truncating, nor switched on
 * and off, which WASI's {@code path_open} and {@code fd_fdstat_set_flags} allow. A
 * positional write ({@code fd_pwrite}) writes where it is asked to, as POSIX says.
 * Confined to the instance's thread like the descriptor that holds it.
 */
final class AppendableFileChannel extends FileChannel {

	private final FileChannel file;

	private boolean append;

	AppendableFileChannel(FileChannel file) {
		this.file = file;
	}

	boolean isAppending() {
		return this.append;
	}

	void setAppending(boolean append) {
		this.append = append;
	}

	@Override
	public int read(ByteBuffer dst) throws IOException {
		return this.file.read(dst);
	}

	@Override
	public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
		return this.file.read(dsts, offset, length);
	}

	@Override
	public int write(ByteBuffer src) throws IOException {
		toEnd();
		return this.file.write(src);
	}

	@Override
	public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
		toEnd();
		return this.file.write(srcs, offset, length);
	}

	private void toEnd() throws IOException {
		if (this.append) {
			this.file.position(this.file.size());
		}
	}

	@Override
	public long position() throws IOException {
		return this.file.position();
	}

	@Override
	public FileChannel position(long newPosition) throws IOException {
		this.file.position(newPosition);
		return this;
	}

	@Override
	public long size() throws IOException {
		return this.file.size();
	}

	@Override
	public FileChannel truncate(long size) throws IOException {
		this.file.truncate(size);
		return this;
	}

	@Override
	public void force(boolean metaData) throws IOException {
		this.file.force(metaData);
	}

	@Override
	public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
		return this.file.transferTo(position, count, target);
	}

	@Override
	public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
		return this.file.transferFrom(src, position, count);
	}

	@Override
	public int read(ByteBuffer dst, long position) throws IOException {
		return this.file.read(dst, position);
	}

	@Override
	public int write(ByteBuffer src, long position) throws IOException {
		return this.file.write(src, position);
	}

	@Override
	public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
		return this.file.map(mode, position, size);
	}

	@Override
	public FileLock lock(long position, long size, boolean shared) throws IOException {
		return this.file.lock(position, size, shared);
	}

	@Override
	public FileLock tryLock(long position, long size, boolean shared) throws IOException {
		return this.file.tryLock(position, size, shared);
	}

	@Override
	protected void implCloseChannel() throws IOException {
		this.file.close();
	}

}
