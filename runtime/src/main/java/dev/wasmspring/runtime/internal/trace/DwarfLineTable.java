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

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A module's DWARF line table ({@code .debug_line}, versions 2 to 5): which source file
 * and line each code offset belongs to. Addresses are offsets into the code section's
 * contents, as WebAssembly's DWARF convention has them. Immutable once read; shared by
 * every instance of the module.
 */
public final class DwarfLineTable {

	/** A table with no rows. */
	public static final DwarfLineTable EMPTY = new DwarfLineTable(new int[0], new int[0], new int[0], new String[0]);

	// DWARF constants (DWARF 5, section 7.22 and 7.5.6)
	private static final int DW_LNS_COPY = 1;

	private static final int DW_LNS_ADVANCE_PC = 2;

	private static final int DW_LNS_ADVANCE_LINE = 3;

	private static final int DW_LNS_SET_FILE = 4;

	private static final int DW_LNS_CONST_ADD_PC = 8;

	private static final int DW_LNS_FIXED_ADVANCE_PC = 9;

	private static final int DW_LNE_END_SEQUENCE = 1;

	private static final int DW_LNE_SET_ADDRESS = 2;

	private static final int DW_LNE_DEFINE_FILE = 3;

	private static final int DW_LNCT_PATH = 1;

	private static final int DW_FORM_BLOCK = 0x09;

	private static final int DW_FORM_BLOCK1 = 0x0a;

	private static final int DW_FORM_DATA1 = 0x0b;

	private static final int DW_FORM_DATA2 = 0x05;

	private static final int DW_FORM_DATA4 = 0x06;

	private static final int DW_FORM_DATA8 = 0x07;

	private static final int DW_FORM_DATA16 = 0x1e;

	private static final int DW_FORM_STRING = 0x08;

	private static final int DW_FORM_STRP = 0x0e;

	private static final int DW_FORM_UDATA = 0x0f;

	private static final int DW_FORM_LINE_STRP = 0x1f;

	private static final int DW_FORM_STRX = 0x1a;

	private static final int DW_FORM_STRX1 = 0x25;

	private static final int DW_FORM_STRX2 = 0x26;

	private static final int DW_FORM_STRX4 = 0x28;

	/** Marks the end of a sequence: no line from here until the next row. */
	private static final int NO_LINE = -1;

	private final int[] addresses;

	private final int[] files;

	private final int[] lines;

	private final String[] fileNames;

	private DwarfLineTable(int[] addresses, int[] files, int[] lines, String[] fileNames) {
		this.addresses = addresses;
		this.files = files;
		this.lines = lines;
		this.fileNames = fileNames;
	}

	/**
	 * Read the line programs of a {@code .debug_line} section. A malformed program ends
	 * the reading: the rows read before it are kept.
	 * @param debugLine the section's contents
	 * @param lineStrings {@code .debug_line_str}, or {@code null}
	 * @param strings {@code .debug_str}, or {@code null}
	 * @return the table
	 */
	public static DwarfLineTable read(ByteBuffer debugLine, @Nullable ByteBuffer lineStrings,
			@Nullable ByteBuffer strings) {
		Builder builder = new Builder();
		ByteBuffer in = debugLine.slice().order(ByteOrder.LITTLE_ENDIAN);
		while (in.remaining() > 4) {
			try {
				readUnit(in, lineStrings, strings, builder);
			}
			catch (RuntimeException ex) {
				// a damaged unit: what was read before it stands
				break;
			}
		}
		return builder.build();
	}

	/**
	 * Return the source position of a code offset.
	 * @param address the offset into the code section's contents
	 * @return the position, or {@code null} if no row covers it
	 */
	public @Nullable Position position(int address) {
		int low = 0;
		int high = this.addresses.length - 1;
		int found = -1;
		while (low <= high) {
			int middle = (low + high) >>> 1;
			if (Integer.compareUnsigned(this.addresses[middle], address) <= 0) {
				found = middle;
				low = middle + 1;
			}
			else {
				high = middle - 1;
			}
		}
		if (found < 0 || this.lines[found] == NO_LINE) {
			return null;
		}
		return new Position(this.fileNames[this.files[found]], this.lines[found]);
	}

