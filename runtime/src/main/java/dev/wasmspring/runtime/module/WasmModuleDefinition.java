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

package dev.wasmspring.runtime.module;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.extism.ExtismConfig;
import dev.wasmspring.runtime.extism.WasmAbi;
import dev.wasmspring.runtime.source.ModuleSource;
import dev.wasmspring.runtime.wasi.WasiConfig;
import org.jspecify.annotations.Nullable;

/**
 * Everything the runtime needs to load a module under a name: where its bytes come from
 * and the limits and sandbox its instances run in. Immutable; the {@code with} methods
 * return modified copies.
 */
public final class WasmModuleDefinition {

	private final String name;

	private final ModuleSource source;

	private final @Nullable String sha256;

	private final @Nullable Duration timeout;

	private final @Nullable Long maxMemoryBytes;

	private final WasiConfig wasi;

	private final @Nullable Set<String> allowedImportModules;

	private final @Nullable Long maxTableElements;

	private final WasmSnapshot snapshot;

	private final WasmAbi abi;

	private final ExtismConfig extism;

	private final @Nullable Long maxAnswerBytes;

	private final @Nullable Long fuel;

	private final @Nullable Long instanceFuel;

	private final WasmGuestFrames guestFrames;

	private WasmModuleDefinition(String name, ModuleSource source, @Nullable String sha256, @Nullable Duration timeout,
			@Nullable Long maxMemoryBytes, WasiConfig wasi, @Nullable Set<String> allowedImportModules,
			@Nullable Long maxTableElements) {
		this(name, source, sha256, timeout, maxMemoryBytes, wasi, allowedImportModules, maxTableElements,
				WasmSnapshot.NONE, WasmAbi.AUTO, ExtismConfig.defaults(), null, WasmGuestFrames.LINES, null, null);
	}

	private WasmModuleDefinition(String name, ModuleSource source, @Nullable String sha256, @Nullable Duration timeout,
			@Nullable Long maxMemoryBytes, WasiConfig wasi, @Nullable Set<String> allowedImportModules,
			@Nullable Long maxTableElements, WasmSnapshot snapshot, WasmAbi abi, ExtismConfig extism,
			@Nullable Long maxAnswerBytes, WasmGuestFrames guestFrames, @Nullable Long fuel,
			@Nullable Long instanceFuel) {
		if (name.isBlank()) {
			throw new IllegalArgumentException("A module name must not be blank");
		}
		this.name = name;
		this.source = Objects.requireNonNull(source, "source");
		this.sha256 = (sha256 != null) ? sha256.toLowerCase(Locale.ROOT) : null;
		this.timeout = timeout;
		this.maxMemoryBytes = maxMemoryBytes;
		this.wasi = Objects.requireNonNull(wasi, "wasi");
		this.allowedImportModules = (allowedImportModules != null) ? Set.copyOf(allowedImportModules) : null;
		if (maxTableElements != null && maxTableElements < 0) {
			throw new IllegalArgumentException("A table-element limit must not be negative: " + maxTableElements);
		}
		this.maxTableElements = maxTableElements;
		this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
		this.abi = Objects.requireNonNull(abi, "abi");
		this.extism = Objects.requireNonNull(extism, "extism");
		if (maxAnswerBytes != null && maxAnswerBytes < 0) {
			throw new IllegalArgumentException("An answer-size limit must not be negative: " + maxAnswerBytes);
		}
		this.maxAnswerBytes = maxAnswerBytes;
		if (fuel != null && fuel < 0) {
			throw new IllegalArgumentException("A fuel budget must not be negative: " + fuel);
		}
		this.fuel = fuel;
		if (instanceFuel != null && instanceFuel < 0) {
			throw new IllegalArgumentException("A fuel budget per instance must not be negative: " + instanceFuel);
		}
		this.instanceFuel = (instanceFuel != null && instanceFuel > 0) ? instanceFuel : null;
		this.guestFrames = Objects.requireNonNull(guestFrames, "guestFrames");
	}

