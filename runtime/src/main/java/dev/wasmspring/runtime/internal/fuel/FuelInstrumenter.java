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

package dev.wasmspring.runtime.internal.fuel;

import java.io.ByteArrayOutputStream;

/**
 * Rewrites a module's bytes so that its code meters itself: a module-to-module transform
 * that needs no engine. Three mutable globals are appended after the module's own (so no
 * index the module uses changes): the fuel left ({@code i64}), a flag ({@code i32}) set
 * when the code stopped itself for want of fuel, and an {@code i64} in which a call's
 * result can travel back with the count (below).
 * <p>
 * Every straight-line run of instructions is charged, at its start, one unit per
 * instruction in it; {@code memory.copy}, {@code memory.fill} and {@code memory.init} are
 * charged one more unit per 8 bytes they move, and {@code table.copy}, {@code table.fill}
 * and {@code table.init} one more unit per element. The fuel left is checked at every
 * loop's header and at the entry of every function that loops or calls, after the charge:
 * when it is negative the code sets the flag and executes {@code unreachable}. A loop
 * thus pays once per iteration, recursion once per call, and no code runs unboundedly
 * between two checks (a function that neither loops nor calls runs a bounded number of
 * instructions, as often as its callers' checks let them call it). The fuel left can go
 * negative elsewhere without a check (by at most the runs between two checks); a trap of
 * the guest's own there is still the guest's, because only the check sets the flag.
 * <p>
 * <p>
 * Each function the module defines becomes two: an <em>entry point</em> at its own index,
 * of its own type (what exports, tables, {@code ref.func}, element segments and the start
 * function name), which reads the fuel left from the global and calls the function's
 * <em>counting</em> function, appended after all the module's functions; and the counting
 * function, the function's own code with an {@code i64} parameter appended, in which it
 * counts. A direct call of one of the module's functions calls its counting function,
 * passed the caller's count as an argument; the callee leaves its count in the global
 * when it returns, from where the caller takes it back. So a call costs a write of the
 * global and a read of it, where handing the count over in both directions through the
 * global costs two of each. A function whose result is one {@code i32} or {@code i64}, or
 * nothing, does without the global (unless it uses exception handling, branches to its
 * own body's label or takes part in a tail call): its counting function returns one
 * {@code i64}, the fuel it consumed in the high half and its own result in the low half,
 * which the caller takes apart with a few operations on locals (a count too large for the
 * half, past 2<sup>31</sup> - 1 units, goes through the global and the half says so; so
 * does an {@code i64} result that is not the sign extension of its low half, through the
 * third global). Indirect calls and calls of imported functions still hand the count over
 * through the global; functions that use exception handling count in the global itself (a
 * handler can be entered from a callee with no call returning). After a trap of the
 * guest's own, the count in the global leaves out the runs since it last went through the
 * global: writing it before every instruction that can trap made metered loops that
 * access memory more than twice as slow. Entry points are not charged: none of their
 * instructions is the module's own, so the count is the same as the module's own code
 * would be charged.
 * <p>
 * The rewrite changes no behaviour while fuel lasts: the inserted code leaves the operand
 * stack as it found it, branches nowhere the module's own code can see and touches only
 * its own globals, the fuel parameter and the locals it appends after the function's own.
 * The name section, if any, names each counting function like the function it counts for,
 * so that a trap's trace names the module's own functions. Stateless and thread-safe.
 */
public final class FuelInstrumenter {

	/** Bytes a bulk memory operation moves per unit of fuel it is charged. */
	public static final int BYTES_PER_UNIT = 8;

	private static final int BYTES_PER_UNIT_SHIFT = 3;

	private static final int I32 = 0x7F;

	private static final int I64 = 0x7E;

	private static final byte[] PREAMBLE = { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 };

	private static final int SECTION_CUSTOM = 0;

	private static final int SECTION_TYPE = 1;

	private static final int SECTION_IMPORT = 2;

	private static final int SECTION_FUNCTION = 3;

	private static final int SECTION_MEMORY = 5;

	private static final int SECTION_GLOBAL = 6;

	private static final int SECTION_CODE = 10;

	private static final String NAME_SECTION = "name";

	/**
	 * The custom section the rewrite appends, naming its two globals: the engine ignores
	 * it, and the compiled module says by it that it meters itself and where.
	 */
	public static final String SECTION_NAME = "wasm-spring-boot.fuel";

	private static final byte[] SECTION_NAME_BYTES = SECTION_NAME.getBytes(java.nio.charset.StandardCharsets.UTF_8);

	private FuelInstrumenter() {
	}

	/**
	 * The rewritten module.
	 *
	 * @param bytes the module's bytes, metering itself
	 * @param fuelGlobal the index of the {@code i64} global holding the fuel left
	 * @param exhaustedGlobal the index of the {@code i32} global set to 1 when the code
	 * stopped for want of fuel
	 */
	public record Metered(byte[] bytes, int fuelGlobal, int exhaustedGlobal) {
	}

	/**
	 * Thrown when the bytes cannot be rewritten: not a well-formed module, or one using
	 * instructions the rewrite does not know.
	 */
	public static final class UnsupportedModuleException extends RuntimeException {

		UnsupportedModuleException(String message) {
			super(message);
		}

	}

	/**
	 * Read the globals of a module this class rewrote from the marker section it
	 * appended.
	 * @param marker the marker section's content after its name
	 * @return the fuel global's and the flag global's index
	 */
	public static int[] globals(byte[] marker) {
		Reader reader = new Reader(marker, 0);
		return new int[] { reader.u32(), reader.u32() };
	}

	/**
	 * Rewrite a module so that it meters itself.
	 * @param bytes a WebAssembly binary module (version 1)
	 * @return the rewritten module and the indices of its fuel globals
	 * @throws UnsupportedModuleException if the bytes are not a module the rewrite can
	 * read
	 */
	public static Metered instrument(byte[] bytes) {
		return instrument(bytes, PACKED_MAX);
	}

	/**
	 * Rewrite a module so that it meters itself, with the largest count a function
	 * returns with its result given (larger counts go through the global).
	 * @param bytes a WebAssembly binary module (version 1)
	 * @param packedMax the largest count returned with a result, at most
	 * {@code 0x7FFFFFFF}
	 * @return the rewritten module and the indices of its fuel globals
	 */
	static Metered instrument(byte[] bytes, long packedMax) {
		try {
			return new Rewrite(bytes, packedMax).run();
		}
		catch (IndexOutOfBoundsException ex) {
			throw new UnsupportedModuleException("the module ends in the middle of a section or instruction");
		}
	}

	private static final class Rewrite {

		private final byte[] in;

		private int importedGlobals;

		private int definedGlobals;

		private int globalSectionIndex = -1;

		private int codeSectionIndex = -1;

		// the parameter count of each type
		private int[] typeParameters = new int[0];

		// each type's encoding after its form byte: parameters and results
		private byte[][] typeEncodings = new byte[0][];

		private int importedFunctions;

		// for each type a function the module defines has, the index of the type of
		// the counting function it becomes: the same with an i64 parameter appended
		private final java.util.Map<Integer, Integer> countingTypes = new java.util.LinkedHashMap<>();

		// the type of each function the module defines
		private int[] functionTypes = new int[0];

		// for each function the module defines, whether its counting function returns
		// its count as its result
		private boolean[] packed = new boolean[0];

		// for each function the module defines, what it costs when its cost is the same
		// on every run (no control flow, no call, no bulk operation): its callers charge
		// it with their own instructions and call its original code; -1 otherwise
		private int[] fixedCost = new int[0];