	/**
	 * Return the source file of the first row at or after an address and before another,
	 * for example the file a function's code comes from.
	 * @param start the first address
	 * @param end the address after the last
	 * @return the file name, or {@code null} if no row lies in the range
	 */
	public @Nullable String fileWithin(int start, int end) {
		Position position = position(start);
		if (position != null) {
			return position.file();
		}
		for (int i = 0; i < this.addresses.length; i++) {
			int address = this.addresses[i];
			if (Integer.compareUnsigned(address, start) >= 0 && Integer.compareUnsigned(address, end) < 0
					&& this.lines[i] != NO_LINE) {
				return this.fileNames[this.files[i]];
			}
		}
		return null;
	}

	/**
	 * Return how many rows the table holds.
	 * @return the rows, sequence ends included
	 */
	public int size() {
		return this.addresses.length;
	}

	/**
	 * A source position.
	 *
	 * @param file the source file's name, without its directories
	 * @param line the line, 0 when the compiler attributed the code to no line
	 */
	public record Position(String file, int line) {
	}

	private static void readUnit(ByteBuffer in, @Nullable ByteBuffer lineStrings, @Nullable ByteBuffer strings,
			Builder builder) {
		long unitLength = Integer.toUnsignedLong(in.getInt());
		boolean dwarf64 = false;
		if (unitLength == 0xffffffffL) {
			unitLength = in.getLong();
			dwarf64 = true;
		}
		int unitEnd = Math.toIntExact(in.position() + unitLength);
		if (unitLength < 2 || unitEnd > in.limit()) {
			throw new IllegalArgumentException("unit length");
		}
		try {
			int version = Short.toUnsignedInt(in.getShort());
			if (version < 2 || version > 5) {
				return;
			}
			int addressSize = 4;
			if (version >= 5) {
				addressSize = in.get();
				in.get(); // segment selector size
			}
			long headerLength = dwarf64 ? in.getLong() : Integer.toUnsignedLong(in.getInt());
			int programStart = Math.toIntExact(in.position() + headerLength);
			int minimumInstructionLength = Byte.toUnsignedInt(in.get());
			if (version >= 4) {
				in.get(); // maximum operations per instruction: 1 outside VLIW machines
			}
			in.get(); // default is_stmt: every row is used
			int lineBase = in.get();
			int lineRange = Byte.toUnsignedInt(in.get());
			int opcodeBase = Byte.toUnsignedInt(in.get());
			if (lineRange == 0 || opcodeBase == 0) {
				return;
			}
			int[] standardLengths = new int[opcodeBase];
			for (int i = 1; i < opcodeBase; i++) {
				standardLengths[i] = Byte.toUnsignedInt(in.get());
			}
			// file numbers of this unit, mapped to the table's file names
			List<Integer> fileIndexes = new ArrayList<>();
			if (version >= 5) {
				skipEntries(in, dwarf64, lineStrings, strings, null, builder); // directories
				skipEntries(in, dwarf64, lineStrings, strings, fileIndexes, builder);
			}
			else {
				while (readString(in).length() > 0) {
					// include directories: only the files' own names are used
				}
				fileIndexes.add(-1); // DWARF 4 numbers files from 1
				for (String name = readString(in); !name.isEmpty(); name = readString(in)) {
					readUnsigned(in);
					readUnsigned(in);
					readUnsigned(in);
					fileIndexes.add(builder.file(name));
				}
			}
			in.position(programStart);
			runProgram(in, unitEnd, version, addressSize, minimumInstructionLength, lineBase, lineRange, opcodeBase,
					standardLengths, fileIndexes, builder);
		}
		finally {
			in.position(unitEnd);
		}
	}