	/**
	 * Give each call into the module a budget of fuel: a deterministic limit on the work
	 * it does, one unit per WebAssembly instruction executed (bulk memory operations one
	 * more per 8 bytes, bulk table operations one more per element). A call that runs out
	 * fails with a {@link WasmTrapException} of kind
	 * {@link WasmTrapException.Kind#FUEL_EXHAUSTED}, whatever the machine's load; the
	 * fuel each call consumed is {@link WasmInstance#lastCallFuel() readable} afterwards.
	 * The module's code is rewritten to count before it is compiled. {@code null} uses
	 * the runtime's default ({@link WasmRuntime.Builder#withDefaultFuel(Long)}); 0 turns
	 * fuel off for this module.
	 * @param fuel the budget per call, in units of fuel
	 * @return a modified copy
	 */
	public WasmModuleDefinition withFuel(@Nullable Long fuel) {
		return new WasmModuleDefinition(this.name, this.source, this.sha256, this.timeout, this.maxMemoryBytes,
				this.wasi, this.allowedImportModules, this.maxTableElements, this.snapshot, this.abi, this.extism,
				this.maxAnswerBytes, this.guestFrames, fuel, this.instanceFuel);
	}

	/**
	 * Return the fuel budget per call, or {@code null} for the runtime's default.
	 * @return the budget, 0 for none
	 */
	public @Nullable Long fuel() {
		return this.fuel;
	}

	/**
	 * Give each instance of the module a budget of fuel across all its calls: a running
	 * total that fails the call that takes it past the budget, with a
	 * {@link WasmTrapException} of kind {@link WasmTrapException.Kind#FUEL_EXHAUSTED}
	 * (and the instance is discarded, like after any trap). The total so far is
	 * {@link WasmInstance#totalFuel() readable} on the instance. Works with the budget
	 * per call ({@link #withFuel(Long)}): a call stops at whichever runs out first;
	 * without one, the module is metered all the same. The start function and
	 * {@code _initialize} count. {@code null} or 0: no budget per instance.
	 * @param instanceFuel the budget per instance, in units of fuel
	 * @return a modified copy
	 */
	public WasmModuleDefinition withInstanceFuel(@Nullable Long instanceFuel) {
		return new WasmModuleDefinition(this.name, this.source, this.sha256, this.timeout, this.maxMemoryBytes,
				this.wasi, this.allowedImportModules, this.maxTableElements, this.snapshot, this.abi, this.extism,
				this.maxAnswerBytes, this.guestFrames, this.fuel, instanceFuel);
	}

	/**
	 * Return the fuel budget per instance across its calls.
	 * @return the budget, or {@code null} for none
	 */
	public @Nullable Long instanceFuel() {
		return this.instanceFuel;
	}

	/**
	 * Limit the size of an answer {@link WasmInstance#callText} or
	 * {@link WasmInstance#callBytes} copies out of the guest, checked from the answer's
	 * length before anything is copied. {@code null} uses the runtime's default
	 * ({@link WasmRuntime#DEFAULT_MAX_ANSWER_BYTES}).
	 * @param maxAnswerBytes the limit in bytes
	 * @return a modified copy
	 */
	public WasmModuleDefinition withMaxAnswerSize(@Nullable Long maxAnswerBytes) {
		return new WasmModuleDefinition(this.name, this.source, this.sha256, this.timeout, this.maxMemoryBytes,
				this.wasi, this.allowedImportModules, this.maxTableElements, this.snapshot, this.abi, this.extism,
				maxAnswerBytes, this.guestFrames, this.fuel, this.instanceFuel);
	}

	/**
	 * Return the answer-size limit, or {@code null} for the runtime's default.
	 * @return the limit in bytes
	 */
	public @Nullable Long maxAnswerBytes() {
		return this.maxAnswerBytes;
	}

	/**
	 * Create a definition with the runtime's default limits, WASI disabled and every host
	 * import module allowed.
	 * @param name the module name
	 * @param source where the bytes come from
	 * @return the definition
	 */
	public static WasmModuleDefinition of(String name, ModuleSource source) {
		return new WasmModuleDefinition(name, source, null, null, null, WasiConfig.disabled(), null, null);
	}