		private int countingKey(int function) {
			return (this.functionTypes[function] << 1) | Boolean.compare(this.packed[function], false);
		}

		/**
		 * Which functions return their count as their single {@code i64} result, the
		 * function's own {@code i32} or {@code i64} result (if any) in its low half:
		 * functions with no result or one {@code i32} or {@code i64}, that use no
		 * exception handling, make no tail call, branch to no label of their own body's,
		 * and are the target of no tail call.
		 */
		private boolean[] choosePacked(int[] section) {
			boolean[] packed = new boolean[this.functionTypes.length];
			this.fixedCost = new int[this.functionTypes.length];
			java.util.Arrays.fill(this.fixedCost, -1);
			Reader reader = new Reader(this.in, section[1]);
			int count = reader.u32();
			if (count != this.functionTypes.length) {
				return packed;
			}
			java.util.Set<Integer> tailCalled = new java.util.HashSet<>();
			for (int i = 0; i < count; i++) {
				int size = reader.u32();
				int start = reader.position;
				int end = start + size;
				int groups = reader.u32();
				for (int g = 0; g < groups; g++) {
					reader.u32();
					reader.skipValueType();
				}
				boolean eligible = packable(this.functionTypes[i]);
				boolean fixed = true;
				int instructions = 0;
				int depth = 0;
				while (reader.position < end) {
					int at = reader.position;
					int opcode = reader.u8();
					instructions++;
					fixed &= !changesCost(opcode, at);
					switch (opcode) {
						case 0x02, 0x03, 0x04, 0x06, 0x1F -> depth++;
						case 0x0B, 0x18 -> depth--;
						case 0x0C, 0x0D, 0x0E, 0xD5, 0xD6 -> {
							Reader labels = new Reader(this.in, at + 1);
							int targets = (opcode == 0x0E) ? labels.u32() + 1 : 1;
							for (int t = 0; t < targets; t++) {
								eligible &= labels.u32() != depth;
							}
						}
						case 0x12 -> {
							tailCalled.add(new Reader(this.in, at + 1).u32());
							eligible = false;
						}
						case 0x07, 0x08, 0x09, 0x0A, 0x13, 0x15, 0x19 -> eligible = false;
						default -> {
						}
					}
					// try, try_table, delegate: exception handling
					eligible &= opcode != 0x06 && opcode != 0x1F && opcode != 0x18;
					skip(reader, opcode);
				}
				packed[i] = eligible && !fixed;
				this.fixedCost[i] = fixed ? instructions : -1;
				reader.position = end;
			}
			for (int target : tailCalled) {
				if (target >= this.importedFunctions && target - this.importedFunctions < packed.length) {
					packed[target - this.importedFunctions] = false;
					this.fixedCost[target - this.importedFunctions] = -1;
				}
			}
			return packed;
		}

		/**
		 * Whether an instruction can make a function's cost differ between runs, or needs
		 * the count: control flow but the body's final {@code end}, calls, and the bulk
		 * operations charged by size.
		 */
		private boolean changesCost(int opcode, int at) {
			return switch (opcode) {
				case 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x12,
						0x13, 0x14, 0x15, 0x18, 0x19, 0x1F, 0xD5, 0xD6 ->
					true;
				case 0xFC -> {
					int sub = new Reader(this.in, at + 1).u32();
					yield sub == 8 || sub == 10 || sub == 11 || sub == 12 || sub == 14 || sub == 17;
				}
				default -> false;
			};
		}

		private boolean packable(int type) {
			byte[] encoding = this.typeEncodings[type];
			Reader reader = new Reader(encoding, 0);
			int parameters = reader.u32();
			for (int p = 0; p < parameters; p++) {
				reader.skipValueType();
			}
			int results = reader.u32();
			return results == 0 || (results == 1
					&& ((encoding[reader.position] & 0xFF) == I32 || (encoding[reader.position] & 0xFF) == I64));
		}

		private final long packedMax;

		Rewrite(byte[] in, long packedMax) {
			this.in = in;
			this.packedMax = packedMax;
		}