	private static void runProgram(ByteBuffer in, int end, int version, int addressSize, int minimumInstructionLength,
			int lineBase, int lineRange, int opcodeBase, int[] standardLengths, List<Integer> fileIndexes,
			Builder builder) {
		long address = 0;
		int file = 1;
		int line = 1;
		Sequence sequence = new Sequence();
		while (in.position() < end) {
			int opcode = Byte.toUnsignedInt(in.get());
			if (opcode >= opcodeBase) {
				int adjusted = opcode - opcodeBase;
				address += (long) (adjusted / lineRange) * minimumInstructionLength;
				line += lineBase + (adjusted % lineRange);
				sequence.add(address, fileIndex(fileIndexes, file), line);
			}
			else if (opcode == 0) {
				long length = readUnsigned(in);
				int next = Math.toIntExact(in.position() + length);
				int extended = (length > 0) ? Byte.toUnsignedInt(in.get()) : 0;
				if (extended == DW_LNE_END_SEQUENCE) {
					sequence.end(address, builder);
					sequence = new Sequence();
					address = 0;
					file = 1;
					line = 1;
				}
				else if (extended == DW_LNE_SET_ADDRESS) {
					address = (addressSize == 8) ? in.getLong() : Integer.toUnsignedLong(in.getInt());
				}
				else if (extended == DW_LNE_DEFINE_FILE && version < 5) {
					fileIndexes.add(builder.file(readString(in)));
				}
				in.position(next);
			}
			else if (opcode == DW_LNS_COPY) {
				sequence.add(address, fileIndex(fileIndexes, file), line);
			}
			else if (opcode == DW_LNS_ADVANCE_PC) {
				address += readUnsigned(in) * minimumInstructionLength;
			}
			else if (opcode == DW_LNS_ADVANCE_LINE) {
				line += (int) readSigned(in);
			}
			else if (opcode == DW_LNS_SET_FILE) {
				file = (int) readUnsigned(in);
			}
			else if (opcode == DW_LNS_CONST_ADD_PC) {
				address += (long) ((255 - opcodeBase) / lineRange) * minimumInstructionLength;
			}
			else if (opcode == DW_LNS_FIXED_ADVANCE_PC) {
				address += Short.toUnsignedInt(in.getShort());
			}
			else {
				// set column, negate statement, basic block, prologue end, epilogue
				// begin,
				// set ISA and opcodes of later versions: their operands are skipped
				for (int i = 0; i < standardLengths[opcode]; i++) {
					readUnsigned(in);
				}
			}
		}
	}

	private static int fileIndex(List<Integer> fileIndexes, int file) {
		if (file < 0 || file >= fileIndexes.size()) {
			return -1;
		}
		return fileIndexes.get(file);
	}

	/**
	 * Read a DWARF 5 entry-format description and its entries; with {@code fileIndexes},
	 * record each entry's path as a file.
	 */
	private static void skipEntries(ByteBuffer in, boolean dwarf64, @Nullable ByteBuffer lineStrings,
			@Nullable ByteBuffer strings, @Nullable List<Integer> fileIndexes, Builder builder) {
		int formatCount = Byte.toUnsignedInt(in.get());
		long[] contentTypes = new long[formatCount];
		long[] forms = new long[formatCount];
		for (int i = 0; i < formatCount; i++) {
			contentTypes[i] = readUnsigned(in);
			forms[i] = readUnsigned(in);
		}
		long count = readUnsigned(in);
		for (long entry = 0; entry < count; entry++) {
			String path = null;
			for (int i = 0; i < formatCount; i++) {
				String value = readForm(in, (int) forms[i], dwarf64, lineStrings, strings);
				if (contentTypes[i] == DW_LNCT_PATH) {
					path = value;
				}
			}
			if (fileIndexes != null) {
				fileIndexes.add((path != null) ? builder.file(path) : -1);
			}
		}
	}

	/** Read one attribute value; return it when it is a string. */
	private static @Nullable String readForm(ByteBuffer in, int form, boolean dwarf64, @Nullable ByteBuffer lineStrings,
			@Nullable ByteBuffer strings) {
		switch (form) {
			case DW_FORM_STRING:
				return readString(in);
			case DW_FORM_LINE_STRP:
				return stringAt(lineStrings, offset(in, dwarf64));
			case DW_FORM_STRP:
				return stringAt(strings, offset(in, dwarf64));
			case DW_FORM_UDATA:
			case DW_FORM_STRX:
				readUnsigned(in);
				return null;
			case DW_FORM_DATA1:
			case DW_FORM_STRX1:
				in.get();
				return null;
			case DW_FORM_DATA2:
			case DW_FORM_STRX2:
				in.getShort();
				return null;
			case DW_FORM_DATA4:
			case DW_FORM_STRX4:
				in.getInt();
				return null;
			case DW_FORM_DATA8:
				in.getLong();
				return null;
			case DW_FORM_DATA16:
				in.position(in.position() + 16);
				return null;
			case DW_FORM_BLOCK:
				in.position(Math.toIntExact(in.position() + readUnsigned(in)));
				return null;
			case DW_FORM_BLOCK1:
				in.position(in.position() + Byte.toUnsignedInt(in.get()));
				return null;
			default:
				throw new IllegalArgumentException("form " + form);
		}
	}

