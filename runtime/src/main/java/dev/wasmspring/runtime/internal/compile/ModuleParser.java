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

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.DataCountSection;
import com.dylibso.chicory.wasm.types.DataSection;
import com.dylibso.chicory.wasm.types.ElementSection;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionSection;
import com.dylibso.chicory.wasm.types.GlobalSection;
import com.dylibso.chicory.wasm.types.ImportSection;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.MemorySection;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.Section;
import com.dylibso.chicory.wasm.types.SectionId;
import com.dylibso.chicory.wasm.types.StartSection;
import com.dylibso.chicory.wasm.types.TableSection;
import com.dylibso.chicory.wasm.types.TagSection;
import com.dylibso.chicory.wasm.types.TypeSection;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException.Reason;
import dev.wasmspring.runtime.internal.failure.Failures;
import org.jspecify.annotations.Nullable;

/**
 * Turns bytes into a parsed module, or into a {@link WasmModuleLoadException} that says
 * why not: empty, cut short, not WebAssembly at all (and what it looks like instead),
 * malformed or invalid.
 */
public final class ModuleParser {

	private static final byte[] PREAMBLE = { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 };

	private static final int MAGIC_LENGTH = 4;

	/**
	 * The engine's own setting for the digest it keys compiled code by; unset, it is
	 * SHA-256.
	 */
	private static final String ENGINE_DIGEST_PROPERTY = "com.dylibso.chicory.wasm.Parser.DIGEST_ALGORITHM";

	/**
	 * Every section but the code section, whose function bodies only the interpreter and
	 * the compiler read.
	 */
	private static final int[] SECTIONS_BUT_CODE = { SectionId.CUSTOM, SectionId.TYPE, SectionId.IMPORT,
			SectionId.FUNCTION, SectionId.TABLE, SectionId.MEMORY, SectionId.GLOBAL, SectionId.EXPORT, SectionId.START,
			SectionId.ELEMENT, SectionId.DATA, SectionId.DATA_COUNT, SectionId.TAG };

	/**
	 * Stands in for every function body of a module whose bodies were not decoded: it
	 * traps if ever run.
	 */
	static final FunctionBody NOT_DECODED = new FunctionBody(List.of(),
			List.of(AnnotatedInstruction.builder()
				.from(new Instruction(0, OpCode.UNREACHABLE, Instruction.EMPTY_OPERANDS))
				.build()));

	private ModuleParser() {
	}

	public static WasmModule parse(byte[] bytes, @Nullable String moduleName, String location) {
		checkPreamble(bytes, moduleName, location);
		ModuleShape.check(bytes, moduleName, location);
		try {
			return Parser.parse(bytes);
		}
		catch (RuntimeException | Error ex) {
			// the parser meets arbitrary bytes here; whatever it throws (even a failed
			// internal assertion) means the bytes are not a module
			throw Failures.parseFailure(moduleName, location, bytes.length, ex, () -> truncation(bytes));
		}
	}

	/**
	 * Return the key under which the engine's compiler stores the code compiled from
	 * bytes of the given digest, as the engine's parser would work it out from the bytes
	 * themselves.
	 * @param sha256 the bytes' SHA-256 digest, in hex
	 * @return the key, or {@code null} if the engine is set to key code by another digest
	 */
	public static @Nullable String engineKey(String sha256) {
		String algorithm = System.getProperty(ENGINE_DIGEST_PROPERTY, "SHA-256");
		if (!"SHA-256".equalsIgnoreCase(algorithm)) {
			return null;
		}
		return "sha-256:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256));
	}

	/**
	 * Parse bytes that already passed {@link #parse} (with validation) when their
	 * compiled code was written, for an instance that runs that compiled code only: no
	 * validation, and the code section's bodies are not decoded. Each function gets a
	 * body that traps, so that the module still declares as many bodies as functions;
	 * nothing must run or compile them, so the module is for compiled code without
	 * interpreted functions, and never for the interpreter.
	 * @param bytes the bytes, whose digest is the one the compiled code was written for
	 * @param engineKey the {@link #engineKey(String) key} of the bytes' digest, recorded
	 * as the module's digest
	 * @return the module
	 * @throws RuntimeException whatever the engine's parser throws; the bytes are then to
	 * be parsed with {@link #parse}, which says what is wrong with them
	 */
	public static WasmModule parseWithoutCode(byte[] bytes, String engineKey) {
		Parser.Builder parser = Parser.builder().withValidation(false);
		for (int section : SECTIONS_BUT_CODE) {
			parser.includeSectionId(section);
		}
		WasmModule.Builder module = WasmModule.builder().withValidation(false).withDigest(engineKey);
		int[] functions = { 0 };
		parser.build().parse(new ByteArrayInputStream(bytes), (section) -> {
			if (section instanceof FunctionSection functionSection) {
				functions[0] = functionSection.functionCount();
			}
			add(module, section);
		});
		CodeSection.Builder code = CodeSection.builder();
		for (int i = 0; i < functions[0]; i++) {
			code.addFunctionBody(NOT_DECODED);
		}
		return module.setCodeSection(code.build()).build();
	}

