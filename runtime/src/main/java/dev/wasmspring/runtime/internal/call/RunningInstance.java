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

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmCancelledException;
import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.exception.WasmPluginException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.extism.ExtismHostFunctionException;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmCancelHandle;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmMemory;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact.ExportedFunction;
import dev.wasmspring.runtime.internal.context.CallingInstance;
import dev.wasmspring.runtime.internal.extism.ExtismKernel;
import dev.wasmspring.runtime.internal.failure.Failures;
import dev.wasmspring.runtime.internal.fuel.FuelBudget;
import dev.wasmspring.runtime.internal.host.HostFailure;
import dev.wasmspring.runtime.internal.instance.GuestInstance;
import dev.wasmspring.runtime.internal.instance.InstanceSetup;
import dev.wasmspring.runtime.internal.limits.CallCancellation;
import dev.wasmspring.runtime.internal.limits.CallDeadline;
import dev.wasmspring.runtime.internal.limits.CallWatchdog;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import dev.wasmspring.runtime.internal.memory.LinearMemory;
import dev.wasmspring.runtime.internal.memory.MemoryBounds;
import dev.wasmspring.runtime.internal.module.LoadedModule;
import dev.wasmspring.runtime.internal.snapshot.InstanceSnapshot;
import dev.wasmspring.runtime.internal.snapshot.SnapshotInput;
import dev.wasmspring.runtime.internal.trace.GuestTrace;
import dev.wasmspring.runtime.internal.wasi.ScratchDirectory;
import dev.wasmspring.runtime.internal.wasi.WasiSession;
import dev.wasmspring.runtime.internal.wasi.WasiStreams;
import dev.wasmspring.runtime.statistics.WasmRuntimeObserver;
import dev.wasmspring.runtime.value.WasmValues;
import dev.wasmspring.runtime.wasi.WasiConfig;
import dev.wasmspring.runtime.wasi.WasiInstanceOptions;
import dev.wasmspring.runtime.wasi.WasmCommandResult;
import org.jspecify.annotations.Nullable;

/**
 * One instance of a module, as the machinery runs it: the state, the thread that holds
 * it, its calls under their deadline, cancel handle and fuel budget, and the failures
 * they end with. The public {@link WasmInstance} wraps it and says what each method does;
 * this class never refers back to it.
 */
public final class RunningInstance implements AutoCloseable, CallingInstance {

	private static final VarHandle CALLER;

