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

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.dylibso.chicory.wasm.Encoding;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.ActiveElement;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.CompType;
import com.dylibso.chicory.wasm.types.DataCountSection;
import com.dylibso.chicory.wasm.types.DataSection;
import com.dylibso.chicory.wasm.types.DeclarativeElement;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.ElementSection;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionSection;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Global;
import com.dylibso.chicory.wasm.types.GlobalImport;
import com.dylibso.chicory.wasm.types.GlobalSection;
import com.dylibso.chicory.wasm.types.ImportSection;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.Memory;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.MemorySection;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.NameCustomSection;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import com.dylibso.chicory.wasm.types.PassiveElement;
import com.dylibso.chicory.wasm.types.RecType;
import com.dylibso.chicory.wasm.types.StartSection;
import com.dylibso.chicory.wasm.types.SubType;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableImport;
import com.dylibso.chicory.wasm.types.TableLimits;
import com.dylibso.chicory.wasm.types.TableSection;
import com.dylibso.chicory.wasm.types.TagImport;
import com.dylibso.chicory.wasm.types.TagSection;
import com.dylibso.chicory.wasm.types.TagType;
import com.dylibso.chicory.wasm.types.TypeSection;
import com.dylibso.chicory.wasm.types.UnknownCustomSection;
import com.dylibso.chicory.wasm.types.ValType;

/**
 * Reads what an instance of compiled code needs from a module's bytes (every section but
 * the function bodies) straight into the engine's module, without the engine's parser:
 * for bytes that the parser read and validated when their code was compiled, so that
 * loading code compiled earlier (at build time, or into the code directory) neither loads
 * nor runs the parser. It reads the same sections into the same values as
 * {@link ModuleParser#parseWithoutCode} (instruction addresses included), which is what
 * it replaces; what it does not know (type forms beyond plain function types, constant
 * instructions beyond those of constant expressions) it refuses with {@link Unsupported},
 * and the caller then uses the parser.
 * <p>
 * Stateless.
 */
final class ModuleSections {

	private static final int PREAMBLE = 8;

	private ModuleSections() {
	}

	/**
	 * Read the module as {@link #read} does, or with the engine's parser where this
	 * reader does not know a form the bytes use (or fails on them).
	 * @param bytes the bytes, already validated by the engine's parser
	 * @param engineKey the engine's key of their digest, recorded as the module's digest
	 * @return the module
	 */
	static WasmModule readOrParse(byte[] bytes, String engineKey) {
		try {
			return read(bytes, engineKey);
		}
		catch (RuntimeException ex) {
			return ModuleParser.parseWithoutCode(bytes, engineKey);
		}
	}

	/**
	 * Read the module, with a trapping body in place of each function's.
	 * @param bytes the bytes, already validated by the engine's parser
	 * @param engineKey the engine's key of their digest, recorded as the module's digest
	 * @return the module
	 * @throws Unsupported if the bytes use a form this reader leaves to the parser
	 * @throws RuntimeException if the bytes are not what the parser read
	 */
	static WasmModule read(byte[] bytes, String engineKey) {
		ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		buffer.position(PREAMBLE);
		WasmModule.Builder module = WasmModule.builder().withValidation(false).withDigest(engineKey);
		TypeSection types = TypeSection.builder().build();
		int functions = 0;
		while (buffer.hasRemaining()) {
			int id = buffer.get();
			int size = (int) Encoding.readVarUInt32(buffer);
			int end = buffer.position() + size;
			switch (id) {
				case 0 -> custom(module, buffer, end);
				case 1 -> {
					types = types(buffer);
					module.setTypeSection(types);
				}
				case 2 -> module.setImportSection(imports(buffer, types));
				case 3 -> {
					FunctionSection section = functions(buffer);
					functions = section.functionCount();
					module.setFunctionSection(section);
				}
				case 4 -> module.setTableSection(tables(buffer, types));
				case 5 -> module.setMemorySection(memories(buffer));
				case 6 -> module.setGlobalSection(globals(buffer, types));
				case 7 -> module.setExportSection(exports(buffer));
				case 8 -> module.setStartSection(StartSection.builder().setStartIndex(u32(buffer)).build());
				case 9 -> module.setElementSection(elements(buffer, types));
				case 10 -> buffer.position(end);
				case 11 -> module.setDataSection(data(buffer));
				case 12 ->
					module.setDataCountSection(DataCountSection.builder().withDataCount((int) u32(buffer)).build());
				case 13 -> module.setTagSection(tags(buffer));
				default -> throw new Unsupported("section " + id);
			}
			if (buffer.position() != end) {
				throw new IllegalStateException("Section " + id + " ends at " + buffer.position() + ", not " + end);
			}
		}
		CodeSection.Builder code = CodeSection.builder();
		for (int i = 0; i < functions; i++) {
			code.addFunctionBody(ModuleParser.NOT_DECODED);
		}
		return module.setCodeSection(code.build()).build();
	}