	private static long offset(ByteBuffer in, boolean dwarf64) {
		return dwarf64 ? in.getLong() : Integer.toUnsignedLong(in.getInt());
	}

	private static @Nullable String stringAt(@Nullable ByteBuffer section, long offset) {
		if (section == null || offset < 0 || offset >= section.limit()) {
			return null;
		}
		ByteBuffer in = section.duplicate();
		in.position((int) offset);
		return readString(in);
	}

	private static String readString(ByteBuffer in) {
		int start = in.position();
		int end = start;
		while (end < in.limit() && in.get(end) != 0) {
			end++;
		}
		if (end >= in.limit()) {
			throw new BufferUnderflowException();
		}
		byte[] bytes = new byte[end - start];
		in.get(bytes);
		in.get(); // the terminator
		return new String(bytes, StandardCharsets.UTF_8);
	}

	static long readUnsigned(ByteBuffer in) {
		long result = 0;
		int shift = 0;
		byte b;
		do {
			b = in.get();
			if (shift < 64) {
				result |= (long) (b & 0x7f) << shift;
			}
			shift += 7;
		}
		while ((b & 0x80) != 0);
		return result;
	}

	static long readSigned(ByteBuffer in) {
		long result = 0;
		int shift = 0;
		byte b;
		do {
			b = in.get();
			if (shift < 64) {
				result |= (long) (b & 0x7f) << shift;
			}
			shift += 7;
		}
		while ((b & 0x80) != 0);
		if (shift < 64 && (b & 0x40) != 0) {
			result |= -1L << shift;
		}
		return result;
	}

	/** The rows of one sequence, kept only if it describes code that was linked. */
	private static final class Sequence {

		private final List<long[]> rows = new ArrayList<>();

		void add(long address, int file, int line) {
			this.rows.add(new long[] { address, file, line });
		}

		void end(long address, Builder builder) {
			if (this.rows.isEmpty()) {
				return;
			}
			long start = this.rows.get(0)[0];
			// the linker points the line programs of code it dropped at address 0 or at
			// a tombstone near the top of the address space; offset 0 of the code section
			// is never code
			if (start == 0 || start >= 0xfffffff0L || address > 0xffffffffL) {
				return;
			}
			for (long[] row : this.rows) {
				builder.row(row[0], (int) row[1], (int) row[2]);
			}
			builder.row(address, -1, NO_LINE);
		}

	}

	private static final class Builder {

		private final List<String> fileNames = new ArrayList<>();

		private final Map<String, Integer> fileIndexes = new HashMap<>();

		private final List<long[]> rows = new ArrayList<>();

		int file(String path) {
			String name = baseName(path);
			return this.fileIndexes.computeIfAbsent(name, (key) -> {
				this.fileNames.add(key);
				return this.fileNames.size() - 1;
			});
		}

		void row(long address, int file, int line) {
			this.rows.add(new long[] { address, file, (file < 0 && line != NO_LINE) ? NO_LINE : line });
		}

		DwarfLineTable build() {
			// by address; at one address a sequence's end comes before the next one's
			// first row, so that the row wins
			long[][] sorted = this.rows.toArray(new long[0][]);
			Arrays.sort(sorted, (a, b) -> (a[0] != b[0]) ? Long.compare(a[0], b[0])
					: Boolean.compare(a[2] != NO_LINE, b[2] != NO_LINE));
			int[] addresses = new int[sorted.length];
			int[] files = new int[sorted.length];
			int[] lines = new int[sorted.length];
			for (int i = 0; i < sorted.length; i++) {
				addresses[i] = (int) sorted[i][0];
				files[i] = (int) sorted[i][1];
				lines[i] = (int) sorted[i][2];
			}
			return new DwarfLineTable(addresses, files, lines, this.fileNames.toArray(new String[0]));
		}

		private static String baseName(String path) {
			int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
			return (slash >= 0) ? path.substring(slash + 1) : path;
		}

	}

}
