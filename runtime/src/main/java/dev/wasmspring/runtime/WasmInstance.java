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

package dev.wasmspring.runtime;

import java.util.Map;
import java.util.Optional;

import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmPluginException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmCancelHandle;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmMemory;
import dev.wasmspring.runtime.internal.call.RunningInstance;
import dev.wasmspring.runtime.internal.instance.GuestInstance;
import dev.wasmspring.runtime.internal.module.LoadedModule;
import dev.wasmspring.runtime.internal.wasi.WasiSession;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.wasi.WasiInstanceOptions;
import dev.wasmspring.runtime.wasi.WasmCommandResult;
import org.jspecify.annotations.Nullable;

/**
 * One instance of a module: its own memory, globals, tables and WASI state, created from
 * the module's pristine state. Meant for one request or one unit of work.
 * <p>
 * <b>Threads:</b> an instance is confined to one thread at a time. A call from a second
 * thread while a call is running fails at once with {@link WasmCallException}
 * (INSTANCE_UNUSABLE) and leaves the instance untouched for its owner. Handing an
 * instance to another thread between calls is allowed.
 * <p>
 * <b>Lifecycle:</b> whoever creates an instance closes it (per-request instances created
 * by the auto-configuration are closed when the request ends). {@link #close()} may be
 * called from any thread, even while a call runs, and never throws or blocks: the running
 * call is not interrupted and the instance closes when that call returns; later calls
 * fail with {@link WasmCallException} (INSTANCE_UNUSABLE). An instance that is dropped
 * without being closed is released once the garbage collector finds it unreachable. A
 * call that traps, times out, exits or fails in a host function discards the instance:
 * later calls fail with {@link WasmCallException} (INSTANCE_UNUSABLE), and a new instance
 * works normally. The compiled module stays valid for the instance's whole life, even if
 * its name is redefined or removed meanwhile.
 */
public final class WasmInstance implements AutoCloseable {

	private final RunningInstance running;

	WasmInstance(RunningInstance running) {
		this.running = running;
	}

	/**
	 * Make an instance for the caller. The heap may run out at any step on the way,
	 * wherever the engine or the runtime allocates: the caller then gets the module's
	 * prepared {@link WasmTrapException} ({@code RESOURCE_EXHAUSTED}), never the
	 * {@link OutOfMemoryError}, and an instance already made is closed.
	 * @param module the module
	 * @param attributes the attributes its host functions see, immutable
	 * @param options the instance's own WASI settings, or {@code null} for the module's
	 * @return the instance
	 */
	static WasmInstance create(LoadedModule module, Map<String, Object> attributes,
			@Nullable WasiInstanceOptions options) {
		RunningInstance running = null;
		try {
			running = (options != null) ? RunningInstance.create(module, attributes, options)
					: RunningInstance.create(module, attributes);
			return new WasmInstance(running);
		}
		catch (OutOfMemoryError ex) {
			if (running != null) {
				try {
					running.close();
				}
				catch (Throwable closing) {
					// what could be released was; the cleaner sees to the rest
				}
			}
			throw module.outOfMemory;
		}
	}

	/** The engine's instance, for tests that capture its state. */
	GuestInstance guest() {
		return this.running.guest();
	}

	/**
	 * The instance's WASI session, for tests that see when it opens the engine's WASI.
	 */
	@Nullable WasiSession wasi() {
		return this.running.wasi();
	}

	/**
	 * Return the name of the module this instance was created from.
	 * @return the module name
	 */
	public String moduleName() {
		return this.running.moduleName();
	}

	/**
	 * Return an identifier of this instance, unique within this JVM: the one its host
	 * functions see as {@link WasmCallContext#instanceId()}.
	 * @return the instance id
	 */
	public long instanceId() {
		return this.running.instanceId();
	}

	/**
	 * Return the attributes given when the instance was created, which its host functions
	 * see in their {@link WasmCallContext}.
	 * @return the attributes, immutable
	 */
	public Map<String, Object> attributes() {
		return this.running.attributes();
	}

	/**
	 * Return the SHA-256 digest of the module this instance runs: for a module with a
	 * fuel budget, of its bytes as rewritten to meter themselves.
	 * @return the digest
	 * @deprecated nothing uses it; to be removed. The digest of a module's current bytes
	 * is in {@link WasmRuntime#statistics()}
	 */
	@Deprecated(forRemoval = true)
	public String moduleDigest() {
		return this.running.moduleDigest();
	}

	/**
	 * Return the exported functions and their signatures.
	 * @return the exports, by name
	 */
	public Map<String, WasmFunctionType> exports() {
		return this.running.exports();
	}

	/**
	 * Return the signature of an exported function.
	 * @param exportName the export
	 * @return the signature, or empty if there is no such function export
	 */
	public Optional<WasmFunctionType> exportType(String exportName) {
		return this.running.exportType(exportName);
	}

	/**
	 * Call an export with raw WebAssembly values ({@code i32} in the low 32 bits, floats
	 * as IEEE bits). This is the fastest way to call.
	 * @param exportName the export
	 * @param args the arguments
	 * @return the results, empty for none
	 */
	public long[] callRaw(String exportName, long... args) {
		return this.running.callRaw(exportName, args);
	}

