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

package dev.wasmspring.runtime.internal.trace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a module says about its own code for stack traces: its functions' names (the
 * {@code name} custom section) and its DWARF line table ({@code .debug_line}). Read once
 * when the module is loaded, from its bytes; immutable, shared by every instance.
 */
public final class GuestSymbols {

	/** Symbols of a module that carries none. */
	public static final GuestSymbols NONE = new GuestSymbols(Map.of(), DwarfLineTable.EMPTY, -1, new int[0], 0);

	private static final int CUSTOM_SECTION = 0;

	private static final int CODE_SECTION = 10;

	private static final int FUNCTION_NAMES = 1;

	private final Map<Integer, String> names;

	private final DwarfLineTable lines;

	private final int codeStart;

	/** Each body's start and end, as offsets into the code section's contents. */
	private final int[] bodies;

	private final int importedFunctions;

	private GuestSymbols(Map<Integer, String> names, DwarfLineTable lines, int codeStart, int[] bodies,
			int importedFunctions) {
		this.names = names;
		this.lines = lines;
		this.codeStart = codeStart;
		this.bodies = bodies;
		this.importedFunctions = importedFunctions;
	}

	/**
	 * Read a module's symbols. Nothing here rejects a module: a missing, damaged or
	 * unusual section leaves the symbols it would have given out.
	 * @param module the module's bytes
	 * @param importedFunctions how many functions the module imports
	 * @return the symbols
	 */
	public static GuestSymbols read(byte[] module, int importedFunctions) {
		ByteBuffer in = ByteBuffer.wrap(module).order(ByteOrder.LITTLE_ENDIAN);
		Map<Integer, String> names = Map.of();
		ByteBuffer debugLine = null;
		ByteBuffer debugLineStr = null;
		ByteBuffer debugStr = null;
		int codeStart = -1;
		int[] bodies = new int[0];
		try {
			if (module.length < 8 || in.getInt() != 0x6d736100) {
				return NONE;
			}
			in.position(8);
			while (in.hasRemaining()) {
				int id = Byte.toUnsignedInt(in.get());
				int size = (int) DwarfLineTable.readUnsigned(in);
				int start = in.position();
				int end = start + size;
				if (size < 0 || end > module.length) {
					break;
				}
				ByteBuffer payload = in.duplicate().position(start).limit(end).slice().order(ByteOrder.LITTLE_ENDIAN);
				if (id == CUSTOM_SECTION) {
					int nameLength = (int) DwarfLineTable.readUnsigned(payload);
					byte[] nameBytes = new byte[nameLength];
					payload.get(nameBytes);
					String name = new String(nameBytes, StandardCharsets.UTF_8);
					ByteBuffer contents = payload.slice().order(ByteOrder.LITTLE_ENDIAN);
					switch (name) {
						case "name" -> names = functionNames(contents);
						case ".debug_line" -> debugLine = contents;
						case ".debug_line_str" -> debugLineStr = contents;
						case ".debug_str" -> debugStr = contents;
						default -> {
						}
					}
				}
				else if (id == CODE_SECTION) {
					codeStart = start;
					bodies = bodies(payload);
				}
				in.position(end);
			}
		}
		catch (RuntimeException ex) {
			// a damaged section ends the reading; the parser reports what is wrong with
			// the
			// module
		}
		DwarfLineTable lines = (debugLine != null && codeStart >= 0)
				? DwarfLineTable.read(debugLine, debugLineStr, debugStr) : DwarfLineTable.EMPTY;
		if (names.isEmpty() && lines.size() == 0 && bodies.length == 0) {
			return NONE;
		}
		return new GuestSymbols(names, lines, codeStart, bodies, importedFunctions);
	}

	private static Map<Integer, String> functionNames(ByteBuffer in) {
		Map<Integer, String> names = new HashMap<>();
		try {
			while (in.hasRemaining()) {
				int id = Byte.toUnsignedInt(in.get());
				int size = (int) DwarfLineTable.readUnsigned(in);
				int end = in.position() + size;
				if (id == FUNCTION_NAMES) {
					long count = DwarfLineTable.readUnsigned(in);
					for (long i = 0; i < count; i++) {
						int index = (int) DwarfLineTable.readUnsigned(in);
						int length = (int) DwarfLineTable.readUnsigned(in);
						byte[] bytes = new byte[length];
						in.get(bytes);
						names.put(index, new String(bytes, StandardCharsets.UTF_8));
					}
				}
				in.position(end);
			}
		}
		catch (RuntimeException ex) {
			// a damaged subsection: the names read before it are kept
		}
		return Map.copyOf(names);
	}

	private static int[] bodies(ByteBuffer code) {
		int count = (int) DwarfLineTable.readUnsigned(code);
		int[] bodies = new int[Math.max(0, Math.min(count, code.remaining())) * 2];
		for (int i = 0; i < bodies.length / 2; i++) {
			int size = (int) DwarfLineTable.readUnsigned(code);
			bodies[2 * i] = code.position();
			bodies[2 * i + 1] = code.position() + size;
			code.position(code.position() + size);
		}
		return bodies;
	}

	/**
	 * Return the name of a function: the name section's, or {@code func[index]} without
	 * one.
	 * @param functionIndex the function's index, imports counted
	 * @return the name
	 */
	public String functionName(int functionIndex) {
		String name = this.names.get(functionIndex);
		return (name != null) ? name : "func[" + functionIndex + "]";
	}

	/**
	 * Return the source position of an instruction.
	 * @param moduleOffset the instruction's offset in the module's bytes
	 * @return the position, or {@code null} if the module has no line for it
	 */
	public DwarfLineTable.@Nullable Position position(int moduleOffset) {
		if (this.codeStart < 0 || moduleOffset < this.codeStart) {
			return null;
		}
		return this.lines.position(moduleOffset - this.codeStart);
	}

	/**
	 * Return the source file a function's code comes from.
	 * @param functionIndex the function's index, imports counted
	 * @return the file name, or {@code null} if the module has no line for the function
	 */
	public @Nullable String file(int functionIndex) {
		int body = functionIndex - this.importedFunctions;
		if (body < 0 || 2 * body + 1 >= this.bodies.length || this.lines.size() == 0) {
			return null;
		}
		return this.lines.fileWithin(this.bodies[2 * body], this.bodies[2 * body + 1]);
	}

	/**
	 * Return where a function's body starts.
	 * @param functionIndex the function's index, imports counted
	 * @return the module offset of the body (its local declarations), or -1 if the
	 * function has no body here
	 */
	public int bodyStart(int functionIndex) {
		int body = functionIndex - this.importedFunctions;
		if (this.codeStart < 0 || body < 0 || 2 * body + 1 >= this.bodies.length) {
			return -1;
		}
		return this.codeStart + this.bodies[2 * body];
	}

	/**
	 * Return how many functions the module imports: the indexes below it are host
	 * functions.
	 * @return the count
	 */
	public int importedFunctions() {
		return this.importedFunctions;
	}

	/**
	 * Return whether the module carries a line table.
	 * @return whether source lines can be given
	 */
	public boolean hasLines() {
		return this.lines.size() > 0;
	}

	/**
	 * Return whether the module names its functions.
	 * @return whether the name section gave names
	 */
	public boolean hasNames() {
		return !this.names.isEmpty();
	}

}