		Metered run() {
			if (this.in.length < PREAMBLE.length) {
				throw new UnsupportedModuleException("it has fewer than the 8 bytes of a module's header");
			}
			for (int i = 0; i < PREAMBLE.length; i++) {
				if (this.in[i] != PREAMBLE[i]) {
					throw new UnsupportedModuleException("it does not start with the header of a version 1 module");
				}
			}
			// first pass: where the sections are and how many globals there are
			java.util.List<int[]> sections = new java.util.ArrayList<>();
			Reader reader = new Reader(this.in, PREAMBLE.length);
			while (reader.position < this.in.length) {
				int id = reader.u8();
				int size = reader.u32();
				int start = reader.position;
				if (start + (long) size > this.in.length) {
					throw new UnsupportedModuleException("section " + id + " runs past the end of the module");
				}
				sections.add(new int[] { id, start, size });
				Reader body = new Reader(this.in, start);
				switch (id) {
					case SECTION_TYPE -> readTypes(body);
					case SECTION_FUNCTION -> readFunctions(body);
					case SECTION_IMPORT -> countImportedGlobals(body);
					case SECTION_MEMORY -> checkMemories(body);
					case SECTION_GLOBAL -> {
						this.definedGlobals = body.u32();
						this.globalSectionIndex = sections.size() - 1;
					}
					case SECTION_CODE -> this.codeSectionIndex = sections.size() - 1;
					default -> {
					}
				}
				reader.position = start + size;
			}
			int fuel = this.importedGlobals + this.definedGlobals;
			int exhausted = fuel + 1;
			for (int type : this.functionTypes) {
				if (type >= this.typeParameters.length) {
					throw new UnsupportedModuleException("a function's type index " + type + " is out of range");
				}
			}
			if (this.codeSectionIndex >= 0) {
				this.packed = choosePacked(sections.get(this.codeSectionIndex));
			}
			else {
				this.packed = new boolean[this.functionTypes.length];
				this.fixedCost = new int[this.functionTypes.length];
				java.util.Arrays.fill(this.fixedCost, -1);
			}
			for (int i = 0; i < this.functionTypes.length; i++) {
				if (this.fixedCost[i] < 0) {
					this.countingTypes.putIfAbsent(countingKey(i),
							this.typeParameters.length + this.countingTypes.size());
				}
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream(this.in.length + this.in.length / 4 + 64);
			out.write(this.in, 0, PREAMBLE.length);
			boolean globalsWritten = false;
			for (int i = 0; i < sections.size(); i++) {
				int[] section = sections.get(i);
				int id = section[0];
				if (!globalsWritten && this.globalSectionIndex < 0 && id != SECTION_CUSTOM
						&& order(id) > order(SECTION_GLOBAL)) {
					writeSection(out, SECTION_GLOBAL, globals(null, 0));
					globalsWritten = true;
				}
				if (i == this.globalSectionIndex) {
					writeSection(out, SECTION_GLOBAL, globals(section, this.definedGlobals));
					globalsWritten = true;
				}
				else if (i == this.codeSectionIndex) {
					writeSection(out, SECTION_CODE, code(section, fuel, exhausted));
				}
				else if (id == SECTION_TYPE) {
					writeSection(out, SECTION_TYPE, types());
				}
				else if (id == SECTION_FUNCTION) {
					writeSection(out, SECTION_FUNCTION, functions());
				}
				else if (id == SECTION_CUSTOM && isNameSection(section)) {
					writeSection(out, SECTION_CUSTOM, names(section));
				}
				else if (!(id == SECTION_CUSTOM && isFuelSection(section))) {
					writeSection(out, id, java.util.Arrays.copyOfRange(this.in, section[1], section[1] + section[2]));
				}
			}
			if (!globalsWritten) {
				writeSection(out, SECTION_GLOBAL, globals(null, 0));
			}
			ByteArrayOutputStream marker = new ByteArrayOutputStream();
			writeU32(marker, SECTION_NAME_BYTES.length);
			marker.writeBytes(SECTION_NAME_BYTES);
			writeU32(marker, fuel);
			writeU32(marker, exhausted);
			writeSection(out, SECTION_CUSTOM, marker.toByteArray());
			return new Metered(out.toByteArray(), fuel, exhausted);
		}

		/**
		 * Whether a custom section is a marker of an earlier rewrite (or a module
		 * pretending to be one): it is dropped, so the only marker is this rewrite's.
		 */
		private boolean isFuelSection(int[] section) {
			Reader reader = new Reader(this.in, section[1]);
			int length = reader.u32();
			return length == SECTION_NAME_BYTES.length && java.util.Arrays.equals(this.in, reader.position,
					reader.position + length, SECTION_NAME_BYTES, 0, length);
		}

		/** A section's place in the order the binary format requires. */
		private static int order(int id) {
			return switch (id) {
				case 13 -> 55; // tag: between memory and global
				case 12 -> 95; // data count: between element and code
				default -> id * 10;
			};
		}

		private void readTypes(Reader reader) {
			int count = reader.u32();
			this.typeParameters = new int[count];
			this.typeEncodings = new byte[count][];
			for (int i = 0; i < count; i++) {
				int form = reader.u8();
				if (form != 0x60) {
					throw new UnsupportedModuleException(
							"its type section declares a type of form 0x" + Integer.toHexString(form)
									+ " (garbage collection), which fuel metering does not support");
				}
				int start = reader.position;
				int parameters = reader.u32();
				for (int p = 0; p < parameters; p++) {
					reader.skipValueType();
				}
				int results = reader.u32();
				for (int r = 0; r < results; r++) {
					reader.skipValueType();
				}
				this.typeParameters[i] = parameters;
				this.typeEncodings[i] = java.util.Arrays.copyOfRange(reader.bytes, start, reader.position);
			}
		}

		/**
		 * The type section with the counting functions' types appended (so no index the
		 * module uses changes): each a type of the module's functions with an {@code i64}
		 * parameter appended, the fuel left.
		 */
		private byte[] types() {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			writeU32(out, this.typeParameters.length + this.countingTypes.size());
			for (byte[] encoding : this.typeEncodings) {
				out.write(0x60);
				out.write(encoding, 0, encoding.length);
			}
			for (int key : this.countingTypes.keySet()) {
				byte[] encoding = this.typeEncodings[key >> 1];
				Reader reader = new Reader(encoding, 0);
				int parameters = reader.u32();
				int parametersStart = reader.position;
				for (int p = 0; p < parameters; p++) {
					reader.skipValueType();
				}
				out.write(0x60);
				writeU32(out, parameters + 1L);
				out.write(encoding, parametersStart, reader.position - parametersStart);
				out.write(0x7E);
				if ((key & 1) != 0) {
					// one i64 result: the count, and the function's own i32 result
					out.write(0x01);
					out.write(0x7E);
				}
				else {
					out.write(encoding, reader.position, encoding.length - reader.position);
				}
			}
			return out.toByteArray();
		}

		/**
		 * The function section: the module's functions keep their indices and types (and
		 * become entry points that call their counting function), the counting functions
		 * follow.
		 */
		private byte[] functions() {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			writeU32(out, this.functionTypes.length * 2L);
			for (int type : this.functionTypes) {
				writeU32(out, type);
			}
			for (int i = 0; i < this.functionTypes.length; i++) {
				// a function of fixed cost keeps its type: its second is its original
				// code
				writeU32(out,
						(this.fixedCost[i] >= 0) ? this.functionTypes[i] : this.countingTypes.get(countingKey(i)));
			}
			return out.toByteArray();
		}

		/**
		 * The local names subsection, its functions' locals now the counting functions':
		 * each function's entry moves to its counting function, the indices of locals
		 * after the parameters up by one.
		 */
		private byte[] localNames(int start, int end) {
			Reader reader = new Reader(this.in, start);
			ByteArrayOutputStream out = new ByteArrayOutputStream(end - start + 16);
			int functions = reader.u32();
			writeU32(out, functions);
			for (int f = 0; f < functions; f++) {
				int index = reader.u32();
				boolean defined = index >= this.importedFunctions
						&& index < this.importedFunctions + this.functionTypes.length;
				writeU32(out, defined ? (long) index + this.functionTypes.length : index);
				// a function of fixed cost keeps its code, and its locals their indices
				int parameters = (defined && this.fixedCost[index - this.importedFunctions] < 0)
						? parameters(index - this.importedFunctions) : Integer.MAX_VALUE;
				int count = reader.u32();
				writeU32(out, count);
				for (int l = 0; l < count; l++) {
					int local = reader.u32();
					writeU32(out, (local >= parameters) ? local + 1L : local);
					int nameStart = reader.position;
					reader.skipName();
					out.write(this.in, nameStart, reader.position - nameStart);
				}
			}
			if (reader.position != end) {
				throw new UnsupportedModuleException("its local names do not end where their subsection does");
			}
			return out.toByteArray();
		}

		private boolean isNameSection(int[] section) {
			Reader reader = new Reader(this.in, section[1]);
			int length = reader.u32();
			return length == 4 && new String(this.in, reader.position, 4, java.nio.charset.StandardCharsets.UTF_8)
				.equals(NAME_SECTION);
		}

		/**
		 * The name section with each counting function named like the function it counts
		 * for, so that a trap's trace names the module's own functions; other subsections
		 * are kept as they are.
		 */
		private byte[] names(int[] section) {
			int end = section[1] + section[2];
			Reader reader = new Reader(this.in, section[1]);
			reader.skipName();
			ByteArrayOutputStream out = new ByteArrayOutputStream(section[2] + section[2] / 2);
			out.write(this.in, section[1], reader.position - section[1]);
			while (reader.position < end) {
				int id = reader.u8();
				int size = reader.u32();
				int start = reader.position;
				if (id == 2) {
					byte[] locals = localNames(start, start + size);
					out.write(id);
					writeU32(out, locals.length);
					out.writeBytes(locals);
					reader.position = start + size;
					continue;
				}
				if (id != 1) {
					out.write(id);
					writeU32(out, size);
					out.write(this.in, start, size);
					reader.position = start + size;
					continue;
				}
				Reader map = new Reader(this.in, start);
				int count = map.u32();
				int[] indices = new int[count];
				int[] nameStarts = new int[count];
				int[] nameEnds = new int[count];
				int counting = 0;
				for (int n = 0; n < count; n++) {
					indices[n] = map.u32();
					nameStarts[n] = map.position;
					map.skipName();
					nameEnds[n] = map.position;
					if (indices[n] >= this.importedFunctions
							&& indices[n] < this.importedFunctions + this.functionTypes.length) {
						counting++;
					}
				}
				ByteArrayOutputStream names = new ByteArrayOutputStream(size * 2);
				writeU32(names, count + counting);
				for (int pass = 0; pass < 2; pass++) {
					for (int n = 0; n < count; n++) {
						boolean defined = indices[n] >= this.importedFunctions
								&& indices[n] < this.importedFunctions + this.functionTypes.length;
						if (pass == 0 || defined) {
							writeU32(names, indices[n] + ((pass == 1) ? this.functionTypes.length : 0));
							names.write(this.in, nameStarts[n], nameEnds[n] - nameStarts[n]);
						}
					}
				}
				out.write(id);
				writeU32(out, names.size());
				out.writeBytes(names.toByteArray());
				reader.position = start + size;
			}
			return out.toByteArray();
		}

		private void readFunctions(Reader reader) {
			int count = reader.u32();
			this.functionTypes = new int[count];
			if (count > Integer.MAX_VALUE / 2) {
				throw new UnsupportedModuleException("it defines too many functions");
			}
			for (int i = 0; i < count; i++) {
				this.functionTypes[i] = reader.u32();
			}
		}

		private int parameters(int function) {
			if (function >= this.functionTypes.length || this.functionTypes[function] >= this.typeParameters.length) {
				throw new UnsupportedModuleException(
						"its code section has more function bodies than its function section declares functions");
			}
			return this.typeParameters[this.functionTypes[function]];
		}

		private void countImportedGlobals(Reader reader) {
			int count = reader.u32();
			for (int i = 0; i < count; i++) {
				reader.skipName();
				reader.skipName();
				int kind = reader.u8();
				switch (kind) {
					case 0x00 -> { // function: type index
						reader.u32();
						this.importedFunctions++;
					}
					case 0x01 -> { // table: reference type, limits
						reader.skipRefType();
						reader.skipLimits();
					}
					case 0x02 -> checkMemory(reader);
					case 0x03 -> { // global: value type, mutability
						reader.skipValueType();
						reader.u8();
						this.importedGlobals++;
					}
					case 0x04 -> { // tag: attribute, type index
						reader.u8();
						reader.u32();
					}
					default -> throw new UnsupportedModuleException("it imports something of unknown kind " + kind);
				}
			}
		}

		private static void checkMemories(Reader reader) {
			int count = reader.u32();
			for (int i = 0; i < count; i++) {
				checkMemory(reader);
			}
		}

		private static void checkMemory(Reader reader) {
			int flags = reader.u8();
			if ((flags & 0x04) != 0) {
				throw new UnsupportedModuleException("it has a 64-bit memory, which fuel metering does not support");
			}
			reader.u32();
			if ((flags & 0x01) != 0) {
				reader.u32();
			}
		}

		/**
		 * The global section with the rewrite's globals appended: {@code (mut i64)}
		 * starting at the largest value, so that code run before any budget is set (a
		 * start function) is not stopped, {@code (mut i32)} starting at 0, and
		 * {@code (mut i64)} starting at 0 for results that do not fit a packed result.
		 */
		private byte[] globals(int[] section, int count) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			writeU32(out, count + 3);
			if (section != null) {
				Reader reader = new Reader(this.in, section[1]);
				reader.u32();
				out.write(this.in, reader.position, section[1] + section[2] - reader.position);
			}
			// (global (mut i64) (i64.const 0x7fffffffffffffff))
			out.write(0x7E);
			out.write(0x01);
			out.write(0x42);
			writeS64(out, Long.MAX_VALUE);
			out.write(0x0B);
			// (global (mut i32) (i32.const 0))
			out.write(0x7F);
			out.write(0x01);
			out.write(0x41);
			out.write(0x00);
			out.write(0x0B);
			// (global (mut i64) (i64.const 0)): where an i64 result that does not fit
			// in the low half of a packed result goes
			out.write(0x7E);
			out.write(0x01);
			out.write(0x42);
			out.write(0x00);
			out.write(0x0B);
			return out.toByteArray();
		}

