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

package dev.wasmspring.runtime.internal.call;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.exception.WasmPluginException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmMemory;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact.ExportedFunction;
import dev.wasmspring.runtime.internal.extism.ExtismKernel;
import dev.wasmspring.runtime.internal.failure.Failures;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import dev.wasmspring.runtime.value.WasmValues;

/**
 * How text and bytes cross into a guest and its answer comes back, for {@code callText}
 * and {@code callBytes}: the standard ABI (the input written where the guest's
 * {@code alloc} says, the answer a packed {@code (ptr << 32) | len}) and Extism's (input
 * and output through its kernel). It checks signatures, allocates, writes, bounds and
 * copies the answer, and decodes text; the {@link RunningInstance} it is given holds the
 * instance, runs the guest's functions and discards the instance on a failure.
 */
final class GuestAbi {

	static final WasmFunctionType TEXT_EXPORT = WasmFunctionType.of(List.of(WasmValueType.I32, WasmValueType.I32),
			List.of(WasmValueType.I64));

	static final WasmFunctionType ALLOC_EXPORT = WasmFunctionType.of(List.of(WasmValueType.I32),
			List.of(WasmValueType.I32));

	static final WasmFunctionType EXTISM_EXPORT = WasmFunctionType.of(List.of(), List.of(WasmValueType.I32));

	static final WasmFunctionType EXTISM_VOID_EXPORT = WasmFunctionType.of(List.of(), List.of());

	private static final long[] NO_RESULTS = new long[0];

	private GuestAbi() {
	}

	/**
	 * Checks that an export can take text or bytes with the standard ABI, and returns the
	 * allocator that places them.
	 */
	static ExportedFunction allocatorFor(RunningInstance instance, ExportedFunction export) {
		String exportName = export.name();
		String moduleName = instance.moduleName();
		if (!export.type().equals(TEXT_EXPORT)) {
			throw WasmCallException.illegalArgument(moduleName, exportName,
					"Export '" + exportName + "' of WASM module '" + moduleName + "' has signature " + export.type()
							+ "; passing text or bytes needs " + TEXT_EXPORT
							+ ", taking (ptr, len) and returning (ptr << 32) | len (see docs/host-functions.md).");
		}
		ExportedFunction alloc = instance.module().artifact.export(WasmCallContext.ALLOCATOR);
		if (alloc == null || !alloc.type().equals(ALLOC_EXPORT)) {
			throw WasmCallException.illegalArgument(moduleName, exportName,
					"WASM module '" + moduleName + "' does not export alloc" + ALLOC_EXPORT
							+ ", which passing text or bytes to '" + exportName
							+ "' needs. Export an allocator from the plugin (see docs/host-functions.md).");
		}
		return alloc;
	}

	/** The allocator through which host functions hand text and bytes to the guest. */
	static ExportedFunction allocator(RunningInstance instance) {
		ExportedFunction alloc = instance.module().artifact.export(WasmCallContext.ALLOCATOR);
		if (alloc == null || !alloc.type().equals(ALLOC_EXPORT)) {
			throw new IllegalStateException("WASM module '" + instance.moduleName() + "' does not export "
					+ WasmCallContext.ALLOCATOR + ALLOC_EXPORT + ", through which the host hands text and bytes to "
					+ "the guest. Export an allocator from the module (see docs/host-functions.md).");
		}
		return alloc;
	}

	static String decode(RunningInstance instance, String exportName, byte[] answer) {
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer bytes = ByteBuffer.wrap(answer);
		try {
			return decoder.decode(bytes).toString();
		}
		catch (CharacterCodingException ex) {
			throw new WasmCallException(instance.moduleName(), exportName, "Export '" + exportName
					+ "' of WASM module '" + instance.moduleName() + "' returned " + answer.length
					+ " bytes that are not valid UTF-8: the first " + "invalid byte is at offset " + bytes.position()
					+ ". Fix the plugin to return UTF-8 text, or " + "call callBytes to take the answer as bytes.",
					null);
		}
	}