	/**
	 * Take the module's bytes from another source, keeping every other setting.
	 * @param source where the bytes come from
	 * @return a modified copy
	 */
	public WasmModuleDefinition withSource(ModuleSource source) {
		return new WasmModuleDefinition(this.name, source, this.sha256, this.timeout, this.maxMemoryBytes, this.wasi,
				this.allowedImportModules, this.maxTableElements, this.snapshot, this.abi, this.extism,
				this.maxAnswerBytes, this.guestFrames, this.fuel, this.instanceFuel);
	}

	/**
	 * Pin the module's SHA-256 digest (hex); loading fails if the bytes do not match.
	 * @param sha256 the digest, or {@code null} for none
	 * @return a modified copy
	 */
	public WasmModuleDefinition withSha256(@Nullable String sha256) {
		return new WasmModuleDefinition(this.name, this.source, sha256, this.timeout, this.maxMemoryBytes, this.wasi,
				this.allowedImportModules, this.maxTableElements, this.snapshot, this.abi, this.extism,
				this.maxAnswerBytes, this.guestFrames, this.fuel, this.instanceFuel);
	}

	/**
	 * Limit how long one call may run. {@code null} uses the runtime's default;
	 * {@link Duration#ZERO} means no limit.
	 * @param timeout the timeout
	 * @return a modified copy
	 */
	public WasmModuleDefinition withTimeout(@Nullable Duration timeout) {
		return new WasmModuleDefinition(this.name, this.source, this.sha256, timeout, this.maxMemoryBytes, this.wasi,
				this.allowedImportModules, this.maxTableElements, this.snapshot, this.abi, this.extism,
				this.maxAnswerBytes, this.guestFrames, this.fuel, this.instanceFuel);
	}

	/**
	 * Limit the size the instance's memory may grow to, in bytes (rounded down to 64 KiB
	 * pages). {@code null} uses the runtime's default.
	 * @param maxMemoryBytes the limit
	 * @return a modified copy
	 */
	public WasmModuleDefinition withMaxMemory(@Nullable Long maxMemoryBytes) {
		return new WasmModuleDefinition(this.name, this.source, this.sha256, this.timeout, maxMemoryBytes, this.wasi,
				this.allowedImportModules, this.maxTableElements, this.snapshot, this.abi, this.extism,
				this.maxAnswerBytes, this.guestFrames, this.fuel, this.instanceFuel);
	}

	/**
	 * Configure the WASI sandbox.
	 * @param wasi the sandbox
	 * @return a modified copy
	 */
	public WasmModuleDefinition withWasi(WasiConfig wasi) {
		return new WasmModuleDefinition(this.name, this.source, this.sha256, this.timeout, this.maxMemoryBytes, wasi,
				this.allowedImportModules, this.maxTableElements, this.snapshot, this.abi, this.extism,
				this.maxAnswerBytes, this.guestFrames, this.fuel, this.instanceFuel);
	}

	/**
	 * Restrict the host import modules (for example {@code env}) the module may link;
	 * {@code null} allows all. WASI is governed by {@link #withWasi(WasiConfig)} alone.
	 * @param allowedImportModules the allowed import modules
	 * @return a modified copy
	 */
	public WasmModuleDefinition withAllowedImportModules(@Nullable Set<String> allowedImportModules) {
		return new WasmModuleDefinition(this.name, this.source, this.sha256, this.timeout, this.maxMemoryBytes,
				this.wasi, allowedImportModules, this.maxTableElements, this.snapshot, this.abi, this.extism,
				this.maxAnswerBytes, this.guestFrames, this.fuel, this.instanceFuel);
	}

	/**
	 * Choose how text and bytes reach the module; by default the module's imports decide.
	 * @param abi the ABI
	 * @return a modified copy
	 */
	public WasmModuleDefinition withAbi(WasmAbi abi) {
		return new WasmModuleDefinition(this.name, this.source, this.sha256, this.timeout, this.maxMemoryBytes,
				this.wasi, this.allowedImportModules, this.maxTableElements, this.snapshot, abi, this.extism,
				this.maxAnswerBytes, this.guestFrames, this.fuel, this.instanceFuel);
	}