		/**
		 * The body of a module's function as it becomes: an entry point for exports,
		 * tables, references and the start function, which passes its arguments and the
		 * fuel left in the global to its counting function: {@code local.get 0 .. n-1;
		 * global.get $fuel; call $counting}. The counting function leaves the fuel left
		 * in the global when it returns. The entry point is not charged: none of its
		 * instructions is the module's own.
		 */
		private byte[] entry(int function, int fuel) {
			ByteArrayOutputStream out = new ByteArrayOutputStream(16);
			boolean packed = this.packed[function];
			int parameters = parameters(function);
			if (this.fixedCost[function] >= 0) {
				// no locals; global.get $fuel; i64.const cost; i64.sub; global.set $fuel;
				// local.get 0 .. n-1; call $original
				out.write(0x00);
				out.write(0x23);
				writeU32(out, fuel);
				out.write(0x42);
				writeS64(out, this.fixedCost[function]);
				out.write(0x7D);
				out.write(0x24);
				writeU32(out, fuel);
				for (int p = 0; p < parameters; p++) {
					out.write(0x20);
					writeU32(out, p);
				}
				out.write(0x10);
				writeU32(out, (long) this.importedFunctions + this.functionTypes.length + function);
				out.write(0x0B);
				return out.toByteArray();
			}
			if (packed) {
				// three i64 locals to unpack the result in
				out.write(0x01);
				out.write(0x03);
				out.write(0x7E);
			}
			else {
				out.write(0x00); // no locals
			}
			for (int p = 0; p < parameters; p++) {
				out.write(0x20);
				writeU32(out, p);
			}
			out.write(0x23);
			writeU32(out, fuel);
			if (packed) {
				// the fuel passed, from which the count returned is subtracted
				out.write(0x22);
				writeU32(out, parameters + 2L);
			}
			out.write(0x10);
			writeU32(out, (long) this.importedFunctions + this.functionTypes.length + function);
			if (packed) {
				unpack(out, parameters, parameters + 1L, -1, parameters + 2L, fuel, resultType(function));
			}
			out.write(0x0B);
			return out.toByteArray();
		}

		/**
		 * The type of a function's first result ({@code 0x7F} for {@code i32},
		 * {@code 0x7E} for {@code i64}, ...), or 0 for a function without results.
		 */
		private int resultType(int function) {
			byte[] encoding = this.typeEncodings[this.functionTypes[function]];
			Reader reader = new Reader(encoding, 0);
			int parameters = reader.u32();
			for (int p = 0; p < parameters; p++) {
				reader.skipValueType();
			}
			return (reader.u32() > 0) ? encoding[reader.position] & 0xFF : 0;
		}

		private byte[] code(int[] section, int fuel, int exhausted) {
			Reader reader = new Reader(this.in, section[1]);
			int count = reader.u32();
			if (count != this.functionTypes.length) {
				throw new UnsupportedModuleException("its code section has " + count
						+ " function bodies where its function section declares " + this.functionTypes.length);
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream(section[2] + section[2] / 4 + 16 + count * 12);
			int[] results = new int[count];
			for (int i = 0; i < count; i++) {
				results[i] = resultType(i);
			}
			writeU32(out, count * 2L);
			for (int i = 0; i < count; i++) {
				byte[] body = entry(i, fuel);
				writeU32(out, body.length);
				out.write(body, 0, body.length);
			}
			for (int i = 0; i < count; i++) {
				int size = reader.u32();
				int start = reader.position;
				// a function of fixed cost keeps its code: its callers charge it
				byte[] body = (this.fixedCost[i] >= 0) ? java.util.Arrays.copyOfRange(this.in, start, start + size)
						: new FunctionRewrite(this.in, start, start + size, parameters(i), fuel, exhausted,
								this.importedFunctions, count, this.packed, this.fixedCost, i, results, this.packedMax)
							.run();
				writeU32(out, body.length);
				out.write(body, 0, body.length);
				reader.position = start + size;
			}
			if (reader.position != section[1] + section[2]) {
				throw new UnsupportedModuleException("its code section has bytes after its last function body");
			}
			return out.toByteArray();
		}

	}