	static {
		try {
			CALLER = MethodHandles.lookup().findVarHandle(RunningInstance.class, "caller", Thread.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	// releases what an instance dropped without close() still holds; one daemon thread
	// for the whole JVM
	private static final Cleaner CLEANER = Cleaner.create();

	private static final int OPEN = 0;

	private static final int CLOSED = 1;

	private static final int DISCARDED = 2;

	private static final long[] NO_RESULTS = new long[0];

	private final LoadedModule module;

	private final WasmCallContext context;

	// what the cleaner releases; it never refers to the instance
	private final InstanceResources resources;

	private final @Nullable WasiSession wasi;

	private final @Nullable ScratchDirectory scratch;

	private final @Nullable ExtismKernel extism;

	private final GuestInstance guest;

	private final CallDeadline deadline = new CallDeadline();

	private final CallCancellation cancellation = new CallCancellation();

	// whether the failing call was stopped by the cancel handle rather than its deadline
	private boolean cancelledCall;

	// what the instance holds on the heap, reserved from the runtime's memory budget;
	// closed with the instance
	private final MemoryBudget.Account account;

	@SuppressWarnings("unused") // accessed through CALLER
	private volatile @Nullable Thread caller;

	// written only by the thread holding CALLER
	private volatile int state = OPEN;

	// set by close() from any thread; whoever holds or next takes CALLER closes the
	// instance
	private volatile boolean closeRequested;

	private @Nullable String discardReason;

	// the fuel the last call from the application consumed, -1 for none
	private long lastCallFuel = -1;

	// the fuel all calls consumed together (start function and _initialize included)
	private long totalFuel;

	// whether the running call stops at what is left of the budget per instance rather
	// than at the budget per call
	private boolean instanceLimited;

	// whether a call from the application is running on its budget
	private boolean fuelSession;

	// guest calls running on this instance, nested ones (through host functions)
	// included
	private int running;

	// the fuel the session had consumed when the running top-level guest call started,
	// and what that call consumed, -1 for none
	private long invokeFuelStart;

	private long lastInvokeFuel = -1;

	private final Cleaner.Cleanable release;

	/**
	 * Create an instance of a module, observed.
	 * @param module the module
	 * @param attributes the attributes its host functions see, immutable
	 * @return the instance
	 */
	public static RunningInstance create(LoadedModule module, Map<String, Object> attributes) {
		if (module.runtime.observer() == WasmRuntimeObserver.NONE) {
			return new RunningInstance(module, attributes, module.setup, WasiInstanceOptions.none());
		}
		return observed(module,
				() -> new RunningInstance(module, attributes, module.setup, WasiInstanceOptions.none()));
	}

	/**
	 * Create an instance of a module with WASI settings of its own: stdin, arguments,
	 * environment, scratch directory, output; observed.
	 * @param module the module
	 * @param attributes the attributes its host functions see, immutable
	 * @param options the instance's WASI settings
	 * @return the instance
	 */
	public static RunningInstance create(LoadedModule module, Map<String, Object> attributes,
			WasiInstanceOptions options) {
		if (module.runtime.observer() == WasmRuntimeObserver.NONE) {
			return createWith(module, attributes, options);
		}
		return observed(module, () -> createWith(module, attributes, options));
	}

	/**
	 * Create an instance with a setup of its own, such as the run a snapshot is taken
	 * from; not observed.
	 * @param module the module
	 * @param attributes the attributes its host functions see, immutable
	 * @param setup how it starts
	 * @return the instance
	 */
	public static RunningInstance withSetup(LoadedModule module, Map<String, Object> attributes, InstanceSetup setup) {
		return new RunningInstance(module, attributes, setup, WasiInstanceOptions.none());
	}

	private static RunningInstance createWith(LoadedModule module, Map<String, Object> attributes,
			WasiInstanceOptions options) {
		InstanceSetup setup = setupFor(module, options);
		RunningInstance instance = new RunningInstance(module, attributes, setup, options);
		String initializer = module.snapshotInitializer;
		if (setup != module.setup && initializer != null) {
			// what the snapshot run did after _initialize, this instance does itself
			try {
				instance.callRaw(initializer);
			}
			catch (RuntimeException ex) {
				instance.close();
				throw ex;
			}
		}
		return instance;
	}

	/**
	 * The module's setup, unless it is a snapshot whose initialisation read an input this
	 * instance is given its own of: the snapshot's memory holds what it read of the
	 * module's (an environment variable, an argument), so such an instance starts without
	 * it and initialises itself, and sees only its own.
	 */
	private static InstanceSetup setupFor(LoadedModule module, WasiInstanceOptions options) {
		if (options.isNone() || !(module.setup instanceof InstanceSnapshot snapshot)) {
			return module.setup;
		}
		Set<SnapshotInput> read = snapshot.inputsRead();
		boolean ownInputRead = (options.environment() != null && read.contains(SnapshotInput.ENVIRONMENT))
				|| (options.arguments() != null && read.contains(SnapshotInput.ARGUMENTS))
				|| (options.scratchDirectory() != null && read.contains(SnapshotInput.DIRECTORIES))
				|| (options.hasStdin() && read.contains(SnapshotInput.STDIN));
		return ownInputRead ? InstanceSetup.NONE : module.setup;
	}

	private static RunningInstance observed(LoadedModule module, Supplier<RunningInstance> creation) {
		WasmRuntimeObserver.Scope scope = module.runtime.observer().instantiationStarted(module.name());
		RunningInstance instance;
		try {
			instance = creation.get();
		}
		catch (RuntimeException | Error ex) {
			scope.end(ex);
			throw ex;
		}
		scope.end(null);
		return instance;
	}

	private RunningInstance(LoadedModule module, Map<String, Object> attributes, InstanceSetup setup,
			WasiInstanceOptions options) {
		this.module = module;
		MemoryBudget.Account account;
		try {
			account = module.runtime.memoryBudget().open();
		}
		catch (RuntimeException | Error ex) {
			throw instantiationFailed(module, ex);
		}
		this.account = account;
		// every step below allocates, so the heap may run out at any of them: what was
		// set up is released and the failure is reported as the instance's, never raw
		ScratchDirectory scratch = null;
		WasiSession wasi = null;
		boolean linking = false;
		try {
			scratch = (module.imports.usesWasi() && options.scratchDirectory() != null)
					? ScratchDirectory.create(module.name()) : null;
			wasi = (module.imports.usesWasi()) ? openWasi(module, options, scratch) : null;
			InstanceResources resources = new InstanceResources(module, wasi, scratch, account);
			this.context = module.runtime.api().newContext(module.name(), attributes, this);
			ExtismKernel extism = module.imports.isExtism()
					? new ExtismKernel(module.name(), module.extismSettings, module.logger) : null;
			if (extism != null) {
				module.runtime.api().attachExtism(this.context, extism);
			}
			linking = true;
			GuestInstance guest = new GuestInstance(module.artifact, module.imports, module.memoryBounds, this.context,
					this.deadline, module.maxTableElements, wasi, setup, extism, account,
					module.hasStartFunction ? module.fuel : null);
			module.runtime.api().attach(this.context, module.runtime.settingNames());
			if (extism != null) {
				extism.accountTo(account, () -> {
					LinearMemory memory = guest.memory();
					return (memory != null) ? (long) memory.pages() * WasmMemory.PAGE_SIZE : 0;
				});
				// and the memory's growth counts the call's blocks, as Extism's memory
				// limiter does
				guest.shareMemoryLimitWith(extism::blockBytes);
			}
			this.release = CLEANER.register(this, resources);
			this.scratch = scratch;
			this.wasi = wasi;
			this.resources = resources;
			this.extism = extism;
			this.guest = guest;
		}
		catch (RuntimeException | Error ex) {
			// what the instance reserved is returned before anything else is allocated
			account.close();
			try {
				if (wasi != null) {
					wasi.close();
				}
			}
			finally {
				if (scratch != null) {
					scratch.close();
				}
			}
			if (!linking && !Failures.isResourceExhaustion(ex)) {
				// a scratch directory or WASI setting that cannot be had says so itself
				throw ex;
			}
			throw instantiationFailed(module, ex);
		}
		module.runtime.instanceCreated(module);
		try {
			startAndInitialize();
		}
		catch (RuntimeException | Error ex) {
			// an instance that never started, for example on an interrupted thread, is
			// nobody's to close
			this.state = CLOSED;
			this.release.clean();
			throw ex;
		}
	}

	private static WasmException instantiationFailed(LoadedModule module, Throwable failure) {
		try {
			if (Failures.isBudgetExhaustion(failure)) {
				return new WasmTrapException(module.name(), "<instantiate>", WasmTrapException.Kind.RESOURCE_EXHAUSTED,
						"the runtime's memory budget of " + module.runtime.memoryBudget().capacity() + " bytes ("
								+ module.runtime.settingNames().memoryBudget() + "), shared by every instance, could "
								+ "not hold a new instance (" + module.artifact.instanceOverhead() + " bytes before "
								+ "its memory). Retry later, or raise the budget",
						null);
			}
			return Failures.translate(module.name(), "<instantiate>", failure, false, 0);
		}
		catch (Throwable ex) {
			return module.outOfMemory;
		}
	}

	private static WasiSession openWasi(LoadedModule module, WasiInstanceOptions options,
			@Nullable ScratchDirectory scratch) {
		WasiConfig config = module.definition.wasi();
		if (options.isNone()) {
			return new WasiSession(module.name(), module.logger, config, module.runtime.wasiOpenFiles());
		}
		if (options.arguments() != null) {
			config = config.withArguments(options.arguments());
		}
		if (options.environment() != null) {
			config = config.withEnvironment(options.environment());
		}
		if (scratch != null) {
			config = config.withDirectory(options.scratchDirectory(), scratch.path(), false);
		}
		return new WasiSession(module.name(), module.logger, config,
				new WasiStreams(options.openStdin(), options.stdout(), options.stderr(), options.mergedOutput()),
				module.runtime.wasiOpenFiles());
	}

	/**
	 * Return the engine's instance, for capturing its state.
	 * @return the engine's instance
	 */
	public GuestInstance guest() {
		return this.guest;
	}

	/**
	 * Return the instance's WASI session.
	 * @return the session, or {@code null} if the module uses no WASI
	 */
	public @Nullable WasiSession wasi() {
		return this.wasi;
	}

	/**
	 * As {@link WasmInstance#moduleName()}.
	 * @return the module name
	 */
	public String moduleName() {
		return this.module.name();
	}

	/**
	 * As {@link WasmInstance#instanceId()}.
	 * @return the instance id
	 */
	public long instanceId() {
		return this.context.instanceId();
	}

	/**
	 * As {@link WasmInstance#attributes()}.
	 * @return the attributes, immutable
	 */
	public Map<String, Object> attributes() {
		return this.context.attributes();
	}

	/**
	 * As {@link WasmInstance#moduleDigest()}.
	 * @return the digest
	 */
	public String moduleDigest() {
		return this.module.artifact.digest();
	}

	/**
	 * As {@link WasmInstance#exports()}.
	 * @return the exports, by name
	 */
	public Map<String, WasmFunctionType> exports() {
		return this.module.artifact.exports()
			.values()
			.stream()
			.collect(Collectors.toUnmodifiableMap(ExportedFunction::name, ExportedFunction::type));
	}

	/**
	 * As {@link WasmInstance#exportType(String)}.
	 * @param exportName the export
	 * @return the signature, or empty if there is no such function export
	 */
	public Optional<WasmFunctionType> exportType(String exportName) {
		return Optional.ofNullable(this.module.artifact.export(exportName)).map(ExportedFunction::type);
	}

	/**
	 * As {@link WasmInstance#callRaw(String, long[])}.
	 * @param exportName the export
	 * @param args the arguments
	 * @return the results, empty for none
	 */
	public long[] callRaw(String exportName, long... args) {
		ExportedFunction export = export(exportName);
		if (args == null) {
			throw nullInput(exportName, "arguments", "an empty array");
		}
		if (args.length != export.paramCount()) {
			throw WasmCallException.illegalArgument(moduleName(), exportName,
					"Export '" + exportName + "' of WASM module '" + moduleName() + "' takes " + export.paramCount()
							+ " arguments " + export.type() + ", but " + args.length + " were given.");
		}
		return invoke(export, args);
	}

	/**
	 * As {@link WasmInstance#call(String, Object[])}.
	 * @param exportName the export
	 * @param args the arguments
	 * @return the result, as WasmInstance's
	 */
	public @Nullable Object call(String exportName, @Nullable Object... args) {
		ExportedFunction export = export(exportName);
		if (args == null) {
			throw nullInput(exportName, "arguments", "no arguments");
		}
		long[] results = invoke(export, arguments(export, args));
		return WasmValues.results(export.type(), results);
	}

	private long[] arguments(ExportedFunction export, @Nullable Object[] args) {
		List<WasmValueType> params = export.type().params();
		String where = "xport '" + export.name() + "' of WASM module '" + moduleName() + "'";
		if (args.length != params.size()) {
			throw WasmCallException.illegalArgument(moduleName(), export.name(), "E" + where + " takes " + params.size()
					+ " arguments " + export.type() + ", but " + args.length + " were given.");
		}
		for (int i = 0; i < args.length; i++) {
			if (!WasmValues.accepts(params.get(i), args[i])) {
				throw WasmCallException.illegalArgument(moduleName(), export.name(),
						"Argument " + i + " of e" + where + " is " + WasmValues.refusal(params.get(i), args[i]));
			}
		}
		return WasmValues.toRaw(export.type(), args);
	}

	/**
	 * As {@link WasmInstance#callText(String, String)}.
	 * @param exportName the export
	 * @param input the text
	 * @return the answer
	 * @throws WasmCallException if the answer is not valid UTF-8
	 */
	public String callText(String exportName, String input) {
		if (input == null) {
			throw nullInput(exportName, "text", "\"\"");
		}
		return (String) answer(exportName, input.getBytes(StandardCharsets.UTF_8), true);
	}

	/**
	 * As {@link WasmInstance#callBytes(String, byte[])}.
	 * @param exportName the export
	 * @param input the bytes
	 * @return the answer
	 */
	public byte[] callBytes(String exportName, byte[] input) {
		return (byte[]) answer(exportName, input, false);
	}

	/**
	 * Calls an export through the memory ABI; its answer as bytes or, if {@code text},
	 * decoded to a string.
	 */
	private Object answer(String exportName, byte[] input, boolean text) {
		ExportedFunction export = export(exportName);
		if (input == null) {
			throw nullInput(exportName, "bytes", "an empty array");
		}
		ExtismKernel extism = this.extism;
		if (extism != null) {
			// held from the input to copying the output, like the standard ABI's calls
			boolean outermost = acquire(exportName);
			boolean budgeted = beginFuel();
			try {
				return GuestAbi.callExtism(this, extism, export, input, text);
			}
			finally {
				if (budgeted) {
					endFuel();
				}
				if (outermost) {
					release();
				}
			}
		}
		ExportedFunction alloc = GuestAbi.allocatorFor(this, export);
		// held from alloc to reading the answer, so that no other thread can use the
		// instance in between; alloc and the export are one call on one budget
		boolean outermost = acquire(exportName);
		boolean budgeted = beginFuel();
		try {
			return GuestAbi.passBytes(this, export, alloc, input, text);
		}
		finally {
			if (budgeted) {
				endFuel();
			}
			if (outermost) {
				release();
			}
		}
	}

	private long maxMemoryBytes() {
		MemoryBounds bounds = this.module.memoryBounds;
		return (bounds != null) ? (long) bounds.maxPages() * WasmMemory.PAGE_SIZE : 0;
	}

	/**
	 * Discards the instance after a failure outside the guest (the guest itself ran to
	 * its end).
	 */
	void discard(String exportName, WasmException failure) {
		if (this.state == OPEN && CALLER.get(this) == Thread.currentThread()) {
			this.state = DISCARDED;
			this.discardReason = failure.getClass().getSimpleName() + " in '" + exportName + "'";
			end();
		}
	}

	/**
	 * As {@link WasmInstance#global(String)}.
	 * @param exportName the global's export name
	 * @return its current value
	 * @throws WasmCallException if the module exports no such global
	 */
	public Object global(String exportName) {
		if (!isOpen()) {
			throw unusable(exportName);
		}
		GuestInstance.GlobalValue global = this.guest.global(exportName);
		if (global == null) {
			throw WasmCallException.illegalArgument(moduleName(), exportName,
					"WASM module '" + moduleName() + "' exports no global '" + exportName + "'.");
		}
		Object value = WasmValues.fromRaw(global.type(), global.raw());
		if (value == null) {
			throw WasmCallException.illegalArgument(moduleName(), exportName,
					"Global '" + exportName + "' of WASM module '" + moduleName() + "' has type " + global.type()
							+ ", which has no Java value here; only i32, i64, f32 and f64 globals can be read.");
		}
		return value;
	}

	/**
	 * As {@link WasmInstance#isExtismPlugin()}.
	 * @return whether the module is an Extism plugin
	 */
	public boolean isExtismPlugin() {
		return this.extism != null;
	}

	/**
	 * As {@link WasmInstance#runCommand()}.
	 * @return the result
	 */
	public WasmCommandResult runCommand() {
		ExportedFunction start = export("_start");
		WasiSession wasi = this.wasi;
		long stdoutFrom = (wasi != null) ? wasi.stdoutPosition() : 0;
		long stderrFrom = (wasi != null) ? wasi.stderrPosition() : 0;
		long mergedFrom = (wasi != null) ? wasi.mergedPosition() : 0;
		int exitCode = 0;
		try {
			invoke(start, NO_RESULTS);
		}
		catch (WasmCallException ex) {
			if (ex.getReason() != WasmCallException.Reason.EXITED) {
				throw ex;
			}
			exitCode = ex.getExitCode();
		}
		if (wasi == null) {
			return new WasmCommandResult(exitCode, new byte[0], new byte[0], new byte[0], "", "");
		}
		wasi.flush();
		return new WasmCommandResult(exitCode, wasi.capturedStdoutBytes(stdoutFrom),
				wasi.capturedStderrBytes(stderrFrom), wasi.mergedBytes(mergedFrom), wasi.capturedStdout(stdoutFrom),
				wasi.capturedStderr(stderrFrom));
	}

	/**
	 * As {@link WasmInstance#capturedStdout()}.
	 * @return the captured output, empty if none or not captured
	 */
	public String capturedStdout() {
		return (this.wasi != null) ? this.wasi.capturedStdout() : "";
	}

	/**
	 * As {@link WasmInstance#capturedStderr()}.
	 * @return the captured output, empty if none or not captured
	 */
	public String capturedStderr() {
		return (this.wasi != null) ? this.wasi.capturedStderr() : "";
	}

	/**
	 * As {@link WasmInstance#memory()}.
	 * @return the memory
	 * @throws IllegalStateException if the module has no memory
	 */
	public WasmMemory memory() {
		return this.context.memory();
	}

	/**
	 * As {@link WasmInstance#isOpen()}.
	 * @return whether it is open
	 */
	public boolean isOpen() {
		return this.state == OPEN && !this.closeRequested;
	}

	/**
	 * As {@link WasmInstance#close()}.
	 */
	@Override
	public void close() {
		this.closeRequested = true;
		Thread previous = (Thread) CALLER.compareAndExchange(this, null, Thread.currentThread());
		if (previous == null) {
			closeHeld();
		}
		// otherwise the running call sees the request when it releases the instance
	}

	/** Closes the instance while this thread holds it, then lets go of it. */
	private void closeHeld() {
		try {
			if (this.state == OPEN) {
				this.state = CLOSED;
				end();
			}
		}
		finally {
			CALLER.setRelease(this, null);
		}
	}

	/**
	 * Releases everything the instance holds: its memory, tables and Extism blocks become
	 * unreachable from the instance even if the caller keeps a reference to it, and its
	 * reservations return to the budget.
	 */
	private void end() {
		try {
			this.guest.release();
			this.module.runtime.api().detach(this.context);
			ExtismKernel extism = this.extism;
			if (extism != null) {
				extism.release();
			}
		}
		finally {
			// returns the instance's reservations to the budget, closes its WASI session;
			// runs once
			this.release.clean();
		}
	}

	/**
	 * Reserve guest memory through the module's allocator, under the same guard, timeout
	 * and discarding as a call. Used by {@link WasmCallContext#allocate(int)}.
	 */
	@Override
	public int allocate(int size) {
		return (int) invoke(GuestAbi.allocator(this), new long[] { size })[0];
	}

	private WasmCallException nullInput(String exportName, String what, String instead) {
		return WasmCallException.illegalArgument(moduleName(), exportName,
				"Export '" + exportName + "' of WASM module '" + moduleName() + "' was called with null " + what
						+ "; pass " + instead + " instead.");
	}

	private ExportedFunction export(String exportName) {
		if (exportName == null) {
			throw WasmCallException.illegalArgument(moduleName(), null, "A call to WASM module '" + moduleName()
					+ "' named no export (null). Its exports are " + this.module.artifact.exports().keySet() + ".");
		}
		ExportedFunction export = this.module.artifact.export(exportName);
		if (export == null) {
			throw WasmCallException.illegalArgument(moduleName(), exportName,
					"WASM module '" + moduleName() + "' has no exported function '" + exportName + "'. Its exports are "
							+ this.module.artifact.exports().keySet() + ".");
		}
		return export;
	}

	long[] invoke(ExportedFunction export, long[] args) {
		WasmRuntimeObserver observer = this.module.runtime.observer();
		if (observer == WasmRuntimeObserver.NONE) {
			return guarded(export.name(), export, args);
		}
		WasmRuntimeObserver.Scope scope = observer.callStarted(moduleName(), export.name());
		// a call a host function makes back into the instance is part of the guest call
		// that called the host function, whose fuel it is
		boolean metered = this.module.fuel != null && this.running == 0;
		this.lastInvokeFuel = -1;
		long[] results;
		try {
			results = guarded(export.name(), export, args);
		}
		catch (RuntimeException | Error ex) {
			if (metered && this.lastInvokeFuel >= 0) {
				scope.fuelConsumed(this.lastInvokeFuel);
			}
			scope.end(ex);
			throw ex;
		}
		if (metered && this.lastInvokeFuel >= 0) {
			scope.fuelConsumed(this.lastInvokeFuel);
		}
		scope.end(null);
		return results;
	}

	/**
	 * Runs the data, element and table initialisers and the start function, then a
	 * reactor's _initialize. Guest code runs under the same guard and timeout as a call;
	 * without a start function the initialisers only copy the module's own data, bounded
	 * work on an instance no other thread can see yet, so they skip both.
	 */
	private void startAndInitialize() {
		if (this.module.hasStartFunction) {
			guarded("<start>", null, NO_RESULTS);
		}
		else {
			try {
				this.guest.initialize();
			}
			catch (RuntimeException | Error ex) {
				failed("<start>", ex, false);
			}
		}
		ExportedFunction initialize = this.module.initialize;
		if (initialize != null && !this.guest.startsInitialized()) {
			invoke(initialize, NO_RESULTS);
		}
	}

	/**
	 * Runs an export, or the initialisers and start function when {@code export} is
	 * {@code null}.
	 */
	private long[] guarded(String exportName, @Nullable ExportedFunction export, long[] args) {
		boolean outermost = acquire(exportName);
		// the start function too runs on a budget of its own, like a call
		boolean budgeted = beginFuel();
		FuelBudget fuel = this.module.fuel;
		boolean top = fuel != null && this.fuelSession && this.running == 0;
		try {
			if (top) {
				this.invokeFuelStart = this.guest.fuelConsumed(fuel);
			}
			this.running++;
			try {
				return timed(exportName, export, args);
			}
			finally {
				this.running--;
			}
		}
		finally {
			if (top && this.state == OPEN) {
				this.lastInvokeFuel = this.guest.fuelConsumed(fuel) - this.invokeFuelStart;
			}
			if (budgeted) {
				endFuel();
			}
			if (outermost) {
				release();
			}
		}
	}

	/**
	 * Starts a call from the application on the module's fuel budget, unless the module
	 * has none or such a call is running already (this one is part of it).
	 * @return whether this call started the budget and must {@link #endFuel() end} it
	 */
	private boolean beginFuel() {
		FuelBudget fuel = this.module.fuel;
		if (fuel == null || this.fuelSession || this.state != OPEN) {
			return false;
		}
		this.fuelSession = true;
		this.lastCallFuel = -1;
		long start = fuel.startingWith(this.totalFuel);
		this.instanceLimited = start < fuel.budget();
		this.guest.startFuel(fuel, start);
		return true;
	}

	private void endFuel() {
		recordFuel();
		if (this.lastCallFuel > 0) {
			this.totalFuel += this.lastCallFuel;
		}
		this.fuelSession = false;
	}

	/** Reads what the running call consumed, while the instance still holds it. */
	private void recordFuel() {
		FuelBudget fuel = this.module.fuel;
		if (fuel != null && this.fuelSession && this.state == OPEN) {
			long consumed = this.guest.fuelConsumed(fuel);
			this.lastCallFuel = consumed;
			if (this.running == 1) {
				this.lastInvokeFuel = consumed - this.invokeFuelStart;
			}
		}
	}

	/**
	 * As {@link WasmInstance#lastCallFuel()}.
	 * @return the fuel consumed, -1 for none
	 */
	public long lastCallFuel() {
		return this.lastCallFuel;
	}

	/**
	 * As {@link WasmInstance#totalFuel()}.
	 * @return the fuel consumed so far, -1 for no budget
	 */
	public long totalFuel() {
		return (this.module.fuel != null) ? this.totalFuel : -1;
	}

	/**
	 * Takes the instance for the calling thread, or finds it already held by this
	 * thread's running call.
	 * @return whether this is the outermost call, which must {@link #release()} the
	 * instance
	 */
	private boolean acquire(String exportName) {
		Thread current = Thread.currentThread();
		Thread previous = (Thread) CALLER.compareAndExchange(this, null, current);
		if (previous != null && previous != current) {
			throw busy(exportName, previous);
		}
		boolean outermost = previous == null;
		// a close() requested during a call lets that call finish, nested calls included
		if (this.state != OPEN || (outermost && this.closeRequested)) {
			if (outermost) {
				release();
			}
			throw unusable(exportName);
		}
		if (outermost && current.isInterrupted()) {
			release();
			throw WasmCallException.interrupted(moduleName(), exportName);
		}
		return outermost;
	}

	/**
	 * Lets go of the instance after the outermost call, closing it if {@link #close()}
	 * came meanwhile.
	 */
	private void release() {
		// a volatile store, so that reading the request below cannot move before it:
		// close() sets the request,
		// then tries to take the instance, and one of the two threads is sure to see the
		// other
		CALLER.setVolatile(this, null);
		if (this.closeRequested && this.state == OPEN && CALLER.compareAndSet(this, null, Thread.currentThread())) {
			closeHeld();
		}
	}

	/**
	 * As {@link WasmInstance#cancelHandle()}.
	 * @return a handle; every handle of an instance stops that instance's calls
	 */
	public WasmCancelHandle cancelHandle() {
		this.cancellation.want();
		return this.module.runtime.api().cancelHandle(this.cancellation, this.module.runtime.watchdog(), moduleName());
	}

	private long[] timed(String exportName, @Nullable ExportedFunction export, long[] args) {
		long timeoutNanos = this.module.timeoutNanos;
		// the instance's outermost call is the one a cancel handle stops, with the calls
		// it makes
		boolean cancellable = this.running == 1 && this.cancellation.wanted();
		if (timeoutNanos <= 0 && !cancellable) {
			this.deadline.timing(null);
			try {
				return run(export, args);
			}
			catch (Throwable ex) {
				return failed(exportName, ex, false);
			}
		}
		CallWatchdog watchdog = this.module.runtime.watchdog();
		CallWatchdog.Slot slot = watchdog.arm((timeoutNanos > 0) ? timeoutNanos : CallWatchdog.NO_TIMEOUT_NANOS);
		this.deadline.timing(slot);
		if (cancellable) {
			this.cancellation.begin(slot);
		}
		long[] results;
		try {
			results = run(export, args);
		}
		catch (Throwable ex) {
			return failed(exportName, ex, stop(watchdog, slot, cancellable));
		}
		if (stop(watchdog, slot, cancellable)) {
			// past the deadline (or cancelled) the call fails, even if the guest got to
			// its end meanwhile
			return failed(exportName, CallWatchdog.DeadlinePassed.INSTANCE, true);
		}
		return results;
	}

	/** Disarms the call; returns whether it was stopped, noting whether by a cancel. */
	private boolean stop(CallWatchdog watchdog, CallWatchdog.Slot slot, boolean cancellable) {
		if (cancellable) {
			this.cancellation.end();
		}
		boolean fired = watchdog.disarm(slot);
		this.cancelledCall = fired && slot.lastCancelled();
		return fired;
	}

	private long[] run(@Nullable ExportedFunction export, long[] args) {
		if (export == null) {
			this.guest.initialize();
			return NO_RESULTS;
		}
		return this.guest.invoke(export, args);
	}

	private long[] failed(String exportName, Throwable failure, boolean timedOut) {
		FuelBudget fuel = this.module.fuel;
		// before the instance goes with the failure
		recordFuel();
		if (fuel != null && this.fuelSession && this.state == OPEN && !timedOut && this.guest.fuelExhausted(fuel)) {
			return report(exportName, new FuelExhausted(fuel), false);
		}
		boolean exhausted = Failures.isResourceExhaustion(failure);
		if (exhausted && this.state == OPEN) {
			// release the heap the guest holds before anything else is allocated, the
			// exception included
			this.state = DISCARDED;
			this.discardReason = EXHAUSTED_REASON;
			try {
				end();
			}
			catch (Throwable ex) {
				// what could be released was; the failure is reported all the same
			}
		}
		try {
			return report(exportName, failure, timedOut);
		}
		catch (WasmException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			// reporting the failure found no memory: the instance goes, and the prepared
			// exception says why
			if (this.state == OPEN) {
				this.state = DISCARDED;
				this.discardReason = EXHAUSTED_REASON;
				try {
					end();
				}
				catch (Throwable released) {
					// what could be released was
				}
			}
			throw this.module.outOfMemory;
		}
	}

	private static final String EXHAUSTED_REASON = "the memory it could hold ran out (RESOURCE_EXHAUSTED)";

	private long[] report(String exportName, Throwable failure, boolean timedOut) {
		if (!timedOut && Failures.isCleanExit(failure)) {
			// exit(0) from a WASI guest ends the call normally
			return NO_RESULTS;
		}
		WasmException translated;
		if (!timedOut && Failures.isBudgetExhaustion(failure)) {
			translated = new WasmTrapException(moduleName(), exportName, WasmTrapException.Kind.RESOURCE_EXHAUSTED,
					"the runtime's memory budget of " + this.module.runtime.memoryBudget().capacity() + " bytes ("
							+ this.module.runtime.settingNames().memoryBudget() + "), shared by every instance, "
							+ "could not hold what the guest asked for; the instance was discarded and its memory "
							+ "released. Retry later, lower "
							+ this.module.runtime.settingNames().maxMemory(moduleName()) + ", or raise the budget",
					null);
		}
		else if (failure instanceof FuelExhausted fuel && this.instanceLimited) {
			translated = new WasmTrapException(moduleName(), exportName, WasmTrapException.Kind.FUEL_EXHAUSTED,
					"the instance used up its fuel budget of " + fuel.budget.instanceBudget()
							+ " units across its calls (" + fuel.budget.instanceSetting() + ") after "
							+ (this.totalFuel + this.lastCallFuel) + " units of work, " + this.lastCallFuel
							+ " of them in this call; the instance was "
							+ "discarded and a new one starts with the whole budget",
					null);
		}
		else if (failure instanceof FuelExhausted fuel) {
			translated = new WasmTrapException(moduleName(), exportName, WasmTrapException.Kind.FUEL_EXHAUSTED,
					"the call used up its fuel budget of " + fuel.budget.budget() + " units (" + fuel.budget.setting()
							+ ") after " + this.lastCallFuel + " units of work; raise the budget if the work is "
							+ "legitimate, or find the loop that does not end",
					null);
		}
		else if (!timedOut && this.extism != null && failure instanceof HostFailure host
				&& (host.getCause() instanceof ExtismHostFunctionException || this.extism.error() != null)) {
			// a host function failed the plugin with an Extism error, as Extism's SDKs
			// let
			// it: the caller gets the message as the plugin's; an error set before (with
			// set_error) wins, as in Extism's hosts
			String error = this.extism.error();
			translated = new WasmPluginException(moduleName(), exportName,
					(error != null) ? error : host.getCause().getMessage(), 0, host.getCause());
		}
		else {
			translated = (failure instanceof HostFailure host && !timedOut)
					? WasmCallException.hostFunctionFailed(moduleName(), exportName, host.importName, host.getCause())
					: (timedOut && this.cancelledCall) ? new WasmCancelledException(moduleName(), exportName)
							: Failures.translate(moduleName(), exportName, failure, timedOut, this.module.timeoutNanos,
									this.module.runtime.settingNames().timeout(moduleName()));
			GuestTrace.attach(translated, failure, moduleName(), this.module.artifact.symbols(),
					this.module.definition.guestFrames(), this.guest.machine(), this.module.imports.linkedModules());
		}
		if (translated instanceof WasmTrapException trap && trap.getKind() != WasmTrapException.Kind.RESOURCE_EXHAUSTED
				&& this.state == OPEN) {
			int refused = this.guest.refusedGrows();
			if (refused > 0) {
				// a guest whose allocation failed often ends in unreachable (Rust's
				// abort): say what refused it
				Integer extismPages = this.module.definition.extism().maxPages();
				String limit = (extismPages != null)
						? "its Extism budget of " + extismPages + " pages of growth ("
								+ this.module.runtime.settingNames().extismMaxPages(moduleName()) + ", Extism's "
								+ "memory.max_pages), a memory limit of " + maxMemoryBytes() + " bytes,"
						: "its memory limit of " + maxMemoryBytes() + " bytes ("
								+ this.module.runtime.settingNames().maxMemory(moduleName()) + ")";
				translated = this.module.runtime.api()
					.withNote(trap,
							" The guest's memory.grow was refused " + refused + " time(s) in this " + "instance: "
									+ limit + " or the runtime's memory "
									+ "budget was reached; raise the limit if the plugin needs more memory.");
			}
		}
		// arguments are checked before the guest runs: whatever ends a running call
		// leaves it half-done
		if (this.state == OPEN) {
			this.state = DISCARDED;
			this.discardReason = translated.getClass().getSimpleName() + " in '" + exportName + "'";
			end();
		}
		throw translated;
	}

	/** What a call that ran out of fuel is reported from: the engine's trap says less. */
	private static final class FuelExhausted extends RuntimeException {

		private final transient FuelBudget budget;

		FuelExhausted(FuelBudget budget) {
			super(null, null, false, false);
			this.budget = budget;
		}

	}

	private WasmCallException busy(String exportName, Thread owner) {
		return WasmCallException.unusable(moduleName(), exportName,
				"An instance of WASM module '" + moduleName() + "' is running a call on thread '" + owner.getName()
						+ "' and cannot be used from thread '" + Thread.currentThread().getName()
						+ "' at the same time. Instances are confined to one thread: acquire one instance per thread "
						+ "or per request.");
	}

	WasmCallException unusable(String exportName) {
		String why = (this.state == DISCARDED) ? "was discarded after " + this.discardReason : "was closed";
		return WasmCallException.unusable(moduleName(), exportName, "This instance of WASM module '" + moduleName()
				+ "' " + why + " and cannot be called again. Acquire a new instance.");
	}

	@Override
	public String toString() {
		return "RunningInstance[" + moduleName() + ", " + (isOpen() ? "open" : "closed") + "]";
	}

	LoadedModule module() {
		return this.module;
	}

	MemoryBudget.Account account() {
		return this.account;
	}

	@Override
	public @Nullable LinearMemory linearMemory() {
		GuestInstance guest = this.guest;
		return (guest != null) ? guest.memory() : null;
	}

	@Override
	public <T> T value(Object key, Supplier<T> create, Consumer<? super T> release) {
		return this.resources.value(key, create, release);
	}

}
