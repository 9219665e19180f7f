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

package dev.wasmspring.test;

import java.util.Arrays;
import java.util.Map;

import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.value.WasmValues;
import org.jspecify.annotations.Nullable;

/**
 * One call a guest made to a host function, as {@link WasmHostCalls} records it: which
 * module called which import, with which raw arguments, and what it was answered. Text
 * and bytes the guest passed as {@code (pointer, length)} arguments are kept, so they can
 * be read after the calling instance is gone.
 * <p>
 * Immutable once recorded, and safe to share between threads; while a stub's answer runs
 * it is also the live call, through which the answer can hand text back to the guest.
 */
public final class WasmHostCall {

	/** Ranges longer than this are not kept for reading after the call. */
	private static final int MAX_KEPT_RANGE = 1 << 20;

	private final String callingModule;

	private final String importModule;

	private final String importName;

	private final WasmFunctionType type;

	private final long[] args;

	private final Map<Integer, byte[]> ranges;

	private final @Nullable WasmCallContext context;

	private final long @Nullable [] results;

	private final @Nullable Throwable failure;

	private final boolean extism;

	private WasmHostCall(String callingModule, String importModule, String importName, WasmFunctionType type,
			long[] args, Map<Integer, byte[]> ranges, @Nullable WasmCallContext context, long @Nullable [] results,
			@Nullable Throwable failure, boolean extism) {
		this.callingModule = callingModule;
		this.importModule = importModule;
		this.importName = importName;
		this.type = type;
		this.args = args;
		this.ranges = ranges;
		this.context = context;
		this.results = results;
		this.failure = failure;
		this.extism = extism;
	}

	static WasmHostCall live(String importModule, String importName, WasmFunctionType type, WasmCallContext context,
			long[] args) {
		return new WasmHostCall(context.moduleName(), importModule, importName, type, args.clone(),
				keptRanges(type, context, args), context, null, null, context.isExtismPlugin());
	}

	WasmHostCall finished(long @Nullable [] results, @Nullable Throwable failure) {
		return new WasmHostCall(this.callingModule, this.importModule, this.importName, this.type, this.args,
				this.ranges, null, (results != null) ? results.clone() : null, failure, this.extism);
	}

	private static Map<Integer, byte[]> keptRanges(WasmFunctionType type, WasmCallContext context, long[] args) {
		if (context.isExtismPlugin()) {
			return keptBlocks(type, context, args);
		}
		Map<Integer, byte[]> ranges = new java.util.HashMap<>();
		long memorySize;
		try {
			memorySize = context.memory().size();
		}
		catch (RuntimeException ex) {
			return Map.of();
		}
		for (int i = 0; i + 1 < args.length; i++) {
			if (type.params().get(i) != WasmValueType.I32 || type.params().get(i + 1) != WasmValueType.I32) {
				continue;
			}
			long pointer = Integer.toUnsignedLong(WasmValues.i32(args[i]));
			long length = Integer.toUnsignedLong(WasmValues.i32(args[i + 1]));
			if (length <= MAX_KEPT_RANGE && pointer + length <= memorySize) {
				ranges.put(i, context.memory().read((int) pointer, (int) length));
			}
		}
		return Map.copyOf(ranges);
	}

