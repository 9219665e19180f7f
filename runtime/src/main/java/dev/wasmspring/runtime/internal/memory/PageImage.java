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

package dev.wasmspring.runtime.internal.memory;

import java.util.Arrays;

import com.dylibso.chicory.runtime.Memory;

/**
 * A memory's content cut into 64 KiB pages that any number of {@link CopyOnWriteMemory
 * copy-on-write memories} read without copying. Pages that hold only zeros are all the
 * one {@link #ZERO_PAGE}, so an image costs heap only for the pages that hold data.
 * Immutable: nothing ever writes to an image's pages (a memory copies a page before its
 * first write), so it is safe to share between threads.
 */
public final class PageImage {

	/**
	 * The page every all-zero page of every image and every grown page refers to; never
	 * written.
	 */
	static final byte[] ZERO_PAGE = new byte[Memory.PAGE_SIZE];

	private static final PageImage EMPTY = new PageImage(new byte[0][]);

	private final byte[][] pages;

	private final int dataPages;

	private PageImage(byte[][] pages) {
		this.pages = pages;
		int dataPages = 0;
		for (byte[] page : pages) {
			if (page != ZERO_PAGE) {
				dataPages++;
			}
		}
		this.dataPages = dataPages;
	}

	/**
	 * Return an image of the given number of zero pages.
	 * @param pageCount the number of pages
	 * @return the image
	 */
	public static PageImage zeros(int pageCount) {
		if (pageCount == 0) {
			return EMPTY;
		}
		byte[][] pages = new byte[pageCount][];
		Arrays.fill(pages, ZERO_PAGE);
		return new PageImage(pages);
	}

	/**
	 * Cut a module's initial memory, described by its merged data segments, into pages.
	 * @param image the module's data segments, merged
	 * @param pageCount the module's initial pages, which the image must fit
	 * @return the page image
	 */
	public static PageImage of(MemoryImage image, int pageCount) {
		Builder builder = new Builder(pageCount);
		image.forEachRun(builder::write);
		return builder.build();
	}

	/**
	 * Capture the current content of a memory: its pages are copied (an image never
	 * shares a page with a memory that may still be written), pages of zeros are not.
	 * @param memory the memory
	 * @return the page image
	 */
	public static PageImage capture(Memory memory) {
		int pageCount = memory.pages();
		Builder builder = new Builder(pageCount);
		for (int i = 0; i < pageCount; i++) {
			builder.write(memory.readBytes(i * Memory.PAGE_SIZE, Memory.PAGE_SIZE), i * Memory.PAGE_SIZE);
		}
		return builder.build();
	}

	/** The number of pages. */
	public int pageCount() {
		return this.pages.length;
	}

	/** The number of pages that hold data and so take heap of their own. */
	public int dataPages() {
		return this.dataPages;
	}

	/**
	 * Return the bytes of one page, for tests and diagnostics: a copy.
	 * @param index the page's index
	 * @return a copy of the page
	 */
	public byte[] page(int index) {
		return this.pages[index].clone();
	}

	/**
	 * Copy the image's page references into a memory's page table: the pages themselves
	 * are shared.
	 */
	void installInto(byte[][] table) {
		System.arraycopy(this.pages, 0, table, 0, this.pages.length);
	}

	private static final class Builder {

		private final byte[][] pages;

		Builder(int pageCount) {
			this.pages = new byte[pageCount][];
			Arrays.fill(this.pages, ZERO_PAGE);
		}

		void write(byte[] data, int address) {
			int offset = 0;
			while (offset < data.length) {
				int index = (address + offset) >>> 16;
				int inPage = (address + offset) & (Memory.PAGE_SIZE - 1);
				int chunk = Math.min(data.length - offset, Memory.PAGE_SIZE - inPage);
				if (!isZero(data, offset, chunk)) {
					if (this.pages[index] == ZERO_PAGE) {
						this.pages[index] = new byte[Memory.PAGE_SIZE];
					}
					System.arraycopy(data, offset, this.pages[index], inPage, chunk);
				}
				else if (this.pages[index] != ZERO_PAGE) {
					Arrays.fill(this.pages[index], inPage, inPage + chunk, (byte) 0);
				}
				offset += chunk;
			}
		}

		PageImage build() {
			for (int i = 0; i < this.pages.length; i++) {
				if (this.pages[i] != ZERO_PAGE && isZero(this.pages[i], 0, Memory.PAGE_SIZE)) {
					this.pages[i] = ZERO_PAGE;
				}
			}
			return new PageImage(this.pages);
		}

		private static boolean isZero(byte[] data, int offset, int length) {
			return Arrays.mismatch(data, offset, offset + length, ZERO_PAGE, 0, length) < 0;
		}

	}

}