	private static void custom(WasmModule.Builder module, ByteBuffer buffer, int end) {
		String name = name(buffer);
		byte[] content = new byte[end - buffer.position()];
		buffer.get(content);
		if (name.equals("name")) {
			module.addCustomSection(name, NameCustomSection.parse(content));
		}
		else {
			module.addCustomSection(name, UnknownCustomSection.builder().withName(name).withBytes(content).build());
		}
	}

	private static TypeSection types(ByteBuffer buffer) {
		long count = u32(buffer);
		TypeSection.Builder section = TypeSection.builder();
		List<FunctionType> functionTypes = new ArrayList<>();
		for (long i = 0; i < count; i++) {
			int form = (int) u32(buffer);
			if (form != 0x60) {
				throw new Unsupported("type form " + form);
			}
			FunctionType type = FunctionType.of(valueTypes(buffer), valueTypes(buffer));
			functionTypes.add(type);
			section.addRecType(RecType.builder()
				.withSubTypes(new SubType[] { SubType.builder()
					.withTypeIdx(new int[0])
					.withFinal(true)
					.withCompType(CompType.builder().withFuncType(type).build())
					.build() })
				.build());
		}
		TypeSection types = section.build();
		for (FunctionType type : functionTypes) {
			for (ValType param : type.params()) {
				param.resolve(types);
			}
			for (ValType result : type.returns()) {
				result.resolve(types);
			}
		}
		return types;
	}