	/**
	 * Call an export with Java values: {@code Integer} (or any integral number, or
	 * {@code Boolean}) for {@code i32}, {@code Long} for {@code i64}, {@code Float} for
	 * {@code f32} and {@code Double} for {@code f64}.
	 * @param exportName the export
	 * @param args the arguments
	 * @return {@code null} for no result, the single result boxed, or an {@code Object[]}
	 * for several
	 */
	public @Nullable Object call(String exportName, @Nullable Object... args) {
		return this.running.call(exportName, args);
	}

	/**
	 * Call an export that takes text and returns text. With the standard ABI the guest
	 * exports {@code alloc(i32 size) -> i32}, and the called export has the signature
	 * {@code (i32 ptr, i32 len) -> i64} returning {@code (ptr << 32) | len} of its UTF-8
	 * answer. An Extism plugin's export {@code () -> i32} gets the text as its input and
	 * answers with its output; an error it sets is thrown as {@link WasmPluginException},
	 * which leaves the instance usable.
	 * @param exportName the export
	 * @param input the text
	 * @return the answer
	 * @throws WasmCallException if the answer is not valid UTF-8, naming the offset of
	 * its first invalid byte
	 */
	public String callText(String exportName, String input) {
		return this.running.callText(exportName, input);
	}

	/**
	 * Call an export that takes bytes and returns bytes, through the memory ABI described
	 * at {@link #callText(String, String)}.
	 * @param exportName the export
	 * @param input the bytes
	 * @return the answer
	 */
	public byte[] callBytes(String exportName, byte[] input) {
		return this.running.callBytes(exportName, input);
	}

	/**
	 * Read a global the module exports: {@code Integer} for {@code i32}, {@code Long} for
	 * {@code i64}, {@code Float} for {@code f32} and {@code Double} for {@code f64}. A
	 * mutable global shows the value the instance's calls left in it.
	 * @param exportName the global's export name
	 * @return its current value
	 * @throws WasmCallException if the module exports no global of that name, or one of a
	 * reference type
	 */
	public Object global(String exportName) {
		return this.running.global(exportName);
	}

	/**
	 * Return whether this instance runs an Extism plugin, whose {@link #callText} and
	 * {@link #callBytes} go through Extism's input and output.
	 * @return whether the module is an Extism plugin
	 */
	public boolean isExtismPlugin() {
		return this.running.isExtismPlugin();
	}

	/**
	 * Run a WASI command module's {@code _start} and report its exit code and the output
	 * it captured during this run. A non-zero exit is reported in the result rather than
	 * thrown, but still discards the instance; a trap or timeout is thrown as for any
	 * call.
	 * @return the result
	 */
	public WasmCommandResult runCommand() {
		return this.running.runCommand();
	}

	/**
	 * Return what the guest wrote to standard output so far, if it is captured.
	 * @return the captured output, empty if none or not captured
	 */
	public String capturedStdout() {
		return this.running.capturedStdout();
	}

	/**
	 * Return what the guest wrote to standard error so far, if it is captured.
	 * @return the captured output, empty if none or not captured
	 */
	public String capturedStderr() {
		return this.running.capturedStderr();
	}

	/**
	 * Return the instance's memory.
	 * @return the memory
	 * @throws IllegalStateException if the module has no memory
	 */
	public WasmMemory memory() {
		return this.running.memory();
	}

	/**
	 * Return whether the instance can still be called.
	 * @return whether it is open
	 */
	public boolean isOpen() {
		return this.running.isOpen();
	}

	/**
	 * Close the instance and release its memory and WASI resources. Safe from any thread
	 * and never throws or blocks: if a call is running (on another thread, or on this one
	 * inside a host function), it is not interrupted, and the instance closes when that
	 * call returns. Either way no call starts on the instance after this method returns.
	 * Closing twice is harmless.
	 */
	@Override
	public void close() {
		this.running.close();
	}

	/**
	 * Return the fuel the last call consumed: WebAssembly instructions executed, bulk
	 * memory operations one more unit per 8 bytes and bulk table operations one more per
	 * element. A call is what the application asked for: {@code callText} and
	 * {@code callBytes} count {@code alloc} and the export together, and a call a host
	 * function makes into the instance is part of the call that called the host function.
	 * The same call with the same input consumes the same fuel on every engine, machine
	 * and load.
	 * @return the fuel consumed, more than the budget if the call ran out; -1 if the
	 * module has no fuel budget ({@link WasmModuleDefinition#withFuel(Long)}) or no call
	 * ran yet
	 */
	public long lastCallFuel() {
		return this.running.lastCallFuel();
	}

	/**
	 * Return the fuel all calls of this instance consumed together, its start function
	 * and {@code _initialize} included: what a budget per instance
	 * ({@link WasmModuleDefinition#withInstanceFuel(Long)}) is checked against.
	 * @return the fuel consumed so far, more than the budget per instance if a call ran
	 * out of it; -1 if the module has no fuel budget
	 */
	public long totalFuel() {
		return this.running.totalFuel();
	}

	/**
	 * Return the handle that stops this instance's running call from another thread, as
	 * Extism's cancel handle does (see {@link WasmCancelHandle}). Take it before the call
	 * starts: from then on every call of the instance is armed on the runtime's watchdog,
	 * even without a timeout, so that a cancel reaches it.
	 * @return a handle; every handle of an instance stops that instance's calls
	 */
	public WasmCancelHandle cancelHandle() {
		return this.running.cancelHandle();
	}

	@Override
	public String toString() {
		return "WasmInstance[" + moduleName() + ", " + (isOpen() ? "open" : "closed") + "]";
	}

}