	private static void add(WasmModule.Builder module, Section section) {
		switch (section.sectionId()) {
			case SectionId.CUSTOM -> module.addCustomSection(((CustomSection) section).name(), (CustomSection) section);
			case SectionId.TYPE -> module.setTypeSection((TypeSection) section);
			case SectionId.IMPORT -> module.setImportSection((ImportSection) section);
			case SectionId.FUNCTION -> module.setFunctionSection((FunctionSection) section);
			case SectionId.TABLE -> module.setTableSection((TableSection) section);
			case SectionId.MEMORY -> module.setMemorySection((MemorySection) section);
			case SectionId.GLOBAL -> module.setGlobalSection((GlobalSection) section);
			case SectionId.EXPORT -> module.setExportSection((ExportSection) section);
			case SectionId.START -> module.setStartSection((StartSection) section);
			case SectionId.ELEMENT -> module.setElementSection((ElementSection) section);
			case SectionId.DATA -> module.setDataSection((DataSection) section);
			case SectionId.DATA_COUNT -> module.setDataCountSection((DataCountSection) section);
			case SectionId.TAG -> module.setTagSection((TagSection) section);
			default -> module.addIgnoredSection(section.sectionId());
		}
	}

	/**
	 * Walk the section headers: a file cut short has a last section (or header) that runs
	 * past the end. Returns what was cut, or {@code null} if every section fits.
	 */
	public static @Nullable String truncation(byte[] bytes) {
		int position = PREAMBLE.length;
		while (position < bytes.length) {
			int start = position++;
			long size = 0;
			int shift = 0;
			int next;
			do {
				if (position >= bytes.length) {
					return "the header of the section at byte " + start + " is cut off after " + bytes.length
							+ " bytes";
				}
				next = bytes[position++] & 0xff;
				size |= (long) (next & 0x7f) << shift;
				shift += 7;
			}
			while ((next & 0x80) != 0 && shift < 35);
			if ((next & 0x80) != 0) {
				return null;
			}
			if (position + size > bytes.length) {
				return "section " + (bytes[start] & 0xff) + " at byte " + start + " declares " + size
						+ " bytes, but the file ends " + (bytes.length - position) + " bytes into it (" + bytes.length
						+ " bytes in all)";
			}
			position += (int) size;
		}
		return null;
	}

	private static void checkPreamble(byte[] bytes, @Nullable String moduleName, String location) {
		if (bytes.length == 0) {
			throw new WasmModuleLoadException(moduleName, location, Reason.EMPTY, "0 bytes", null);
		}
		int prefix = Math.min(bytes.length, PREAMBLE.length);
		for (int i = 0; i < prefix; i++) {
			if (bytes[i] != PREAMBLE[i]) {
				throw new WasmModuleLoadException(moduleName, location, Reason.BAD_MAGIC, whatItIs(bytes), null);
			}
		}
		if (bytes.length < PREAMBLE.length) {
			throw new WasmModuleLoadException(moduleName, location, Reason.TRUNCATED,
					"only " + bytes.length + " bytes, fewer than the 8-byte header", null);
		}
	}

	/** Names what the bytes look like, for the most common mistakes. */
	private static String whatItIs(byte[] bytes) {
		String found = "found " + hex(bytes, Math.min(bytes.length, PREAMBLE.length)) + ", expected "
				+ hex(PREAMBLE, PREAMBLE.length);
		if (bytes.length >= PREAMBLE.length && startsWith(bytes, PREAMBLE, MAGIC_LENGTH)) {
			if (bytes[4] == 0x0d && bytes[5] == 0x00 && bytes[6] == 0x01 && bytes[7] == 0x00) {
				return "this is a WebAssembly component (component model), not a core module; the runtime runs core "
						+ "modules, so build for a core target such as wasm32-wasip1 (" + found + ")";
			}
			return "WebAssembly binary version " + hex(bytes, 4, 4) + " is not supported; only version 1 is (" + found
					+ ")";
		}
		String text = new String(bytes, 0, Math.min(bytes.length, 256), StandardCharsets.UTF_8).stripLeading();
		while (text.startsWith(";;")) {
			int end = text.indexOf('\n');
			text = (end >= 0) ? text.substring(end + 1).stripLeading() : "";
		}
		if (text.startsWith("(module") || text.startsWith("(component")) {
			return "this is WebAssembly text format (.wat); compile it to a binary with wat2wasm (" + found + ")";
		}
		if (text.startsWith("<")) {
			return "this looks like HTML or XML, perhaps an error page served instead of the module (" + found + ")";
		}
		if (text.startsWith("{")) {
			return "this looks like JSON (" + found + ")";
		}
		if (startsWith(bytes, new byte[] { 'P', 'K', 3, 4 }, 4)) {
			return "this is a zip or jar archive; point the location at the .wasm file inside it (" + found + ")";
		}
		if (startsWith(bytes, new byte[] { 0x7f, 'E', 'L', 'F' }, 4)) {
			return "this is a native ELF executable or library, not WebAssembly (" + found + ")";
		}
		return found;
	}

	private static boolean startsWith(byte[] bytes, byte[] prefix, int length) {
		if (bytes.length < length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (bytes[i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private static String hex(byte[] bytes, int length) {
		return hex(bytes, 0, length);
	}

	private static String hex(byte[] bytes, int offset, int length) {
		return HexFormat.of().formatHex(bytes, offset, offset + length);
	}

}
