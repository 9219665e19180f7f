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

package dev.wasmspring.runtime.internal.extism;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.exception.WasmTrapException.Kind;
import dev.wasmspring.runtime.internal.limits.CallDeadline;
import dev.wasmspring.runtime.internal.limits.GuestText;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * The Extism kernel of one plugin instance: the memory blocks a call works with, the
 * call's input, output and error, and the vars that outlive calls. Blocks live on the
 * host, outside the plugin's linear memory, and are named by handles
 * {@code (index << 48) | offset}, the layout Extism's JavaScript host uses; block 0 is
 * never handed out, so handle 0 means "none". Every call starts with no blocks but its
 * input; vars last as long as the instance.
 * <p>
 * Confined to the thread that runs the instance, like the instance itself.
 */
public final class ExtismKernel {

	/** The import module of Extism's kernel functions. */
	public static final String MODULE = "extism:host/env";

	/**
	 * The prefix of every Extism import module: the kernel's and the host functions'
	 * ({@code extism:host/user}).
	 */
	public static final String MODULE_PREFIX = "extism:host/";

	private static final int OFFSET_BITS = 48;

	private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;

	private static final List<Function> FUNCTIONS = List.of(
			new Function("alloc", i64(), i64(), (k, a) -> new long[] { k.alloc(a[0]) }),
			new Function("free", i64(), none(), (k, a) -> k.free(a[0])),
			new Function("length", i64(), i64(), (k, a) -> new long[] { k.length(a[0]) }),
			new Function("length_unsafe", i64(), i64(), (k, a) -> new long[] { k.length(a[0]) }),
			new Function("load_u8", i64(), i32(), (k, a) -> new long[] { k.block(a[0], 1)[k.offset(a[0])] & 0xFF }),
			new Function("load_u64", i64(), i64(), (k, a) -> new long[] { k.loadU64(a[0]) }),
			new Function("store_u8", List.of(ValType.I64, ValType.I32), none(), (k, a) -> {
				k.block(a[0], 1)[k.offset(a[0])] = (byte) a[1];
				return null;
			}), new Function("store_u64", List.of(ValType.I64, ValType.I64), none(), (k, a) -> k.storeU64(a[0], a[1])),
			new Function("input_offset", none(), i64(), (k, a) -> new long[] { k.inputHandle() }),
			new Function("input_length", none(), i64(), (k, a) -> new long[] { k.input().length }),
			new Function("input_load_u8", i64(), i32(), (k, a) -> new long[] { k.inputByte(a[0]) }),
			new Function("input_load_u64", i64(), i64(), (k, a) -> new long[] { k.inputU64(a[0]) }),
			new Function("output_set", List.of(ValType.I64, ValType.I64), none(), (k, a) -> k.outputSet(a[0], a[1])),
			new Function("error_set", i64(), none(), (k, a) -> k.errorSet(a[0])),
			new Function("error_get", none(), i64(), (k, a) -> new long[] { k.errorGet() }),
			new Function("config_get", i64(), i64(), (k, a) -> new long[] { k.configGet(a[0]) }),
			new Function("var_get", i64(), i64(), (k, a) -> new long[] { k.varGet(a[0]) }),
			new Function("var_set", List.of(ValType.I64, ValType.I64), none(), (k, a) -> k.varSet(a[0], a[1])),
			new Function("http_request", List.of(ValType.I64, ValType.I64), i64(),
					(k, a) -> new long[] { k.http().request(k, a[0], a[1]) }),
			new Function("http_status_code", none(), i32(), (k, a) -> new long[] { k.http().statusCode() }),
			new Function("http_headers", none(), i64(), (k, a) -> new long[] { k.http().headers(k) }),
			new Function("log_trace", i64(), none(), (k, a) -> k.log(ExtismLogLevel.TRACE, a[0])),
			new Function("log_debug", i64(), none(), (k, a) -> k.log(ExtismLogLevel.DEBUG, a[0])),
			new Function("log_info", i64(), none(), (k, a) -> k.log(ExtismLogLevel.INFO, a[0])),
			new Function("log_warn", i64(), none(), (k, a) -> k.log(ExtismLogLevel.WARN, a[0])),
			new Function("log_error", i64(), none(), (k, a) -> k.log(ExtismLogLevel.ERROR, a[0])),
			new Function("get_log_level", none(), i32(), (k, a) -> new long[] { k.logLevel() }));

