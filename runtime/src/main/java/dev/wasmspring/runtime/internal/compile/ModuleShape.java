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

package dev.wasmspring.runtime.internal.compile;

import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException.Reason;
import org.jspecify.annotations.Nullable;

/**
 * The counts a module declares in its section headers, read before the module is parsed
 * and refused above the limits below: what parsing and instantiating a module holds on
 * the heap grows with these counts (a global is five bytes in the binary and tens of
 * bytes parsed, more again in each instance), so a small binary must not be able to claim
 * an unbounded share of the heap. The limits are those WebAssembly engines commonly
 * enforce, far above what compilers emit.
 */
public final class ModuleShape {

	/** The most globals a module may declare. */
	public static final long MAX_GLOBALS = 1_000_000;

	/** The most functions a module may declare, imported ones included. */
	public static final long MAX_FUNCTIONS = 1_000_000;

	/** The most function types a module may declare. */
	public static final long MAX_TYPES = 1_000_000;

	/** The most imports or exports a module may declare, each. */
	public static final long MAX_IMPORTS_OR_EXPORTS = 100_000;

	/** The most element or data segments a module may declare, each. */
	public static final long MAX_SEGMENTS = 100_000;

	/** The most tables or memories a module may declare, each. */
	public static final long MAX_TABLES_OR_MEMORIES = 100;

	private ModuleShape() {
	}

	/**
	 * Refuse a module whose section headers declare more than the limits allow. Bytes
	 * that are not laid out as sections are left to the parser, which says what is wrong
	 * with them.
	 * @param bytes the module, after its preamble was checked
	 * @param moduleName the module's name, or {@code null}
	 * @param location where it came from
	 * @throws WasmModuleLoadException ({@link Reason#TOO_LARGE}) naming the count and the
	 * limit
	 */
	public static void check(byte[] bytes, @Nullable String moduleName, String location) {
		int at = 8;
		while (at < bytes.length) {
			int id = bytes[at++] & 0xff;
			long[] size = leb(bytes, at);
			if (size == null) {
				return;
			}
			at = (int) size[1];
			long end = at + size[0];
			if (end > bytes.length) {
				return;
			}
			String what = switch (id) {
				case 1 -> "function types";
				case 2 -> "imports";
				case 3 -> "functions";
				case 4 -> "tables";
				case 5 -> "memories";
				case 6 -> "globals";
				case 7 -> "exports";
				case 9 -> "element segments";
				case 11 -> "data segments";
				default -> null;
			};
			if (what != null) {
				long[] count = leb(bytes, at);
				if (count != null) {
					long limit = switch (id) {
						case 1 -> MAX_TYPES;
						case 2, 7 -> MAX_IMPORTS_OR_EXPORTS;
						case 3 -> MAX_FUNCTIONS;
						case 4, 5 -> MAX_TABLES_OR_MEMORIES;
						case 6 -> MAX_GLOBALS;
						default -> MAX_SEGMENTS;
					};
					if (count[0] > limit) {
						throw new WasmModuleLoadException(moduleName, location, Reason.TOO_LARGE,
								"it declares " + count[0] + " " + what + ", more than the " + limit
										+ " a module may have (what a "
										+ "module holds when parsed and in each instance grows with them)",
								null);
					}
				}
			}
			at = (int) end;
		}
	}

	/**
	 * Reads an unsigned LEB128 of at most 32 bits: its value and the offset after it, or
	 * {@code null}.
	 */
	private static long @Nullable [] leb(byte[] bytes, int from) {
		long value = 0;
		int shift = 0;
		int at = from;
		while (at < bytes.length && shift < 35) {
			int b = bytes[at++] & 0xff;
			value |= (long) (b & 0x7f) << shift;
			if ((b & 0x80) == 0) {
				return new long[] { value, at };
			}
			shift += 7;
		}
		return null;
	}

}