	private static List<ValType> valueTypes(ByteBuffer buffer) {
		int count = (int) u32(buffer);
		List<ValType> types = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			types.add(valueTypeBuilder(buffer, (int) u32(buffer)).build());
		}
		return types;
	}

	private static ValType.Builder valueTypeBuilder(ByteBuffer buffer, int opcode) {
		ValType.Builder builder = ValType.builder().withOpcode(opcode);
		if (opcode == ValType.ID.Ref || opcode == ValType.ID.RefNull) {
			builder.withTypeIdx((int) Encoding.readVarSInt32(buffer));
		}
		return builder;
	}

	private static ValType valueType(ByteBuffer buffer, TypeSection types) {
		return valueTypeBuilder(buffer, (int) u32(buffer)).build().resolve(types);
	}

	private static ImportSection imports(ByteBuffer buffer, TypeSection types) {
		long count = u32(buffer);
		ImportSection.Builder section = ImportSection.builder();
		for (long i = 0; i < count; i++) {
			String module = name(buffer);
			String name = name(buffer);
			ExternalType kind = ExternalType.byId((int) u32(buffer));
			switch (kind) {
				case FUNCTION -> section.addImport(new FunctionImport(module, name, (int) u32(buffer)));
				case TABLE -> {
					ValType type = valueType(buffer, types);
					int limitType = buffer.get();
					int min = (int) u32(buffer);
					TableLimits limits = switch (limitType) {
						case 0x00 -> new TableLimits(min);
						case 0x01, 0x03 -> new TableLimits(min, u32(buffer), limitType == 0x03);
						default -> throw new Unsupported("table limits " + limitType);
					};
					section.addImport(new TableImport(module, name, type, limits));
				}
				case MEMORY -> section.addImport(new MemoryImport(module, name, memoryLimits(buffer)));
				case GLOBAL -> {
					ValType type = valueType(buffer, types);
					MutabilityType mutability = MutabilityType.forId(buffer.get());
					section.addImport(new GlobalImport(module, name, mutability, type));
				}
				case TAG -> {
					byte attribute = buffer.get();
					section.addImport(new TagImport(module, name, attribute, (int) u32(buffer)));
				}
				default -> throw new Unsupported("import kind " + kind);
			}
		}
		return section.build();
	}

	private static TagSection tags(ByteBuffer buffer) {
		long count = u32(buffer);
		TagSection.Builder section = TagSection.builder();
		for (long i = 0; i < count; i++) {
			byte attribute = buffer.get();
			section.addTagType(new TagType(attribute, (int) u32(buffer)));
		}
		return section.build();
	}

	private static FunctionSection functions(ByteBuffer buffer) {
		long count = u32(buffer);
		FunctionSection.Builder section = FunctionSection.builder();
		for (long i = 0; i < count; i++) {
			section.addFunctionType((int) u32(buffer));
		}
		return section.build();
	}

	private static TableSection tables(ByteBuffer buffer, TypeSection types) {
		long count = u32(buffer);
		TableSection.Builder section = TableSection.builder();
		for (long i = 0; i < count; i++) {
			int first = (int) u32(buffer);
			if (first == 0x40) {
				throw new Unsupported("table with an initial expression");
			}
			ValType type = valueTypeBuilder(buffer, first).build().resolve(types);
			int limitType = buffer.get();
			if (limitType != 0x00 && limitType != 0x01) {
				throw new Unsupported("table limits " + limitType);
			}
			long min = u32(buffer);
			TableLimits limits = (limitType > 0) ? new TableLimits(min, u32(buffer)) : new TableLimits(min);
			section.addTable(new Table(type, limits));
		}
		return section.build();
	}

	private static MemorySection memories(ByteBuffer buffer) {
		long count = u32(buffer);
		MemorySection.Builder section = MemorySection.builder();
		for (long i = 0; i < count; i++) {
			section.addMemory(new Memory(memoryLimits(buffer)));
		}
		return section.build();
	}

	private static MemoryLimits memoryLimits(ByteBuffer buffer) {
		int limitType = buffer.get();
		int initial = (int) u32(buffer);
		return switch (limitType) {
			case 0x00 -> new MemoryLimits(initial);
			case 0x01, 0x03 -> new MemoryLimits(initial, (int) u32(buffer), limitType == 0x03);
			default -> throw new Unsupported("memory limits " + limitType);
		};
	}

	private static GlobalSection globals(ByteBuffer buffer, TypeSection types) {
		long count = u32(buffer);
		GlobalSection.Builder section = GlobalSection.builder();
		for (long i = 0; i < count; i++) {
			ValType type = valueType(buffer, types);
			MutabilityType mutability = MutabilityType.forId(buffer.get());
			section.addGlobal(new Global(type, mutability, expression(buffer)));
		}
		return section.build();
	}

	private static ExportSection exports(ByteBuffer buffer) {
		long count = u32(buffer);
		ExportSection.Builder section = ExportSection.builder();
		for (long i = 0; i < count; i++) {
			String name = name(buffer);
			ExternalType kind = ExternalType.byId((int) u32(buffer));
			section.addExport(new Export(name, (int) u32(buffer), kind));
		}
		return section.build();
	}

	private static ElementSection elements(ByteBuffer buffer, TypeSection types) {
		long count = u32(buffer);
		ElementSection.Builder section = ElementSection.builder();
		for (long i = 0; i < count; i++) {
			section.addElement(element(buffer, types));
		}
		return section.build();
	}

	/** One element segment, in the binary format's eight encodings. */
	private static Element element(ByteBuffer buffer, TypeSection types) {
		int flags = (int) u32(buffer);
		boolean active = (flags & 0b001) == 0;
		boolean declarative = !active && (flags & 0b010) != 0;
		boolean hasTableIndex = active && (flags & 0b010) != 0;
		boolean alwaysFuncRef = active && !hasTableIndex;
		boolean expressions = (flags & 0b100) != 0;
		int table = 0;
		List<Instruction> offset = List.of();
		if (active) {
			if (hasTableIndex) {
				table = Math.toIntExact(u32(buffer));
			}
			offset = expression(buffer);
		}
		ValType type;
		if (alwaysFuncRef) {
			type = expressions ? ValType.FuncRef : functionReference();
		}
		else if (!expressions) {
			int kind = (int) u32(buffer);
			if (kind != 0x00) {
				throw new Unsupported("element kind " + kind);
			}
			type = functionReference();
		}
		else {
			type = valueType(buffer, types);
		}
		int initCount = Math.toIntExact(u32(buffer));
		List<List<Instruction>> inits = new ArrayList<>(initCount);
		for (int i = 0; i < initCount; i++) {
			if (expressions) {
				inits.add(expression(buffer));
			}
			else {
				inits.add(List.of(new Instruction(-1, OpCode.REF_FUNC, new long[] { u32(buffer) }),
						new Instruction(-1, OpCode.END, Instruction.EMPTY_OPERANDS)));
			}
		}
		if (declarative) {
			return new DeclarativeElement(type, inits);
		}
		if (!active) {
			return new PassiveElement(type, inits);
		}
		return new ActiveElement(type, inits, table, offset);
	}

	private static ValType functionReference() {
		return ValType.builder().withOpcode(ValType.ID.Ref).withTypeIdx(ValType.TypeIdxCode.FUNC.code()).build();
	}

	private static DataSection data(ByteBuffer buffer) {
		long count = u32(buffer);
		DataSection.Builder section = DataSection.builder();
		for (long i = 0; i < count; i++) {
			long mode = u32(buffer);
			if (mode == 0) {
				List<Instruction> offset = expression(buffer);
				section.addDataSegment(new ActiveDataSegment(0, offset, bytes(buffer)));
			}
			else if (mode == 1) {
				section.addDataSegment(new PassiveDataSegment(bytes(buffer)));
			}
			else if (mode == 2) {
				long memory = u32(buffer);
				List<Instruction> offset = expression(buffer);
				section.addDataSegment(new ActiveDataSegment(memory, offset, bytes(buffer)));
			}
			else {
				throw new Unsupported("data segment mode " + mode);
			}
		}
		return section.build();
	}

	/**
	 * A constant expression, without its closing {@code end}, each instruction at its
	 * offset in the bytes.
	 */
	private static List<Instruction> expression(ByteBuffer buffer) {
		List<Instruction> instructions = new ArrayList<>(2);
		while (true) {
			int address = buffer.position();
			int opcode = buffer.get() & 0xff;
			Instruction instruction = switch (opcode) {
				case 0x0B -> null;
				case 0x23 -> new Instruction(address, OpCode.GLOBAL_GET, new long[] { u32(buffer) });
				case 0x41 -> new Instruction(address, OpCode.I32_CONST, new long[] { Encoding.readVarSInt32(buffer) });
				case 0x42 -> new Instruction(address, OpCode.I64_CONST, new long[] { Encoding.readVarSInt64(buffer) });
				case 0x43 -> new Instruction(address, OpCode.F32_CONST, new long[] { buffer.getInt() });
				case 0x44 -> new Instruction(address, OpCode.F64_CONST, new long[] { buffer.getLong() });
				case 0x6A -> new Instruction(address, OpCode.I32_ADD, Instruction.EMPTY_OPERANDS);
				case 0x6B -> new Instruction(address, OpCode.I32_SUB, Instruction.EMPTY_OPERANDS);
				case 0x6C -> new Instruction(address, OpCode.I32_MUL, Instruction.EMPTY_OPERANDS);
				case 0x7C -> new Instruction(address, OpCode.I64_ADD, Instruction.EMPTY_OPERANDS);
				case 0x7D -> new Instruction(address, OpCode.I64_SUB, Instruction.EMPTY_OPERANDS);
				case 0x7E -> new Instruction(address, OpCode.I64_MUL, Instruction.EMPTY_OPERANDS);
				case 0xD0 -> new Instruction(address, OpCode.REF_NULL, new long[] { Encoding.readVarSInt32(buffer) });
				case 0xD2 -> new Instruction(address, OpCode.REF_FUNC, new long[] { u32(buffer) });
				default -> throw new Unsupported("instruction " + Integer.toHexString(opcode) + " in an expression");
			};
			if (instruction == null) {
				return List.copyOf(instructions);
			}
			instructions.add(instruction);
		}
	}

	private static byte[] bytes(ByteBuffer buffer) {
		byte[] bytes = new byte[(int) u32(buffer)];
		buffer.get(bytes);
		return bytes;
	}

	private static String name(ByteBuffer buffer) {
		int length = (int) u32(buffer);
		String name = new String(buffer.array(), buffer.position(), length, StandardCharsets.UTF_8);
		buffer.position(buffer.position() + length);
		return name;
	}

	private static long u32(ByteBuffer buffer) {
		return Encoding.readVarUInt32(buffer);
	}

	/** A form of the binary format this reader leaves to the engine's parser. */
	static final class Unsupported extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Unsupported(String what) {
			super(what + " is left to the engine's parser", null, false, false);
		}

	}

}