	/** Rewrites one function body. */
	private static final class FunctionRewrite {

		private final byte[] in;

		private final int end;

		private final int fuel;

		private final int exhausted;

		private final Reader reader;

		private final ByteArrayOutputStream out;

		// the instructions of the run being read, written out behind its charge when it
		// ends
		private final ByteArrayOutputStream run = new ByteArrayOutputStream();

		private long runCost;

		private boolean runChecked;

		private final int parameters;

		private long scratchLocal = -1;

		// the i64 parameter the function counts in, -1 when it counts in the global
		// itself
		private long fuelLocal = -1;

		private final int importedFunctions;

		private final int definedFunctions;

		// which of the module's functions return their count packed with their result,
		// and the type of each one's result
		private final boolean[] packed;

		private final int[] results;

		// what each of the module's functions costs when it is the same on every run, -1
		// otherwise
		private final int[] fixedCost;

		// whether this function returns its count packed with its result
		private final boolean packedSelf;

		// the type of the function's result, 0 for none
		private final int result;

		// the i64 locals this function packs and unpacks counts in, -1 when it needs none
		private long startLocal = -1;

		private long packedLocal = -1;

		private long consumedLocal = -1;

		private final long packedMax;

		FunctionRewrite(byte[] in, int start, int end, int parameters, int fuel, int exhausted, int importedFunctions,
				int definedFunctions, boolean[] packed, int[] fixedCost, int self, int[] results, long packedMax) {
			this.packedMax = packedMax;
			this.packed = packed;
			this.fixedCost = fixedCost;
			this.results = results;
			this.packedSelf = packed[self];
			this.result = results[self];
			this.in = in;
			this.parameters = parameters;
			this.importedFunctions = importedFunctions;
			this.definedFunctions = definedFunctions;
			this.end = end;
			this.fuel = fuel;
			this.exhausted = exhausted;
			this.reader = new Reader(in, start);
			this.out = new ByteArrayOutputStream((end - start) + (end - start) / 2 + 32);
		}

		byte[] run() {
			int groups = this.reader.u32();
			long locals = 0;
			int localsStart = this.reader.position;
			for (int g = 0; g < groups; g++) {
				locals += this.reader.u32();
				this.reader.skipValueType();
			}
			int localsEnd = this.reader.position;
			Features features = features(localsEnd);
			boolean cached = !features.exceptions();
			boolean packing = this.packedSelf || features.callsPacked();
			ByteArrayOutputStream header = new ByteArrayOutputStream();
			writeU32(header, groups + (features.bulk() ? 1 : 0) + (packing ? 1 : 0));
			header.write(this.in, localsStart, localsEnd - localsStart);
			// the fuel parameter comes after the function's own parameters, so the
			// indices of its locals move up by one; the locals the rewrite adds come
			// after them
			long next = this.parameters + 1 + locals;
			if (features.bulk()) {
				writeU32(header, 1);
				header.write(0x7F);
				this.scratchLocal = next++;
			}
			if (packing) {
				writeU32(header, 3);
				header.write(0x7E);
				this.startLocal = next;
				this.packedLocal = next + 1;
				this.consumedLocal = next + 2;
			}
			if (this.packedSelf) {
				// local.get $fuelParameter; local.set $start
				this.out.write(0x20);
				writeU32(this.out, this.parameters);
				this.out.write(0x21);
				writeU32(this.out, this.startLocal);
			}
			if (cached) {
				this.fuelLocal = this.parameters;
			}
			else {
				// local.get $fuelParameter; global.set $fuel
				this.out.write(0x20);
				writeU32(this.out, this.parameters);
				this.out.write(0x24);
				writeU32(this.out, this.fuel);
			}
			// a function that neither loops nor calls runs a bounded number of
			// instructions: its caller's checks bound how often it runs, so it needs no
			// check of its own
			this.runChecked = features.loops() || features.calls();
			int depth = 0;
			while (this.reader.position < this.end) {
				int instructionStart = this.reader.position;
				int opcode = this.reader.u8();
				switch (opcode) {
					// block, if, try, try_table: the body starts a run
					case 0x02, 0x04, 0x06, 0x1F -> {
						skip(this.reader, opcode);
						copy(instructionStart);
						closeRun(false);
						depth++;
					}
					// loop: the body starts a run that is checked, once per iteration
					case 0x03 -> {
						skip(this.reader, opcode);
						copy(instructionStart);
						closeRun(true);
						depth++;
					}
					// else, catch, catch_all: the next run is another branch's
					case 0x05, 0x07, 0x19 -> {
						skip(this.reader, opcode);
						copy(instructionStart);
						closeRun(false);
					}
					// end, delegate: a block ends, code after it is a branch target
					case 0x0B, 0x18 -> {
						skip(this.reader, opcode);
						if (depth == 0) {
							// the function's own end
							exit();
						}
						copy(instructionStart);
						closeRun(false);
						depth--;
					}
					// br, br_if, br_table, br_on_null, br_on_non_null: control may
					// leave the run here, and the function if the label is its own
					case 0x0C, 0x0D, 0x0E, 0xD5, 0xD6 -> {
						skip(this.reader, opcode);
						if (leavesFunction(instructionStart, opcode, depth)) {
							store(this.run);
						}
						copy(instructionStart);
						closeRun(false);
					}
					// a tail call of a function of the module: its counting function,
					// passed the fuel left, leaves the count in the global
					case 0x12 -> {
						int target = this.reader.u32();
						if (target >= this.importedFunctions) {
							callCounting(0x12, target);
						}
						else {
							store(this.run);
							copy(instructionStart);
						}
						closeRun(false);
					}
					// return: the count goes with the results
					case 0x0F -> {
						exit();
						copy(instructionStart);
						closeRun(false);
					}
					// rethrow, unreachable, throw, throw_ref, return_call_indirect,
					// return_call_ref: control leaves the run and, but for a handler
					// here, the function
					case 0x09, 0x00, 0x08, 0x0A, 0x13, 0x15 -> {
						skip(this.reader, opcode);
						store(this.run);
						copy(instructionStart);
						closeRun(false);
					}
					// a call of a function of the module: its counting function is
					// passed the fuel left and leaves it in the global
					case 0x10 -> {
						int target = this.reader.u32();
						if (target >= this.importedFunctions && this.fixedCost[target - this.importedFunctions] >= 0) {
							// a callee of fixed cost: charged with this run, its original
							// code called as it is
							this.run.write(0x10);
							writeU32(this.run, (long) target + this.definedFunctions);
							this.runCost += 1 + this.fixedCost[target - this.importedFunctions];
						}
						else if (target >= this.importedFunctions) {
							callCounting(0x10, target);
							int callee = target - this.importedFunctions;
							if (this.packed[callee]) {
								unpack(this.run, this.packedLocal, this.consumedLocal, this.fuelLocal, this.startLocal,
										this.fuel, this.results[callee]);
							}
							else {
								load(this.run);
							}
						}
						else {
							store(this.run);
							copy(instructionStart);
							load(this.run);
						}
					}
					// local.get, local.set, local.tee: the fuel parameter moves the
					// function's own locals up by one
					case 0x20, 0x21, 0x22 -> {
						long index = this.reader.u32();
						this.run.write(opcode);
						writeU32(this.run, (index >= this.parameters) ? index + 1 : index);
						this.runCost++;
					}
					// call_indirect, call_ref: the callee, an entry point, counts from
					// the global
					case 0x11, 0x14 -> {
						skip(this.reader, opcode);
						store(this.run);
						copy(instructionStart);
						load(this.run);
					}
					case 0xFC -> {
						int sub = this.reader.u32();
						skipMisc(this.reader, sub);
						if (sub == 8 || sub == 10 || sub == 11) {
							chargeSize(true);
						}
						else if (sub == 12 || sub == 14 || sub == 17) {
							chargeSize(false);
						}
						copy(instructionStart);
					}
					default -> {
						skip(this.reader, opcode);
						copy(instructionStart);
					}
				}
				if (depth < 0 && this.reader.position != this.end) {
					throw new UnsupportedModuleException("a function body has instructions after its final end");
				}
			}
			if (depth != -1) {
				throw new UnsupportedModuleException("a function body's blocks do not end where the body does");
			}
			ByteArrayOutputStream body = new ByteArrayOutputStream(header.size() + this.out.size());
			body.write(header.toByteArray(), 0, header.size());
			body.write(this.out.toByteArray(), 0, this.out.size());
			return body.toByteArray();
		}