	private static final Map<String, Integer> INDEX;

	static {
		Map<String, Integer> index = new HashMap<>();
		for (int i = 0; i < FUNCTIONS.size(); i++) {
			index.put(FUNCTIONS.get(i).name, i);
		}
		INDEX = Map.copyOf(index);
	}

	private final String moduleName;

	private final ExtismSettings settings;

	private final Logger logger;

	private final HostFunction[] bound = new HostFunction[FUNCTIONS.size()];

	private final Map<String, byte[]> vars = new HashMap<>();

	/**
	 * The most blocks one call may allocate: a handle keeps the block's number in its top
	 * 16 bits, so a larger number would name another block.
	 */
	public static final int MAX_BLOCKS = (1 << (64 - 48)) - 1;

	/**
	 * The most bytes of a plugin's error or log text that is kept, logged or put in an
	 * exception.
	 */
	public static final int MAX_TEXT_BYTES = 4096;

	/** The heap a block's slot and header cost beyond its bytes. */
	static final int BLOCK_OVERHEAD_BYTES = 24;

	/** The heap a variable's entry costs beyond its key and value bytes. */
	static final int VAR_OVERHEAD_BYTES = 96;

	private MemoryBudget.Account account = NO_ACCOUNT;

	// the block table of a released kernel: its one slot (number 0, never a block) is
	// never written
	private static final byte[][] NO_BLOCKS = new byte[1][];

	// what handle 0 names
	private static final byte[] EMPTY_BLOCK = new byte[0];

	private static final MemoryBudget.Account NO_ACCOUNT = new MemoryBudget(Long.MAX_VALUE).open();

	private java.util.function.LongSupplier linearMemoryBytes = () -> 0;

	// what the blocks of the running call have reserved from the account
	private long blockReserved;

	// the error of the call that ended the instance, kept when its blocks were released
	private @Nullable String releasedError;

	private long varBytes;

	private byte[] @Nullable [] blocks = new byte[16][];

	private int blockCount = 1;

	private long blockBytes;

	private String export = "<none>";

	private int inputIndex;

	private int outputIndex;

	private long outputLength;

	// where in its block the output and the error start: a handle may point into the
	// middle of a block
	private int outputOffset;

	private int errorOffset;

	private int errorIndex;

	private @Nullable ExtismHttp http;

	private CallDeadline deadline = new CallDeadline();

	/**
	 * Create the kernel of one instance.
	 * @param moduleName the module, for messages
	 * @param settings the plugin's config and limits
	 * @param logger where the plugin's log lines go
	 */
	public ExtismKernel(String moduleName, ExtismSettings settings, Logger logger) {
		this.moduleName = moduleName;
		this.settings = settings;
		this.logger = logger;
	}

	/**
	 * Return the position of a kernel function among the functions this kernel provides.
	 * @param name the import name
	 * @return the position, or {@code null} if Extism's kernel has no such function
	 */
	public static @Nullable Integer indexOf(String name) {
		return INDEX.get(name);
	}

	/**
	 * Return the signature of a kernel function.
	 * @param index its position
	 * @return the signature
	 */
	public static FunctionType typeOf(int index) {
		return FUNCTIONS.get(index).type;
	}

	/**
	 * Return the names of every kernel function, for messages.
	 * @return the names
	 */
	public static List<String> names() {
		return FUNCTIONS.stream().map((function) -> function.name).toList();
	}