	static Object passBytes(RunningInstance instance, ExportedFunction export, ExportedFunction alloc, byte[] input,
			boolean text) {
		String exportName = export.name();
		int pointer = (int) instance.invoke(alloc, new long[] { input.length })[0];
		if (pointer == 0 && input.length > 0) {
			throw new WasmCallException(instance.moduleName(), exportName,
					"WASM module '" + instance.moduleName() + "' could not allocate " + input.length
							+ " bytes for the input of '" + exportName
							+ "' (alloc returned 0): its memory is full or at its limit. Send less, or raise "
							+ instance.module().runtime.settingNames().maxMemory(instance.moduleName()) + ".",
					null);
		}
		WasmMemory memory = instance.memory();
		try {
			memory.write(pointer, input);
		}
		catch (WasmException ex) {
			// the input's pages could not be copied: the guest holds a reservation it
			// will never fill
			instance.discard(exportName, ex);
			throw ex;
		}
		catch (IndexOutOfBoundsException ex) {
			throw new WasmCallException(instance.moduleName(), exportName,
					"WASM module '" + instance.moduleName() + "' allocated " + input.length
							+ " bytes for the input of '" + exportName + "' at " + Integer.toUnsignedString(pointer)
							+ ", outside its memory. Its alloc export is broken: fix the plugin.",
					ex);
		}
		long packed = instance.invoke(export, new long[] { pointer, input.length })[0];
		int length = WasmValues.length(packed);
		checkAnswer(instance, exportName, Integer.toUnsignedLong(length));
		try {
			return copyAnswer(instance, exportName, () -> memory.read(WasmValues.address(packed), length), length,
					text);
		}
		catch (IndexOutOfBoundsException ex) {
			throw new WasmCallException(instance.moduleName(), exportName,
					"Export '" + exportName + "' of WASM module '" + instance.moduleName() + "' returned the range "
							+ Integer.toUnsignedString(WasmValues.address(packed)) + "+"
							+ Integer.toUnsignedString(length) + ", which lies outside its memory. Fix the plugin's "
							+ "result.",
					ex);
		}
	}

	static Object callExtism(RunningInstance instance, ExtismKernel extism, ExportedFunction export, byte[] input,
			boolean text) {
		if (!export.type().equals(EXTISM_EXPORT) && !export.type().equals(EXTISM_VOID_EXPORT)) {
			throw WasmCallException.illegalArgument(instance.moduleName(), export.name(),
					"Export '" + export.name() + "' of Extism plugin '" + instance.moduleName() + "' has signature "
							+ export.type() + "; Extism calls exports " + EXTISM_EXPORT
							+ " that read their input from the kernel.");
		}
		if (!instance.isOpen()) {
			throw instance.unusable(export.name());
		}
		try {
			extism.begin(export.name(), input);
		}
		catch (MemoryBudget.Exhausted ex) {
			WasmException exhausted = Failures.translate(instance.moduleName(), export.name(), ex, false, 0);
			instance.discard(export.name(), exhausted);
			throw exhausted;
		}
		catch (WasmException ex) {
			instance.discard(export.name(), ex);
			throw ex;
		}
		long[] results;
		try {
			results = instance.invoke(export, NO_RESULTS);
		}
		catch (WasmTrapException ex) {
			String error = extism.error();
			if (error == null) {
				throw ex;
			}
			// an AssemblyScript abort, for one, sets the error before it traps: its
			// message says what went wrong
			throw new WasmTrapException(instance.moduleName(), export.name(), ex.getKind(),
					"the plugin reported \"" + error + "\"", ex.getCause());
		}
		int code = (results.length > 0) ? (int) results[0] : 0;
		String error = extism.error();
		if (error != null || code != 0) {
			throw new WasmPluginException(instance.moduleName(), export.name(), error, code);
		}
		long length = extism.outputLength();
		checkAnswer(instance, export.name(), length);
		return copyAnswer(instance, export.name(), extism::output, (int) length, text);
	}

	/**
	 * Refuses an answer longer than the module's answer-size limit, before anything of it
	 * is copied.
	 */
	private static void checkAnswer(RunningInstance instance, String exportName, long length) {
		long limit = instance.module().maxAnswerBytes;
		if (length > limit) {
			WasmCallException tooLong = new WasmCallException(instance.moduleName(), exportName,
					"Export '" + exportName + "' of WASM module '" + instance.moduleName() + "' answered " + length
							+ " bytes, above its answer-size " + "limit of " + limit
							+ " bytes; nothing was copied. Answer less, or raise "
							+ instance.module().runtime.settingNames().maxAnswerSize(instance.moduleName()) + ".",
					null);
			instance.discard(exportName, tooLong);
			throw tooLong;
		}
	}

	/**
	 * Copies an answer out of the guest, and decodes it for a text answer, with what both
	 * hold reserved from the runtime's memory budget until they are done: concurrent
	 * large answers wait for nothing, they fail.
	 */
	private static Object copyAnswer(RunningInstance instance, String exportName, Supplier<byte[]> copy, int length,
			boolean text) {
		// the copy; for text also the decoder's UTF-16 buffer (two bytes a byte) and the
		// string made of it
		long reservation = (text ? 4L : 1L) * Integer.toUnsignedLong(length);
		if (!instance.account().tryReserve(reservation)) {
			WasmException exhausted = Failures.translate(instance.moduleName(), exportName,
					MemoryBudget.Exhausted.INSTANCE, false, 0);
			instance.discard(exportName, exhausted);
			throw exhausted;
		}
		try {
			byte[] answer = copy.get();
			return text ? decode(instance, exportName, answer) : answer;
		}
		finally {
			instance.account().release(reservation);
		}
	}

}