		/**
		 * A call (or tail call) of a function of the module, read: call its counting
		 * function instead, passed the fuel left, and count the call.
		 */
		private void callCounting(int opcode, int target) {
			get(this.run);
			if (this.fuelLocal < 0 && opcode == 0x10 && this.packed[target - this.importedFunctions]) {
				// counting in the global, which the callee may write: keep what was
				// passed
				this.run.write(0x22);
				writeU32(this.run, this.startLocal);
			}
			this.run.write(opcode);
			writeU32(this.run, (long) target + this.definedFunctions);
			this.runCost++;
		}

		/**
		 * Leave the function with the count: packed with the result on top of the stack,
		 * or handed over in the global.
		 */
		private void exit() {
			if (this.packedSelf) {
				pack(this.run, this.startLocal, this.consumedLocal, this.fuelLocal, this.fuel, this.result,
						this.packedMax, this.packedLocal);
			}
			else {
				store(this.run);
			}
		}

		/** Copy the instruction just read into the current run, and count it. */
		private void copy(int instructionStart) {
			this.run.write(this.in, instructionStart, this.reader.position - instructionStart);
			this.runCost++;
		}

		/**
		 * End the current run (holding its last instruction): write it behind its charge,
		 * and start the next.
		 */
		private void closeRun(boolean nextChecked) {
			if (this.runCost > 0) {
				// get $fuel; i64.const cost; i64.sub; set $fuel
				get(this.out);
				this.out.write(0x42);
				writeS64(this.out, this.runCost);
				this.out.write(0x7D);
				set(this.out);
				if (this.runChecked) {
					// get $fuel; i64.const 0; i64.lt_s;
					// if; (store;) i32.const 1; global.set $exhausted; unreachable; end
					get(this.out);
					this.out.write(0x42);
					this.out.write(0x00);
					this.out.write(0x53);
					this.out.write(0x04);
					this.out.write(0x40);
					store(this.out);
					this.out.write(0x41);
					this.out.write(0x01);
					this.out.write(0x24);
					writeU32(this.out, this.exhausted);
					this.out.write(0x00);
					this.out.write(0x0B);
				}
			}
			this.out.writeBytes(this.run.toByteArray());
			this.run.reset();
			this.runCost = 0;
			this.runChecked = nextChecked;
		}

		/**
		 * Charge a bulk operation for its size, the operand on top of the stack, which
		 * stays there: {@code local.tee $n; global.get $fuel; local.get $n; (i32.const 3;
		 * i32.shr_u;) i64.extend_i32_u; i64.sub; global.set $fuel}.
		 */
		private void chargeSize(boolean bytes) {
			this.run.write(0x22);
			writeU32(this.run, this.scratchLocal);
			get(this.run);
			this.run.write(0x20);
			writeU32(this.run, this.scratchLocal);
			if (bytes) {
				this.run.write(0x41);
				this.run.write(BYTES_PER_UNIT_SHIFT);
				this.run.write(0x76);
			}
			this.run.write(0xAD);
			this.run.write(0x7D);
			set(this.run);
		}

		/** Push the fuel left: from the function's local, or the global. */
		private void get(ByteArrayOutputStream to) {
			if (this.fuelLocal >= 0) {
				to.write(0x20);
				writeU32(to, this.fuelLocal);
			}
			else {
				to.write(0x23);
				writeU32(to, this.fuel);
			}
		}

		/** Pop the fuel left: into the function's local, or the global. */
		private void set(ByteArrayOutputStream to) {
			if (this.fuelLocal >= 0) {
				to.write(0x21);
				writeU32(to, this.fuelLocal);
			}
			else {
				to.write(0x24);
				writeU32(to, this.fuel);
			}
		}

		/**
		 * Hand the local's count to the global, where a callee, the check's reader or the
		 * host finds it: {@code local.get $fuelLocal; global.set $fuel}.
		 */
		private void store(ByteArrayOutputStream to) {
			if (this.fuelLocal >= 0) {
				to.write(0x20);
				writeU32(to, this.fuelLocal);
				to.write(0x24);
				writeU32(to, this.fuel);
			}
		}

		/**
		 * Take the count back from the global after a callee counted in it:
		 * {@code global.get $fuel; local.set $fuelLocal}.
		 */
		private void load(ByteArrayOutputStream to) {
			if (this.fuelLocal >= 0) {
				to.write(0x23);
				writeU32(to, this.fuel);
				to.write(0x21);
				writeU32(to, this.fuelLocal);
			}
		}

		/**
		 * Whether a branch just read (its immediates from {@code start}) may target the
		 * function's own label, {@code depth} blocks out, which returns from it.
		 */
		private boolean leavesFunction(int start, int opcode, int depth) {
			Reader labels = new Reader(this.in, start + 1);
			if (opcode == 0x0E) {
				int targets = labels.u32();
				for (int t = 0; t <= targets; t++) {
					if (labels.u32() == depth) {
						return true;
					}
				}
				return false;
			}
			return labels.u32() == depth;
		}

		/**
		 * What the body uses, read ahead: operations charged by their size; exception
		 * handling, whose handlers can be entered from a callee with no call returning
		 * (such a function counts in the global itself); loops and calls (a function with
		 * neither is not checked at its entry).
		 */
		private Features features(int codeStart) {
			Reader ahead = new Reader(this.in, codeStart);
			boolean bulk = false;
			boolean exceptions = false;
			boolean loops = false;
			boolean calls = false;
			boolean callsPacked = false;
			while (ahead.position < this.end) {
				int opcode = ahead.u8();
				loops |= opcode == 0x03;
				// call, call_indirect, return_call, return_call_indirect, call_ref,
				// return_call_ref
				if (opcode == 0x10) {
					int target = new Reader(this.in, ahead.position).u32() - this.importedFunctions;
					callsPacked |= target >= 0 && target < this.packed.length && this.packed[target];
					// a call of a function of fixed cost runs a bounded number of
					// instructions, charged here
					calls |= target < 0 || target >= this.fixedCost.length || this.fixedCost[target] < 0;
				}
				else {
					calls |= opcode >= 0x11 && opcode <= 0x15;
				}
				if (opcode == 0xFC) {
					int sub = ahead.u32();
					bulk |= sub == 8 || sub == 10 || sub == 11 || sub == 12 || sub == 14 || sub == 17;
					skipMisc(ahead, sub);
				}
				else {
					// try, catch, throw, rethrow, throw_ref, delegate, catch_all,
					// try_table
					exceptions |= opcode == 0x06 || opcode == 0x07 || opcode == 0x08 || opcode == 0x09 || opcode == 0x0A
							|| opcode == 0x18 || opcode == 0x19 || opcode == 0x1F;
					skip(ahead, opcode);
				}
			}
			return new Features(bulk, exceptions, loops, calls, callsPacked);
		}

