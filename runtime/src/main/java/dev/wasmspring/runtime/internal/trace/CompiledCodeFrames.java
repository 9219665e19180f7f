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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.zip.Deflater;

import com.dylibso.chicory.runtime.internal.CompilerInterpreterMachine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import org.jspecify.annotations.Nullable;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Prepares the compiler's code for guest frames. Compiled code creates a
 * {@link TracingCompilerInterpreterMachine} for the functions it leaves to the
 * interpreter, so that their frames are kept. And the generated function methods get a
 * line number table, so that the JVM's own stack trace says which WebAssembly instruction
 * each compiled frame was at. The "line" of a bytecode instruction is the offset of the
 * WebAssembly instruction it was translated from, counted from the start of the
 * function's body (so that it fits the table's 16 bits); {@link GuestTrace} turns it back
 * into a module offset and the DWARF line table into a file and line.
 * <p>
 * The compiler translates a body in order, and every place a compiled frame can stop at
 * (a call, an indirect call, a memory access, an operation done by a helper method such
 * as a division, {@code unreachable}, a check for a stop on a call or a loop's back edge)
 * is a method invocation that names what it does. Those invocations are matched in
 * sequence against the body's instructions; every other bytecode instruction takes the
 * line of the invocation before it. An invocation that matches nothing gets no line of
 * its own, so a table is never wrong by more than that.
 * <p>
 * Runs once, when a module is compiled, on the code file before it is defined or written
 * to the code directory, so cached code carries its table. Stateless.
 */
public final class CompiledCodeFrames {

	private static final String GENERATED_PACKAGE = "com/dylibso/chicory/$gen/";

	private static final String FUNCTION_METHOD = "func_";

	/**
	 * The compiler's helper class, the same for every module, with no function of the
	 * module.
	 */
	private static final String HELPER_CLASS = "Shaded.class";

	private static final String CHECK_INTERRUPTION = "checkInterruption";

	/** What the body of a function left to the interpreter calls. */
	private static final String INTERPRETER_HANDOFF = "callIndirect";

	private static final String ENGINE_FALLBACK = "com/dylibso/chicory/runtime/internal/CompilerInterpreterMachine";

	private static final String TRACING_FALLBACK = TracingCompilerInterpreterMachine.class.getName().replace('.', '/');

	/** The largest line a line number table holds. */
	private static final int MAX_LINE = 0xffff;

	private static final OpCode[] CALLS = { OpCode.CALL, OpCode.RETURN_CALL };

	private static final OpCode[] INDIRECT_CALLS = { OpCode.CALL_INDIRECT, OpCode.RETURN_CALL_INDIRECT, OpCode.CALL_REF,
			OpCode.RETURN_CALL_REF };

	private static final OpCode[] BRANCHES = { OpCode.BR, OpCode.BR_IF, OpCode.BR_TABLE };

	private CompiledCodeFrames() {
	}

	/**
	 * Return the compiler's code file with line number tables in its function methods.
	 * @param code the code file (a jar) the compiler wrote
	 * @param module the module it was compiled from, with its function bodies
	 * @param symbols the module's symbols, which know where each body starts
	 * @return the code file with the tables, or {@code code} itself if it cannot be read
	 * as expected
	 */
	public static byte[] addTo(byte[] code, WasmModule module, GuestSymbols symbols) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream(code.length + code.length / 8);
			boolean changed = false;
			try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(code));
					JarOutputStream jar = new JarOutputStream(out)) {
				jar.setLevel(Deflater.BEST_SPEED);
				for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
					byte[] content = in.readAllBytes();
					if (entry.getName().startsWith(GENERATED_PACKAGE) && entry.getName().endsWith(".class")
							&& !entry.getName().endsWith(HELPER_CLASS)) {
						byte[] numbered = numbered(content, module, symbols);
						if (numbered != null) {
							content = numbered;
							changed = true;
						}
					}
					jar.putNextEntry(new JarEntry(entry.getName()));
					jar.write(content);
					jar.closeEntry();
				}
			}
			return changed ? out.toByteArray() : code;
		}
		catch (IOException | RuntimeException ex) {
			// the code runs as the compiler wrote it; its frames then have no lines
			return code;
		}
	}

	/**
	 * The class with tables in its function methods, or {@code null} if it has none.
	 */
	private static byte @Nullable [] numbered(byte[] bytes, WasmModule module, GuestSymbols symbols) {
		ClassReader reader = new ClassReader(bytes);
		ClassNode node = new ClassNode();
		reader.accept(node, 0);
		int imported = symbols.importedFunctions();
		int bodies = module.codeSection().functionBodyCount();
		boolean changed = false;
		boolean tracingFallback = fallbackVisible();
		for (MethodNode method : node.methods) {
			if (tracingFallback && method.name.equals("<init>")) {
				changed |= traceFallback(method);
			}
			int function = GuestTrace.compiledFunction(method.name);
			if (function < imported || function - imported >= bodies) {
				continue;
			}
			int bodyStart = symbols.bodyStart(function);
			if (bodyStart < 0) {
				continue;
			}
			List<? extends Instruction> body = module.codeSection().getFunctionBody(function - imported).instructions();
			changed |= number(method, body, bodyStart);
		}
		if (!changed) {
			return null;
		}
		ClassWriter writer = new ClassWriter(reader, 0);
		node.accept(writer);
		return writer.toByteArray();
	}

	/**
	 * Whether the class loader the compiled classes are defined under (below the
	 * engine's) finds the tracing interpreter: otherwise the code keeps the engine's.
	 */
	private static boolean fallbackVisible() {
		try {
			return Class.forName(TracingCompilerInterpreterMachine.class.getName(), false,
					CompilerInterpreterMachine.class.getClassLoader()) == TracingCompilerInterpreterMachine.class;
		}
		catch (ClassNotFoundException | LinkageError | RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Make a constructor create the tracing interpreter in place of the engine's.
	 * @return whether it created one
	 */
	private static boolean traceFallback(MethodNode constructor) {
		boolean changed = false;
		for (AbstractInsnNode insn = constructor.instructions.getFirst(); insn != null; insn = insn.getNext()) {
			if (insn instanceof TypeInsnNode type && type.getOpcode() == Opcodes.NEW
					&& type.desc.equals(ENGINE_FALLBACK)) {
				type.desc = TRACING_FALLBACK;
				changed = true;
			}
			else if (insn instanceof MethodInsnNode invocation && invocation.getOpcode() == Opcodes.INVOKESPECIAL
					&& invocation.owner.equals(ENGINE_FALLBACK) && invocation.name.equals("<init>")) {
				invocation.owner = TRACING_FALLBACK;
			}
		}
		return changed;
	}

	/**
	 * Add a line number entry before each invocation that matches the next instruction of
	 * its kind in the body.
	 * @return whether any entry was added
	 */
	static boolean number(MethodNode method, List<? extends Instruction> body, int bodyStart) {
		InsnList code = method.instructions;
		List<AbstractInsnNode> anchors = new ArrayList<>();
		List<Integer> lines = new ArrayList<>();
		int next = 0;
		for (AbstractInsnNode insn = code.getFirst(); insn != null; insn = insn.getNext()) {
			if (!(insn instanceof MethodInsnNode invocation)) {
				continue;
			}
			String name = invocation.name;
			if (name.equals(INTERPRETER_HANDOFF)) {
				// a function left to the interpreter: its frames come from there
				return false;
			}
			int found;
			boolean consumes = true;
			if (name.equals(CHECK_INTERRUPTION)) {
				MethodInsnNode call = nextCall(invocation);
				if (call != null) {
					// the check before a call: the call's line
					found = find(body, next, CALLS, GuestTrace.compiledFunction(call.name));
					consumes = false;
				}
				else {
					// a loop's back edge
					found = find(body, next, BRANCHES, -1);
				}
			}
			else if (invocation.owner.startsWith(GENERATED_PACKAGE) && name.startsWith(FUNCTION_METHOD)) {
				found = find(body, next, CALLS, GuestTrace.compiledFunction(name));
			}
			else {
				found = findHelper(body, next, name);
				consumes = !name.startsWith("throwOutOfBounds");
			}
			if (found < 0) {
				continue;
			}
			anchors.add(insn);
			lines.add(line(body.get(found), bodyStart));
			next = consumes ? found + 1 : found;
		}
		if (anchors.isEmpty()) {
			return false;
		}
		// the entry at the method's start: its first instruction
		addLine(code, code.getFirst(), line(body.get(0), bodyStart));
		for (int i = 0; i < anchors.size(); i++) {
			addLine(code, anchors.get(i), lines.get(i));
		}
		return true;
	}

	/**
	 * The invocation of a function the check at {@code check} is made for: the next
	 * invocation, when nothing but loading its arguments comes between.
	 */
	private static @Nullable MethodInsnNode nextCall(MethodInsnNode check) {
		for (AbstractInsnNode insn = check.getNext(); insn != null; insn = insn.getNext()) {
			int type = insn.getType();
			if (insn instanceof MethodInsnNode call) {
				return (call.owner.startsWith(GENERATED_PACKAGE) && call.name.startsWith(FUNCTION_METHOD)) ? call
						: null;
			}
			if (type == AbstractInsnNode.JUMP_INSN || type == AbstractInsnNode.TABLESWITCH_INSN
					|| type == AbstractInsnNode.LOOKUPSWITCH_INSN || type == AbstractInsnNode.LABEL) {
				return null;
			}
		}
		return null;
	}

	/**
	 * The instruction a helper invocation does: named after the instruction's opcode, or
	 * after what it does to memory, tables or calls.
	 */
	private static int findHelper(List<? extends Instruction> body, int from, String name) {
		if (name.startsWith("memoryRead") || name.startsWith("memoryWrite") || name.startsWith("memoryAtomic")
				|| name.startsWith("throwOutOfBounds")) {
			for (int i = from; i < body.size(); i++) {
				String opcode = body.get(i).opcode().name();
				if (opcode.contains("LOAD") || opcode.contains("STORE") || opcode.contains("ATOMIC")) {
					return i;
				}
			}
			return -1;
		}
		if (name.startsWith("memory") || name.startsWith("table") || name.equals("dataDrop")) {
			String prefix = name.startsWith("table") ? "TABLE_" : (name.equals("dataDrop") ? "DATA_" : "MEMORY_");
			for (int i = from; i < body.size(); i++) {
				if (body.get(i).opcode().name().startsWith(prefix)) {
					return i;
				}
			}
			return -1;
		}
		if (name.equals("throwTrapException")) {
			return find(body, from, new OpCode[] { OpCode.UNREACHABLE }, -1);
		}
		if (name.startsWith("call_indirect")) {
			return find(body, from, INDIRECT_CALLS, -1);
		}
		OpCode opcode = opcode(name);
		return (opcode != null) ? find(body, from, new OpCode[] { opcode }, -1) : -1;
	}

	private static @Nullable OpCode opcode(String name) {
		if (name.isEmpty() || !Character.isUpperCase(name.charAt(0))) {
			return null;
		}
		try {
			return OpCode.valueOf(name);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * The index of the next instruction, from {@code from}, with one of the opcodes (and
	 * calling {@code function} if it is not negative), or -1.
	 */
	private static int find(List<? extends Instruction> body, int from, OpCode[] opcodes, int function) {
		for (int i = from; i < body.size(); i++) {
			Instruction instruction = body.get(i);
			for (OpCode opcode : opcodes) {
				if (instruction.opcode() == opcode
						&& (function < 0 || (instruction.operandCount() > 0 && instruction.operand(0) == function))) {
					return i;
				}
			}
		}
		return -1;
	}

	/**
	 * The line of an instruction: its offset from the body's start, or 0 (no line) if
	 * that does not fit.
	 */
	private static int line(Instruction instruction, int bodyStart) {
		int line = instruction.address() - bodyStart;
		return (line > 0 && line <= MAX_LINE) ? line : 0;
	}

	private static void addLine(InsnList code, AbstractInsnNode before, int line) {
		LabelNode label = new LabelNode();
		code.insertBefore(before, label);
		code.insert(label, new LineNumberNode(line, label));
	}

}