	/**
	 * An Extism plugin passes text and bytes as {@code i64} handles of its memory blocks:
	 * the blocks every {@code i64} argument names are kept.
	 */
	private static Map<Integer, byte[]> keptBlocks(WasmFunctionType type, WasmCallContext context, long[] args) {
		Map<Integer, byte[]> blocks = new java.util.HashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (type.params().get(i) != WasmValueType.I64 || args[i] == 0) {
				continue;
			}
			try {
				byte[] block = context.readExtismBlock(args[i]);
				if (block.length <= MAX_KEPT_RANGE) {
					blocks.put(i, block);
				}
			}
			catch (RuntimeException ex) {
				// not a handle: a number the plugin passed
			}
		}
		return Map.copyOf(blocks);
	}

	/**
	 * Return the name of the module that made the call.
	 * @return the calling module
	 */
	public String callingModule() {
		return this.callingModule;
	}

	/**
	 * Return the import's module name, for example {@code env}.
	 * @return the import module
	 */
	public String importModule() {
		return this.importModule;
	}

	/**
	 * Return the import's name.
	 * @return the import name
	 */
	public String importName() {
		return this.importName;
	}

	/**
	 * Return the raw arguments: {@code i32} in the low 32 bits, floats as their IEEE
	 * bits.
	 * @return a copy of the arguments
	 */
	public long[] args() {
		return this.args.clone();
	}

	/**
	 * Return an {@code i32} argument.
	 * @param index the argument's position
	 * @return the argument
	 */
	public int intArg(int index) {
		return (int) this.args[index];
	}

	/**
	 * Return an {@code i64} argument.
	 * @param index the argument's position
	 * @return the argument
	 */
	public long longArg(int index) {
		return this.args[index];
	}

	/**
	 * Return the bytes the guest passed as {@code (pointer, length)} in the arguments at
	 * {@code index} and {@code index + 1}, or, from an Extism plugin, as the memory
	 * handle at {@code index} (Extism's convention: one {@code i64} handle per text or
	 * bytes).
	 * @param index the position of the pointer or handle argument
	 * @return the bytes
	 * @throws IllegalArgumentException if those arguments are not a range of the guest's
	 * memory, or that argument is not a handle of an Extism block
	 */
	public byte[] bytes(int index) {
		byte[] bytes = this.ranges.get(index);
		if (bytes == null && this.extism) {
			throw new IllegalArgumentException("Argument " + index + " of this call of " + this.importModule + "."
					+ this.importName + this.type + " by Extism plugin '" + this.callingModule
					+ "' is not the handle of an Extism memory block (or the block is larger than " + MAX_KEPT_RANGE
					+ " bytes): " + Arrays.toString(this.args));
		}
		if (bytes == null) {
			throw new IllegalArgumentException("Arguments " + index + " and " + (index + 1) + " of this call of "
					+ this.importModule + "." + this.importName + this.type + " by WASM module '" + this.callingModule
					+ "' are not a (pointer, length) range of the guest's memory: " + Arrays.toString(this.args));
		}
		return bytes.clone();
	}

	/**
	 * Return the UTF-8 text the guest passed as {@code (pointer, length)} in the
	 * arguments at {@code index} and {@code index + 1}.
	 * @param index the position of the pointer argument
	 * @return the text
	 * @throws IllegalArgumentException if those arguments are not a range of the guest's
	 * memory
	 */
	public String text(int index) {
		return WasmValues.text(bytes(index));
	}

	/**
	 * Hand text back to the guest, as host functions that return text do: the text is
	 * written into memory the guest's {@code alloc} export gives, and the result is
	 * {@code (pointer << 32) | length}; to an Extism plugin it is handed as Extism's host
	 * functions hand it, in a new memory block whose handle is the result. Only while the
	 * call runs, from a stub's answer.
	 * @param text the text
	 * @return the packed result, or the Extism block's handle, to answer
	 */
	public long returnText(String text) {
		return returnBytes(WasmValues.utf8(text));
	}

	/**
	 * Hand bytes back to the guest, as {@link #returnText} hands text.
	 * @param bytes the bytes
	 * @return the packed result, or the Extism block's handle, to answer
	 */
	public long returnBytes(byte[] bytes) {
		WasmCallContext context = this.context;
		if (context == null) {
			throw new IllegalStateException("This call of " + this.importModule + "." + this.importName
					+ " has finished; hand text back from the stub's answer, while the call runs.");
		}
		if (this.extism) {
			return context.storeExtismBlock(bytes);
		}
		int pointer = context.allocate(bytes.length);
		context.memory().write(pointer, bytes);
		return WasmValues.pack(pointer, bytes.length);
	}

	/**
	 * Return whether the call came from an Extism plugin, which passes and takes text and
	 * bytes as memory-block handles.
	 * @return whether the caller is an Extism plugin
	 */
	public boolean isExtism() {
		return this.extism;
	}

	/**
	 * Return what the host function answered.
	 * @return the raw results, empty for none, or {@code null} if the call failed or is
	 * running
	 */
	public long @Nullable [] results() {
		return (this.results != null) ? this.results.clone() : null;
	}

	/**
	 * Return how the host function failed.
	 * @return the failure, or {@code null} if it answered
	 */
	public @Nullable Throwable failure() {
		return this.failure;
	}

	@Override
	public String toString() {
		return this.callingModule + " -> " + this.importModule + "." + this.importName + Arrays.toString(this.args)
				+ ((this.results != null) ? " = " + Arrays.toString(this.results) : "")
				+ ((this.failure != null) ? " failed: " + this.failure : "");
	}

}