		private record Features(boolean bulk, boolean exceptions, boolean loops, boolean calls, boolean callsPacked) {
		}

	}

	private static final long PACKED_MAX = 0x7FFF_FFFFL;

	/**
	 * Where a global the rewrite appends lies after the fuel global: the flag global
	 * follows it, then the {@code i64} global in which a counting function leaves an
	 * {@code i64} result that does not fit in the low half of its packed result.
	 */
	static final int SPILL_AFTER_FUEL = 2;

	/**
	 * Leave a counting function that returns its count as its result: the function's
	 * result (if any) on top of the stack becomes the low half of an {@code i64} whose
	 * high half is the fuel the function consumed since its entry, when that fits in 31
	 * bits; otherwise the high half is all ones and the fuel left is in the global. An
	 * {@code i32} result always fits: {@code (i64.extend_i32_u | i64.const 0); local.get
	 * $start; local.get $fuel; i64.sub; local.tee $t; i64.const max; i64.gt_u; if;
	 * local.get $fuel; global.set $fuel; end; local.get $t; i64.const 32; i64.shl;
	 * i64.const -1 << 32; local.get $t; i64.const max; i64.le_u; select; i64.or}. An
	 * {@code i64} result is packed when it is the sign extension of its low half (as most
	 * are: lengths, offsets, small sums); otherwise it goes through the spill global with
	 * the count: {@code local.set $r; local.get $start; local.get $fuel; i64.sub;
	 * local.set $t; local.get $t; i64.const max; i64.le_u; local.get $r; local.get $r;
	 * i64.const 32; i64.shl; i64.const 32; i64.shr_s; i64.eq; i32.and; if (result i64);
	 * local.get $t; i64.const 32; i64.shl; local.get $r; i64.const 0xffffffff; i64.and;
	 * i64.or; else; local.get $fuel; global.set $fuel; local.get $r; global.set $spill;
	 * i64.const -1 << 32; end}.
	 */
	static void pack(ByteArrayOutputStream to, long start, long consumed, long fuelLocal, int fuelGlobal,
			int resultType, long max, long scratch) {
		if (resultType == I64) {
			to.write(0x21);
			writeU32(to, scratch);
			consumed(to, start, fuelLocal);
			to.write(0x21);
			writeU32(to, consumed);
			to.write(0x20);
			writeU32(to, consumed);
			to.write(0x42);
			writeS64(to, max);
			to.write(0x58);
			to.write(0x20);
			writeU32(to, scratch);
			to.write(0x20);
			writeU32(to, scratch);
			signExtendLowHalf(to);
			to.write(0x51);
			to.write(0x71);
			to.write(0x04);
			to.write(I64);
			to.write(0x20);
			writeU32(to, consumed);
			to.write(0x42);
			to.write(32);
			to.write(0x86);
			to.write(0x20);
			writeU32(to, scratch);
			to.write(0x42);
			writeS64(to, 0xFFFF_FFFFL);
			to.write(0x83);
			to.write(0x84);
			to.write(0x05);
			to.write(0x20);
			writeU32(to, fuelLocal);
			to.write(0x24);
			writeU32(to, fuelGlobal);
			to.write(0x20);
			writeU32(to, scratch);
			to.write(0x24);
			writeU32(to, (long) fuelGlobal + SPILL_AFTER_FUEL);
			to.write(0x42);
			writeS64(to, -1L << 32);
			to.write(0x0B);
			return;
		}
		if (resultType == I32) {
			to.write(0xAD);
		}
		else {
			to.write(0x42);
			to.write(0x00);
		}
		consumed(to, start, fuelLocal);
		to.write(0x22);
		writeU32(to, consumed);
		to.write(0x42);
		writeS64(to, max);
		to.write(0x56);
		to.write(0x04);
		to.write(0x40);
		to.write(0x20);
		writeU32(to, fuelLocal);
		to.write(0x24);
		writeU32(to, fuelGlobal);
		to.write(0x0B);
		to.write(0x20);
		writeU32(to, consumed);
		to.write(0x42);
		to.write(32);
		to.write(0x86);
		to.write(0x42);
		writeS64(to, -1L << 32);
		to.write(0x20);
		writeU32(to, consumed);
		to.write(0x42);
		writeS64(to, max);
		to.write(0x58);
		to.write(0x1B);
		to.write(0x84);
	}

	/**
	 * {@code local.get $start; local.get $fuel; i64.sub}: the fuel consumed since entry.
	 */
	private static void consumed(ByteArrayOutputStream to, long start, long fuelLocal) {
		to.write(0x20);
		writeU32(to, start);
		to.write(0x20);
		writeU32(to, fuelLocal);
		to.write(0x7D);
	}

	/**
	 * {@code i64.const 32; i64.shl; i64.const 32; i64.shr_s}: the low half,
	 * sign-extended.
	 */
	private static void signExtendLowHalf(ByteArrayOutputStream to) {
		to.write(0x42);
		to.write(32);
		to.write(0x86);
		to.write(0x42);
		to.write(32);
		to.write(0x87);
	}

	/**
	 * Take the count back from a packed result on top of the stack, and leave the
	 * callee's own result (if any) in its place: {@code local.tee $p; i64.const 32;
	 * i64.shr_s; local.tee $t; i64.const 0; i64.lt_s; if; (global.get $fuel; local.set
	 * $fuel;) else; local.get ($fuel | $passed); local.get $t; i64.sub; set $fuel; end;
	 * (local.get $p; i32.wrap_i64)}, where the count is a local ({@code fuelLocal}) or,
	 * for -1, the global, set from the fuel passed to the callee ({@code passed}). For an
	 * {@code i64} result the block yields it: the spill global where the count went
	 * through the global, otherwise the low half sign-extended.
	 */
	static void unpack(ByteArrayOutputStream to, long packed, long consumed, long fuelLocal, long passed,
			int fuelGlobal, int resultType) {
		to.write(0x22);
		writeU32(to, packed);
		to.write(0x42);
		to.write(32);
		to.write(0x87);
		to.write(0x22);
		writeU32(to, consumed);
		to.write(0x42);
		to.write(0x00);
		to.write(0x53);
		to.write(0x04);
		to.write((resultType == I64) ? I64 : 0x40);
		if (fuelLocal >= 0) {
			// the callee left the fuel left in the global
			to.write(0x23);
			writeU32(to, fuelGlobal);
			to.write(0x21);
			writeU32(to, fuelLocal);
		}
		if (resultType == I64) {
			to.write(0x23);
			writeU32(to, (long) fuelGlobal + SPILL_AFTER_FUEL);
		}
		to.write(0x05);
		// the callee may have written the global (before a call):
		// the count is what was passed less what the callee consumed
		to.write(0x20);
		writeU32(to, (fuelLocal >= 0) ? fuelLocal : passed);
		to.write(0x20);
		writeU32(to, consumed);
		to.write(0x7D);
		to.write((fuelLocal >= 0) ? 0x21 : 0x24);
		writeU32(to, (fuelLocal >= 0) ? fuelLocal : fuelGlobal);
		if (resultType == I64) {
			to.write(0x20);
			writeU32(to, packed);
			signExtendLowHalf(to);
		}
		to.write(0x0B);
		if (resultType == I32) {
			to.write(0x20);
			writeU32(to, packed);
			to.write(0xA7);
		}
	}