	/**
	 * Return the engine's function for one kernel function, bound to this kernel.
	 * @param index its position
	 * @return the function
	 */
	public HostFunction hostFunction(int index) {
		HostFunction function = this.bound[index];
		if (function == null) {
			Function definition = FUNCTIONS.get(index);
			function = new HostFunction(MODULE, definition.name, definition.type,
					(instance, args) -> definition.body.apply(this, args));
			this.bound[index] = function;
		}
		return function;
	}

	/**
	 * Start a call: drop the previous call's blocks and make the input the only block.
	 * @param exportName the export being called
	 * @param input the input
	 */
	/**
	 * Account what the kernel holds, blocks and variables, to an instance's account, and
	 * count its blocks against the module's memory limit together with the instance's
	 * linear memory.
	 * @param account the instance's account
	 * @param linearMemoryBytes the instance's linear memory size now, in bytes
	 */
	public void accountTo(MemoryBudget.Account account, java.util.function.LongSupplier linearMemoryBytes) {
		this.account = account;
		this.linearMemoryBytes = linearMemoryBytes;
	}

	/**
	 * Let go of every block and variable, returning their reservations: the instance is
	 * ending.
	 */
	public void release() {
		if (this.errorIndex != 0 && this.errorIndex < this.blockCount && this.blocks[this.errorIndex] != null) {
			try {
				// kept, bounded, for the failure being reported
				this.releasedError = error();
			}
			catch (Throwable ex) {
				this.releasedError = null;
			}
		}
		this.errorIndex = 0;
		this.outputIndex = 0;
		Arrays.fill(this.blocks, null);
		this.blocks = NO_BLOCKS;
		this.blockCount = 1;
		this.blockBytes = 0;
		this.account.release(this.blockReserved);
		this.blockReserved = 0;
		this.vars.clear();
		this.varBytes = 0;
	}

	public void begin(String exportName, byte[] input) {
		Arrays.fill(this.blocks, 1, this.blockCount, null);
		if (this.blocks.length > 64) {
			this.blocks = new byte[16][];
		}
		this.blockCount = 1;
		this.blockBytes = 0;
		this.account.release(this.blockReserved);
		this.blockReserved = 0;
		this.releasedError = null;
		this.export = exportName;
		this.outputIndex = 0;
		this.outputOffset = 0;
		this.outputLength = 0;
		this.errorIndex = 0;
		this.errorOffset = 0;
		this.inputIndex = index(add(input));
	}

	/**
	 * Return the length of the output the plugin set in this call, before it is copied.
	 * @return the length in bytes, 0 if none
	 */
	public long outputLength() {
		return (this.outputIndex != 0 && this.blocks[this.outputIndex] != null) ? this.outputLength : 0;
	}

	/**
	 * Return the output the plugin set during the call, empty if none.
	 * @return the output
	 */

	public byte[] output() {
		byte[] block = (this.outputIndex != 0) ? this.blocks[this.outputIndex] : null;
		if (block == null) {
			return new byte[0];
		}
		if (this.outputOffset == 0 && this.outputLength == block.length) {
			return block;
		}
		return Arrays.copyOfRange(block, this.outputOffset, this.outputOffset + (int) this.outputLength);
	}

	/**
	 * Return the error the plugin set during the call with {@code error_set}, if any.
	 * @return the plugin's message, or {@code null}
	 */
	/**
	 * Return the error the plugin set in this call, its first {@value #MAX_TEXT_BYTES}
	 * bytes at most (the rest is replaced by a note of how long it was), with control
	 * characters escaped so it is safe to log.
	 * @return the error, or {@code null} if none was set
	 */
	public @Nullable String error() {
		if (this.errorIndex == 0) {
			return this.releasedError;
		}
		byte[] block = (this.errorIndex != 0) ? this.blocks[this.errorIndex] : null;
		return (block != null) ? GuestText.of(block, this.errorOffset, block.length - this.errorOffset) : null;
	}

	/**
	 * Read the whole block a handle names, for example an argument of a host function.
	 * @param handle the handle
	 * @return a copy of the block's bytes
	 */
	public byte[] read(long handle) {
		return block(handle, 0).clone();
	}