	/**
	 * Configure what the module gets from its host if it is an Extism plugin.
	 * @param extism the config, allowed hosts and limits
	 * @return a modified copy
	 */
	public WasmModuleDefinition withExtism(ExtismConfig extism) {
		return new WasmModuleDefinition(this.name, this.source, this.sha256, this.timeout, this.maxMemoryBytes,
				this.wasi, this.allowedImportModules, this.maxTableElements, this.snapshot, this.abi, extism,
				this.maxAnswerBytes, this.guestFrames, this.fuel, this.instanceFuel);
	}

	public WasmAbi abi() {
		return this.abi;
	}

	public ExtismConfig extism() {
		return this.extism;
	}

	/**
	 * Return a copy that starts instances from a snapshot taken after initialisation, or
	 * not.
	 * @param snapshot the snapshot setting
	 * @return the modified copy
	 */
	public WasmModuleDefinition withSnapshot(WasmSnapshot snapshot) {
		return new WasmModuleDefinition(this.name, this.source, this.sha256, this.timeout, this.maxMemoryBytes,
				this.wasi, this.allowedImportModules, this.maxTableElements, snapshot, this.abi, this.extism,
				this.maxAnswerBytes, this.guestFrames, this.fuel, this.instanceFuel);
	}

	/**
	 * Return whether instances start from a snapshot taken after initialisation.
	 * @return the snapshot setting, {@link WasmSnapshot#NONE} unless set
	 */
	public WasmSnapshot snapshot() {
		return this.snapshot;
	}

	/**
	 * Limit how many table elements (function references) one instance may hold across
	 * its tables: a module whose tables declare more fails to load, and
	 * {@code table.grow} past the limit returns -1 to the guest.
	 * @param maxTableElements the limit, or {@code null} for the runtime's default
	 * @return a modified copy
	 */
	public WasmModuleDefinition withMaxTableElements(@Nullable Long maxTableElements) {
		return new WasmModuleDefinition(this.name, this.source, this.sha256, this.timeout, this.maxMemoryBytes,
				this.wasi, this.allowedImportModules, maxTableElements, this.snapshot, this.abi, this.extism,
				this.maxAnswerBytes, this.guestFrames, this.fuel, this.instanceFuel);
	}

	public String name() {
		return this.name;
	}

	public ModuleSource source() {
		return this.source;
	}

	public @Nullable String sha256() {
		return this.sha256;
	}

	public @Nullable Duration timeout() {
		return this.timeout;
	}

	public @Nullable Long maxMemoryBytes() {
		return this.maxMemoryBytes;
	}

	public WasiConfig wasi() {
		return this.wasi;
	}

	public @Nullable Set<String> allowedImportModules() {
		return this.allowedImportModules;
	}

	public @Nullable Long maxTableElements() {
		return this.maxTableElements;
	}

	/**
	 * Return a copy that shows the given guest frames in the stack traces of its
	 * failures.
	 * @param guestFrames how much of the guest's call stack a trap, a host function's
	 * failure or a timeout shows; {@link WasmGuestFrames#LINES} by default
	 * @return the copy
	 */
	public WasmModuleDefinition withGuestFrames(WasmGuestFrames guestFrames) {
		return new WasmModuleDefinition(this.name, this.source, this.sha256, this.timeout, this.maxMemoryBytes,
				this.wasi, this.allowedImportModules, this.maxTableElements, this.snapshot, this.abi, this.extism,
				this.maxAnswerBytes, guestFrames, this.fuel, this.instanceFuel);
	}

	/**
	 * Return how much of the guest's call stack the module's failures show.
	 * @return the setting
	 */
	public WasmGuestFrames guestFrames() {
		return this.guestFrames;
	}

	@Override
	public String toString() {
		return "WasmModuleDefinition[" + this.name + " at " + this.source.location() + "]";
	}

}