	/** Skips the immediates of an 0xFC-prefixed instruction. */
	static void skipMisc(Reader reader, int sub) {
		switch (sub) {
			case 0, 1, 2, 3, 4, 5, 6, 7 -> {
				// saturating truncations
			}
			case 8, 12, 14 -> { // memory.init data mem, table.init elem table,
								// table.copy t t
				reader.u32();
				reader.u32();
			}
			case 10 -> { // memory.copy mem mem
				reader.u32();
				reader.u32();
			}
			case 9, 11, 13, 15, 16, 17 -> reader.u32();
			default -> throw new UnsupportedModuleException("it uses the unknown instruction 0xFC " + sub);
		}
	}

	/**
	 * Skips the immediates of an instruction whose opcode was read, for every opcode but
	 * the control instructions the rewrite handles itself (it handles them the same way
	 * when reading ahead).
	 */
	static void skip(Reader reader, int opcode) {
		switch (opcode) {
			case 0x00, 0x01, 0x05, 0x0A, 0x0B, 0x0F, 0x19, 0x1A, 0x1B, 0xD1, 0xD3, 0xD4 -> {
			}
			case 0x02, 0x03, 0x04, 0x06 -> reader.skipBlockType();
			case 0x1F -> {
				reader.skipBlockType();
				int catches = reader.u32();
				for (int c = 0; c < catches; c++) {
					int kind = reader.u8();
					if (kind == 0x00 || kind == 0x01) {
						reader.u32();
					}
					reader.u32();
				}
			}
			case 0x07, 0x08, 0x09, 0x0C, 0x0D, 0x10, 0x12, 0x14, 0x15, 0x18, 0xD2, 0xD5, 0xD6 -> reader.u32();
			case 0x0E -> {
				int targets = reader.u32();
				for (int t = 0; t <= targets; t++) {
					reader.u32();
				}
			}
			case 0x11, 0x13 -> {
				reader.u32();
				reader.u32();
			}
			case 0x1C -> {
				int types = reader.u32();
				for (int t = 0; t < types; t++) {
					reader.skipValueType();
				}
			}
			case 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26 -> reader.u32();
			case 0x3F, 0x40 -> reader.u32();
			case 0x41 -> reader.s64();
			case 0x42 -> reader.s64();
			case 0x43 -> reader.position += 4;
			case 0x44 -> reader.position += 8;
			case 0xD0 -> reader.skipHeapType();
			case 0xFC -> skipMisc(reader, reader.u32());
			case 0xFD -> skipVector(reader, reader.u32());
			case 0xFE -> skipAtomic(reader, reader.u32());
			default -> {
				if (opcode >= 0x28 && opcode <= 0x3E) {
					reader.skipMemArg();
				}
				else if (opcode < 0x45 || opcode > 0xC4) {
					throw new UnsupportedModuleException(
							"it uses the instruction 0x" + Integer.toHexString(opcode) + ", which fuel metering does "
									+ "not know (garbage-collection and other proposals are not supported)");
				}
			}
		}
	}

	private static void skipVector(Reader reader, int sub) {
		if (sub <= 11 || sub == 92 || sub == 93) {
			reader.skipMemArg();
		}
		else if (sub == 12 || sub == 13) {
			reader.position += 16;
		}
		else if (sub >= 21 && sub <= 34) {
			reader.position += 1;
		}
		else if (sub >= 84 && sub <= 91) {
			reader.skipMemArg();
			reader.position += 1;
		}
		else if (sub > 0x113) {
			throw new UnsupportedModuleException("it uses the unknown instruction 0xFD " + sub);
		}
	}

	private static void skipAtomic(Reader reader, int sub) {
		if (sub == 0x03) {
			reader.position += 1;
		}
		else if (sub <= 0x02 || (sub >= 0x10 && sub <= 0x4E)) {
			reader.skipMemArg();
		}
		else {
			throw new UnsupportedModuleException("it uses the unknown instruction 0xFE " + sub);
		}
	}

	private static void writeSection(ByteArrayOutputStream out, int id, byte[] content) {
		out.write(id);
		writeU32(out, content.length);
		out.write(content, 0, content.length);
	}

	static void writeU32(ByteArrayOutputStream out, long value) {
		long remaining = value;
		do {
			int b = (int) (remaining & 0x7F);
			remaining >>>= 7;
			if (remaining != 0) {
				b |= 0x80;
			}
			out.write(b);
		}
		while (remaining != 0);
	}

	static void writeS64(ByteArrayOutputStream out, long value) {
		long remaining = value;
		while (true) {
			int b = (int) (remaining & 0x7F);
			remaining >>= 7;
			boolean done = (remaining == 0 && (b & 0x40) == 0) || (remaining == -1 && (b & 0x40) != 0);
			out.write(done ? b : (b | 0x80));
			if (done) {
				return;
			}
		}
	}

	/** Reads the binary format's primitive encodings. */
	static final class Reader {

		private final byte[] bytes;

		int position;

		Reader(byte[] bytes, int position) {
			this.bytes = bytes;
			this.position = position;
		}

		int u8() {
			return this.bytes[this.position++] & 0xFF;
		}

		int u32() {
			long result = 0;
			int shift = 0;
			int b;
			do {
				b = u8();
				result |= (long) (b & 0x7F) << shift;
				shift += 7;
				if (shift > 35) {
					throw new UnsupportedModuleException("an unsigned number is longer than 5 bytes");
				}
			}
			while ((b & 0x80) != 0);
			if (result > Integer.MAX_VALUE) {
				throw new UnsupportedModuleException("a count or index is larger than the format allows");
			}
			return (int) result;
		}

		long s64() {
			long result = 0;
			int shift = 0;
			int b;
			do {
				b = u8();
				result |= (long) (b & 0x7F) << shift;
				shift += 7;
				if (shift > 70) {
					throw new UnsupportedModuleException("a signed number is longer than 10 bytes");
				}
			}
			while ((b & 0x80) != 0);
			if (shift < 64 && (b & 0x40) != 0) {
				result |= -1L << shift;
			}
			return result;
		}

		void skipName() {
			int length = u32();
			this.position += length;
		}

		void skipLimits() {
			int flags = u8();
			u32();
			if ((flags & 0x01) != 0) {
				u32();
			}
		}

		void skipMemArg() {
			int align = u32();
			if ((align & 0x40) != 0) {
				u32(); // memory index (multiple memories)
			}
			u32();
		}

		void skipRefType() {
			int type = u8();
			if (type == 0x63 || type == 0x64) {
				skipHeapType();
			}
		}

		void skipValueType() {
			skipRefType();
		}

		void skipHeapType() {
			s64();
		}

		/**
		 * A block type: empty (0x40), a value type (one byte, or 0x63/0x64 and a heap
		 * type), or a type index (a signed 33-bit number).
		 */
		void skipBlockType() {
			int first = this.bytes[this.position] & 0xFF;
			if (first == 0x40 || (first >= 0x6E && first <= 0x7F)) {
				this.position++;
			}
			else if (first == 0x63 || first == 0x64) {
				this.position++;
				skipHeapType();
			}
			else {
				s64();
			}
		}

	}

}