	/**
	 * Store bytes in a new block, for example the result of a host function.
	 * @param bytes the bytes
	 * @return the block's handle
	 */
	public long store(byte[] bytes) {
		return add(bytes.clone());
	}

	/**
	 * Return the bytes the running call's blocks hold, which share the module's memory
	 * limit with the instance's linear memory.
	 * @return the bytes
	 */
	public long blockBytes() {
		return this.blockBytes;
	}

	MemoryBudget.Account account() {
		return this.account;
	}

	String moduleName() {
		return this.moduleName;
	}

	String exportName() {
		return this.export;
	}

	ExtismSettings settings() {
		return this.settings;
	}

	Logger logger() {
		return this.logger;
	}

	WasmCallException failure(String detail) {
		return new WasmTrapException(this.moduleName, this.export, Kind.OUT_OF_BOUNDS_MEMORY_ACCESS, detail, null);
	}

	long alloc(long size) {
		if (size < 0 || size > Integer.MAX_VALUE - 8) {
			throw exhausted(size);
		}
		reserveBlock(size);
		return place(new byte[(int) size]);
	}

	/** Adds a block the host made: reserved first, like a block the plugin allocates. */
	private long add(byte[] bytes) {
		reserveBlock(bytes.length);
		return place(bytes);
	}

	/**
	 * Reserves a new block of the given size, its slot included: within the module's
	 * memory limit, which the call's blocks share with the instance's linear memory, and
	 * from the runtime's budget.
	 */
	private void reserveBlock(long size) {
		if (this.blockCount >= MAX_BLOCKS) {
			throw tooManyBlocks();
		}
		if (this.blockBytes + size + this.linearMemoryBytes.getAsLong() > this.settings.maxBlockBytes()) {
			throw exhausted(size);
		}
		long cost = size + BLOCK_OVERHEAD_BYTES;
		if (!this.account.tryReserve(cost)) {
			throw MemoryBudget.Exhausted.INSTANCE;
		}
		this.blockReserved += cost;
	}

	private long place(byte[] bytes) {
		if (this.blockCount == this.blocks.length) {
			this.blocks = Arrays.copyOf(this.blocks, Math.min(MAX_BLOCKS, this.blocks.length * 2));
		}
		int index = this.blockCount++;
		this.blocks[index] = bytes;
		this.blockBytes += bytes.length;
		return (long) index << OFFSET_BITS;
	}

	private WasmCallException exhausted(long size) {
		return new WasmTrapException(this.moduleName, this.export, Kind.RESOURCE_EXHAUSTED,
				"the plugin asked Extism for a block of " + size + " bytes, beyond its memory limit of "
						+ this.settings.maxBlockBytes() + " bytes, which one call's blocks share with the plugin's "
						+ "own memory (" + this.blockBytes + " bytes in blocks, " + this.linearMemoryBytes.getAsLong()
						+ " in memory); raise " + this.settings.memoryLimitSetting() + " or send less",
				null);
	}

	private WasmCallException tooManyBlocks() {
		return new WasmTrapException(this.moduleName, this.export, Kind.RESOURCE_EXHAUSTED,
				"the plugin allocated " + MAX_BLOCKS + " Extism memory blocks in one call, the most a call may "
						+ "have (freed blocks count too); allocate fewer, larger blocks",
				null);
	}

	long @Nullable [] free(long handle) {
		int index = index(handle);
		if (index > 0 && index < this.blockCount && this.blocks[index] != null) {
			int length = this.blocks[index].length;
			this.blockBytes -= length;
			this.blocks[index] = null;
			// the slot stays taken (handles are never reused within a call); the bytes
			// are returned
			this.account.release(length);
			this.blockReserved -= length;
		}
		return null;
	}

	long length(long handle) {
		int index = index(handle);
		byte[] block = (index > 0 && index < this.blockCount) ? this.blocks[index] : null;
		return (block != null) ? block.length : 0;
	}

	private static int index(long handle) {
		return (int) (handle >>> OFFSET_BITS);
	}

	int offset(long handle) {
		return (int) (handle & OFFSET_MASK);
	}

	/**
	 * Return the block a handle points into, checking that {@code size} bytes at its
	 * offset lie inside it.
	 */
	byte[] block(long handle, int size) {
		int index = index(handle);
		byte[] block = (index > 0 && index < this.blockCount) ? this.blocks[index] : null;
		if (block == null && handle == 0) {
			// handle 0 is the empty block, as Extism's host reads it (its kernel answers
			// alloc(0) with 0): logged, set as output or as a key, it holds no byte, and
			// set as the error it clears the error
			block = EMPTY_BLOCK;
		}
		if (block == null) {
			throw failure("the plugin used the Extism memory handle 0x" + Long.toHexString(handle)
					+ ", which names no block (never allocated, freed, or from an earlier call)");
		}
		long offset = handle & OFFSET_MASK;
		if (offset + size > block.length) {
			throw failure("the plugin accessed " + size + " bytes at offset " + offset
					+ " of an Extism memory block of " + block.length + " bytes");
		}
		return block;
	}

	long loadU64(long handle) {
		return littleEndian(block(handle, 8), offset(handle));
	}

	long @Nullable [] storeU64(long handle, long value) {
		byte[] block = block(handle, 8);
		int offset = offset(handle);
		for (int i = 0; i < 8; i++) {
			block[offset + i] = (byte) (value >>> (8 * i));
		}
		return null;
	}

	private static long littleEndian(byte[] bytes, int offset) {
		long value = 0;
		for (int i = 7; i >= 0; i--) {
			value = (value << 8) | (bytes[offset + i] & 0xFF);
		}
		return value;
	}

	long inputHandle() {
		return (long) this.inputIndex << OFFSET_BITS;
	}

	byte[] input() {
		byte[] input = this.blocks[this.inputIndex];
		return (input != null) ? input : new byte[0];
	}

	long inputByte(long offset) {
		byte[] input = input();
		long at = offset & OFFSET_MASK;
		if (at >= input.length) {
			throw failure("the plugin read byte " + at + " of an input of " + input.length + " bytes");
		}
		return input[(int) at] & 0xFF;
	}

	long inputU64(long offset) {
		byte[] input = input();
		long at = offset & OFFSET_MASK;
		if (at + 8 > input.length) {
			throw failure("the plugin read 8 bytes at " + at + " of an input of " + input.length + " bytes");
		}
		return littleEndian(input, (int) at);
	}

	long @Nullable [] outputSet(long handle, long length) {
		byte[] block = block(handle, 0);
		int offset = offset(handle);
		if (length < 0 || offset + length > block.length) {
			throw failure("the plugin set an output of " + length + " bytes at offset " + offset
					+ " of an Extism memory block of " + block.length + " bytes");
		}
		// from where the handle points, as the kernel's linear memory reads it
		this.outputIndex = index(handle);
		this.outputOffset = offset;
		this.outputLength = length;
		return null;
	}

	/**
	 * Set the call's error from the host, as a host function of Extism's SDKs does with
	 * {@code set_error}: the message goes into a new block the error points to.
	 * @param message the error message
	 */
	public void setError(String message) {
		errorSet(store(message.getBytes(StandardCharsets.UTF_8)));
	}

	long @Nullable [] errorSet(long handle) {
		block(handle, 0);
		this.errorIndex = index(handle);
		this.errorOffset = offset(handle);
		return null;
	}

	long errorGet() {
		return (this.errorIndex != 0 && this.blocks[this.errorIndex] != null)
				? ((long) this.errorIndex << OFFSET_BITS) | this.errorOffset : 0;
	}

	/**
	 * Read a key from a block and free the block, as Extism's hosts do with the keys of
	 * config and vars.
	 */
	private String key(long handle) {
		String key = new String(block(handle, 0), StandardCharsets.UTF_8);
		free(handle);
		return key;
	}

	long configGet(long handle) {
		String value = this.settings.config().get(key(handle));
		return (value != null) ? add(value.getBytes(StandardCharsets.UTF_8)) : 0;
	}

	long varGet(long handle) {
		byte[] value = this.vars.get(key(handle));
		return (value != null) ? add(value.clone()) : 0;
	}

	/** What a variable holds on the heap: its key as a string, its value, its entry. */
	private static long varCost(int keyBytes, int valueBytes) {
		return 2L * keyBytes + valueBytes + VAR_OVERHEAD_BYTES;
	}

	long @Nullable [] varSet(long keyHandle, long valueHandle) {
		byte[] keyBytes = block(keyHandle, 0);
		byte[] previous = null;
		String key = null;
		if (valueHandle == 0 || this.vars.size() > 0) {
			key = new String(keyBytes, StandardCharsets.UTF_8);
			previous = this.vars.get(key);
		}
		long previousCost = (previous != null) ? varCost(keyBytes.length, previous.length) : 0;
		long previousSize = (previous != null) ? (long) keyBytes.length + previous.length : 0;
		if (valueHandle == 0) {
			if (previous != null) {
				this.vars.remove(key);
				this.varBytes -= previousSize;
				this.account.release(previousCost);
			}
			return null;
		}
		byte[] valueBlock = block(valueHandle, 0);
		long cost = varCost(keyBytes.length, valueBlock.length);
		// keys count as well as values: a thousand large keys hold as much as a thousand
		// large values
		long total = this.varBytes - previousSize + keyBytes.length + valueBlock.length;
		if (total > this.settings.maxVarBytes()) {
			// as Extism's hosts do: the call fails with the plugin's error set to the
			// reason
			this.errorIndex = index(add(("var memory limit exceeded: " + total + " bytes requested (keys "
					+ "included), " + this.settings.maxVarBytes() + " allowed")
				.getBytes(StandardCharsets.UTF_8)));
			return null;
		}
		if (!this.account.tryReserve(cost)) {
			throw MemoryBudget.Exhausted.INSTANCE;
		}
		if (key == null) {
			key = new String(keyBytes, StandardCharsets.UTF_8);
		}
		this.vars.put(key, valueBlock.clone());
		this.account.release(previousCost);
		this.varBytes = total;
		return null;
	}

	long @Nullable [] log(ExtismLogLevel level, long handle) {
		byte[] message = block(handle, 0);
		if (level.isEnabled(this.logger)) {
			// bounded and escaped: a plugin's text never forges log lines or floods the
			// log
			level.log(this.logger, GuestText.of(message, 0, message.length));
		}
		free(handle);
		return null;
	}

	int logLevel() {
		return ExtismLogLevel.lowestEnabled(this.logger);
	}

	/**
	 * Use the deadline of the instance's calls, which bounds the plugin's HTTP requests.
	 * @param deadline the instance's deadline
	 */
	public void deadline(CallDeadline deadline) {
		this.deadline = deadline;
	}

	CallDeadline deadline() {
		return this.deadline;
	}

	ExtismHttp http() {
		ExtismHttp http = this.http;
		if (http == null) {
			http = new ExtismHttp();
			this.http = http;
		}
		return http;
	}

	private static List<ValType> i64() {
		return List.of(ValType.I64);
	}

	private static List<ValType> i32() {
		return List.of(ValType.I32);
	}

	private static List<ValType> none() {
		return List.of();
	}

	/** One kernel function: its import name, signature and body. */
	private static final class Function {

		final String name;

		final FunctionType type;

		final Body body;

		Function(String name, List<ValType> params, List<ValType> results, Body body) {
			this.name = name;
			this.type = FunctionType.of(params, results);
			this.body = body;
		}

	}

	@FunctionalInterface
	private interface Body {

		long @Nullable [] apply(ExtismKernel kernel, long[] args);

	}

}
