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

package dev.wasmspring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.extism.WasmAbi;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmGuestFrames;
import dev.wasmspring.runtime.wasi.WasiConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for WebAssembly plugins. Bound once at startup and read when
 * the runtime and its modules are created; changing them afterwards has no effect.
 */
@ConfigurationProperties("wasm")
public class WasmProperties {

	/**
	 * Engine that runs guest code: 'compiler' translates each module to JVM bytecode once
	 * at startup, 'interpreter' interprets it.
	 */
	private WasmEngine engine = WasmEngine.COMPILER;

	/**
	 * Default limit on how long one call into a guest may run; a module's own timeout
	 * overrides it. A call that runs longer is stopped and fails with
	 * WasmTimeoutException. 0 means no limit.
	 */
	private Duration timeout = WasmRuntime.DEFAULT_TIMEOUT;

	/**
	 * Default limit on the size a guest's memory may grow to, per instance; a module's
	 * own max-memory overrides it. memory.grow beyond it returns -1. Never lowers a
	 * module below its declared initial memory.
	 */
	private DataSize maxMemory = DataSize.ofBytes(WasmRuntime.DEFAULT_MAX_MEMORY_BYTES);

	/**
	 * Default limit on how many table elements (function references) one instance may
	 * hold across its tables; a module's own max-table-elements overrides it. A module
	 * whose tables declare more fails to load, and table.grow beyond it returns -1.
	 */
	private long maxTableElements = WasmRuntime.DEFAULT_MAX_TABLE_ELEMENTS;

	/**
	 * Largest module that may be loaded; a larger one fails to load before it is parsed.
	 */
	private DataSize maxModuleSize = DataSize.ofBytes(WasmRuntime.DEFAULT_MAX_MODULE_SIZE);

	/**
	 * Longest that loading a module waits for its compilation; loading fails after it. 0
	 * means no limit.
	 */
	private Duration compileTimeout = WasmRuntime.DEFAULT_COMPILE_TIMEOUT;

	/**
	 * Heap that every instance of every module together may make the application hold:
	 * memory pages they write, tables, globals, Extism blocks and variables, answers
	 * being copied. Each byte is reserved before it is allocated; what does not fit fails
	 * that one call with RESOURCE_EXHAUSTED (HTTP 503). Unset means half of the JVM's
	 * maximum heap.
	 */
	private @Nullable DataSize memoryBudget;

	/**
	 * Default limit on the answer callText, callBytes and plugin interfaces copy out of a
	 * guest, checked from its length before anything is copied; a module's own
	 * max-answer-size overrides it.
	 */
	private DataSize maxAnswerSize = DataSize.ofBytes(WasmRuntime.DEFAULT_MAX_ANSWER_BYTES);

	/**
	 * Default fuel budget per call: a deterministic limit on the work one call may do,
	 * one unit per WebAssembly instruction executed (memory.copy, memory.fill and
	 * memory.init one more per 8 bytes, table.copy, table.fill and table.init one more
	 * per element). A call that runs out fails with FUEL_EXHAUSTED (HTTP 503) at the same
	 * point on every machine and under any load. Unset or 0 meters nothing; a module's
	 * own fuel overrides it.
	 */
	private @Nullable Long fuel;

	/**
	 * Most modules that compile at once; a compilation whose caller's compile-timeout
	 * passed before it started never starts. Unset means the number of processors.
	 */
	private @Nullable Integer maxConcurrentCompilations;

	/**
	 * Most files the WASI guests of all modules may hold open at once; an open beyond it
	 * answers the guest ENFILE. Unset: half of the process's open-file limit (ulimit -n),
	 * or 1024 where it is unknown.
	 */
	private @Nullable Integer wasiMaxOpenFiles;

	/**
	 * Most modules held loaded (compiled code ready for instances) at once; loading one
	 * more unloads the least recently used, which is loaded again on its next use, from
	 * wasm.cache-dir without compiling when it is set. Instances already created keep
	 * their module until they close. 0 means no limit.
	 */
	private int maxLoadedModules;

	/**
	 * Limit on how long reading one http(s) module location may take, at startup, in a
	 * reload poll and in an actuator reload: connecting, the headers and every byte of
	 * the body.
	 */
	private Duration locationTimeout = Duration.ofSeconds(30);

	/**
	 * Whether compiled modules are shared with the other application contexts of this
	 * JVM, so that the same bytes are compiled once (useful for test suites that keep
	 * several contexts).
	 */
	private boolean sharedCache = true;

	/**
	 * Directory in which compiled modules are kept, so that a restarted application loads
	 * them instead of compiling again. Unset keeps compiled modules in memory only. Keep
	 * it private to the application: code found there is run.
	 */
	private @Nullable Path cacheDir;

	/**
	 * Modules to load at startup, by name.
	 */
	private Map<String, Module> modules = new LinkedHashMap<>();

	/**
	 * Plugin failures in web applications.
	 */
	private final Web web = new Web();

	/**
	 * Reloading modules whose source changed while the application runs.
	 */
	private final Reload reload = new Reload();

	/**
	 * The "wasm" health contributor.
	 */
	private final Health health = new Health();

	public WasmEngine getEngine() {
		return this.engine;
	}

	public void setEngine(WasmEngine engine) {
		this.engine = engine;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public DataSize getMaxMemory() {
		return this.maxMemory;
	}

	public void setMaxMemory(DataSize maxMemory) {
		this.maxMemory = maxMemory;
	}

	public @Nullable DataSize getMemoryBudget() {
		return this.memoryBudget;
	}

	public void setMemoryBudget(@Nullable DataSize memoryBudget) {
		this.memoryBudget = memoryBudget;
	}

	public DataSize getMaxAnswerSize() {
		return this.maxAnswerSize;
	}

	public void setMaxAnswerSize(DataSize maxAnswerSize) {
		this.maxAnswerSize = maxAnswerSize;
	}

	public @Nullable Long getFuel() {
		return this.fuel;
	}

	public void setFuel(@Nullable Long fuel) {
		this.fuel = fuel;
	}

	public int getMaxLoadedModules() {
		return this.maxLoadedModules;
	}

	public void setMaxLoadedModules(int maxLoadedModules) {
		this.maxLoadedModules = maxLoadedModules;
	}

	public @Nullable Integer getMaxConcurrentCompilations() {
		return this.maxConcurrentCompilations;
	}

	public void setMaxConcurrentCompilations(@Nullable Integer maxConcurrentCompilations) {
		this.maxConcurrentCompilations = maxConcurrentCompilations;
	}

	public long getMaxTableElements() {
		return this.maxTableElements;
	}

	public void setMaxTableElements(long maxTableElements) {
		this.maxTableElements = maxTableElements;
	}

	public DataSize getMaxModuleSize() {
		return this.maxModuleSize;
	}

	public void setMaxModuleSize(DataSize maxModuleSize) {
		this.maxModuleSize = maxModuleSize;
	}

	public Duration getCompileTimeout() {
		return this.compileTimeout;
	}

	public void setCompileTimeout(Duration compileTimeout) {
		this.compileTimeout = compileTimeout;
	}

	public @Nullable Integer getWasiMaxOpenFiles() {
		return this.wasiMaxOpenFiles;
	}

	public void setWasiMaxOpenFiles(@Nullable Integer wasiMaxOpenFiles) {
		this.wasiMaxOpenFiles = wasiMaxOpenFiles;
	}

	public Duration getLocationTimeout() {
		return this.locationTimeout;
	}

	public void setLocationTimeout(Duration locationTimeout) {
		this.locationTimeout = locationTimeout;
	}

	public boolean isSharedCache() {
		return this.sharedCache;
	}

	public void setSharedCache(boolean sharedCache) {
		this.sharedCache = sharedCache;
	}

	public @Nullable Path getCacheDir() {
		return this.cacheDir;
	}

	public void setCacheDir(@Nullable Path cacheDir) {
		this.cacheDir = cacheDir;
	}

	public Map<String, Module> getModules() {
		return this.modules;
	}

	public void setModules(Map<String, Module> modules) {
		this.modules = modules;
	}

	public Web getWeb() {
		return this.web;
	}

	public Reload getReload() {
		return this.reload;
	}

	public Health getHealth() {
		return this.health;
	}

	/**
	 * Plugin failures in web applications.
	 */
	public static class Web {

		/**
		 * Answering plugin failures that no application handler takes.
		 */
		private final Errors errors = new Errors();

		public Errors getErrors() {
			return this.errors;
		}

	}

	/**
	 * Answering plugin failures over HTTP.
	 */
	public static class Errors {

		/**
		 * Whether plugin failures get their own HTTP status (timeout 503, trap 502, bad
		 * argument 400, else 500).
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Reloading modules whose source changed.
	 */
	public static class Reload {

		/**
		 * Whether to watch file: locations and poll http(s) locations, reloading modules
		 * whose bytes changed.
		 */
		private boolean enabled;

		/**
		 * Time a changed file must stay unchanged before it is reloaded.
		 */
		private Duration debounce = Duration.ofMillis(500);

		/**
		 * Interval between conditional requests to http(s) locations.
		 */
		private Duration pollInterval = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getDebounce() {
			return this.debounce;
		}

		public void setDebounce(Duration debounce) {
			this.debounce = debounce;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

	}

	/**
	 * The "wasm" health contributor.
	 */
	public static class Health {

		/**
		 * Status of a module whose last reload failed and that still serves its previous
		 * version.
		 */
		private String reloadFailureStatus = "UP";

		public String getReloadFailureStatus() {
			return this.reloadFailureStatus;
		}

		public void setReloadFailureStatus(String reloadFailureStatus) {
			this.reloadFailureStatus = reloadFailureStatus;
		}

	}

	/**
	 * One module.
	 */
	public static class Module {

		/**
		 * Location of the module's .wasm file, as any Spring resource location
		 * (classpath:, file:, https:).
		 */
		private @Nullable String location;

		/**
		 * SHA-256 digest (hex) the module's bytes must have; loading fails if they do
		 * not.
		 */
		private @Nullable String sha256;

		/**
		 * Headers sent with every request for an http(s) location, for example
		 * Authorization: the way to give credentials without writing them in the URL.
		 */
		private Map<String, String> headers = new LinkedHashMap<>();

		/**
		 * Limit on how long one call into this module may run. Defaults to wasm.timeout;
		 * 0 means no limit.
		 */
		private @Nullable Duration timeout;

		/**
		 * Limit on the size this module's memory may grow to, per instance (whole 64 KiB
		 * pages). Defaults to wasm.max-memory; loading fails if it is below the module's
		 * initial memory.
		 */
		private @Nullable DataSize maxMemory;

		/**
		 * Limit on how many table elements one instance of this module may hold across
		 * its tables. Defaults to wasm.max-table-elements; loading fails if the module's
		 * tables declare more.
		 */
		private @Nullable Long maxTableElements;

		/**
		 * Limit on the answer this module's exports may hand back (callText, callBytes,
		 * plugin interfaces), checked from its length before anything is copied. Defaults
		 * to wasm.max-answer-size.
		 */
		private @Nullable DataSize maxAnswerSize;

		/**
		 * Fuel budget per call into this module, in units of fuel (one per WebAssembly
		 * instruction executed). Defaults to wasm.fuel; 0 meters nothing.
		 */
		private @Nullable Long fuel;

		/**
		 * Fuel budget per instance of this module across all its calls (start function
		 * and _initialize included): the call that takes the running total past it fails
		 * with FUEL_EXHAUSTED and the instance is discarded. Unset or 0: none. Meters the
		 * module even without a budget per call.
		 */
		private @Nullable Long instanceFuel;

		/**
		 * Host import modules (for example 'env') this module may link. Unset allows all.
		 */
		private @Nullable Set<String> allowedImports;

		/**
		 * Whether instances start from a snapshot taken after initialisation: 'none',
		 * 'after-initialize' (after _initialize), or the name of an initialisation export
		 * run after _initialize.
		 */
		private String snapshot = "none";

		/**
		 * How text and bytes reach the module: 'auto' makes a module that imports
		 * Extism's kernel an Extism plugin, 'extism' forces it, 'standard' is the
		 * starter's own (ptr, len) ABI.
		 */
		private WasmAbi abi = WasmAbi.AUTO;

		/**
		 * Whether the module is loaded when it is first used (an instance, a plugin call)
		 * instead of at startup: startup neither reads nor compiles it, and a module that
		 * fails to load fails that use, not the startup.
		 */
		private boolean lazy;

		/**
		 * How much of the guest's call stack the module's traps, host-function failures
		 * and timeouts show in their Java stack trace: 'lines' (function names and, from
		 * DWARF, source lines), 'names' (function names only) or 'none' (the engine's own
		 * frames).
		 */
		private WasmGuestFrames guestFrames = WasmGuestFrames.LINES;

		/**
		 * What the module gets from its host if it is an Extism plugin.
		 */
		private final Extism extism = new Extism();

		/**
		 * WASI sandbox of the module.
		 */
		private final Wasi wasi = new Wasi();

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

		public boolean isLazy() {
			return this.lazy;
		}

		public void setLazy(boolean lazy) {
			this.lazy = lazy;
		}

		public String getSnapshot() {
			return this.snapshot;
		}

		public void setSnapshot(String snapshot) {
			this.snapshot = snapshot;
		}

		public @Nullable String getLocation() {
			return this.location;
		}

		public void setLocation(@Nullable String location) {
			this.location = location;
		}

		public @Nullable String getSha256() {
			return this.sha256;
		}

		public void setSha256(@Nullable String sha256) {
			this.sha256 = sha256;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

		public @Nullable DataSize getMaxMemory() {
			return this.maxMemory;
		}

		public void setMaxMemory(@Nullable DataSize maxMemory) {
			this.maxMemory = maxMemory;
		}

		public @Nullable Long getMaxTableElements() {
			return this.maxTableElements;
		}

		public @Nullable DataSize getMaxAnswerSize() {
			return this.maxAnswerSize;
		}

		public void setMaxAnswerSize(@Nullable DataSize maxAnswerSize) {
			this.maxAnswerSize = maxAnswerSize;
		}

		public void setMaxTableElements(@Nullable Long maxTableElements) {
			this.maxTableElements = maxTableElements;
		}

		public @Nullable Long getFuel() {
			return this.fuel;
		}

		public void setFuel(@Nullable Long fuel) {
			this.fuel = fuel;
		}

		public @Nullable Long getInstanceFuel() {
			return this.instanceFuel;
		}

		public void setInstanceFuel(@Nullable Long instanceFuel) {
			this.instanceFuel = instanceFuel;
		}

		public @Nullable Set<String> getAllowedImports() {
			return this.allowedImports;
		}

		public void setAllowedImports(@Nullable Set<String> allowedImports) {
			this.allowedImports = allowedImports;
		}

		public WasmAbi getAbi() {
			return this.abi;
		}

		public void setAbi(WasmAbi abi) {
			this.abi = abi;
		}

		public WasmGuestFrames getGuestFrames() {
			return this.guestFrames;
		}

		public void setGuestFrames(WasmGuestFrames guestFrames) {
			this.guestFrames = guestFrames;
		}

		public Extism getExtism() {
			return this.extism;
		}

		public Wasi getWasi() {
			return this.wasi;
		}

	}

	/**
	 * What an Extism plugin gets from its host.
	 */
	public static class Extism {

		/**
		 * Config the plugin reads with Extism's config_get, as keys and values.
		 */
		private Map<String, String> config = new LinkedHashMap<>();

		/**
		 * Hosts the plugin may send HTTP requests to, as names or patterns with '*' (for
		 * example '*.example.com'). None by default.
		 */
		private List<String> allowedHosts = new ArrayList<>();

		/**
		 * Limit on the memory all vars of one instance may hold together (Extism's
		 * memory.max_var_bytes). 1MB, Extism's default, unless set here or by the
		 * plugin's Extism manifest; set both, the smaller applies.
		 */
		private @Nullable DataSize maxVarSize;

		/**
		 * Limit on the size of an HTTP response body the plugin may receive (Extism's
		 * memory.max_http_response_bytes). 16MB unless set here or by the plugin's Extism
		 * manifest; set both, the smaller applies.
		 */
		private @Nullable DataSize maxHttpResponseSize;

		/**
		 * Whether HTTP requests may reach loopback, private, link-local (cloud metadata
		 * included) and other non-public addresses; the addresses an allowed host
		 * resolves to are checked, and refused unless set.
		 */
		private boolean allowPrivateAddresses;

		/**
		 * Whether the plugin sees the headers of its HTTP responses through http_headers
		 * (Extism's http_response_headers); by default it sees none.
		 */
		private boolean httpResponseHeaders;

		/**
		 * Pages of 64 KiB the plugin may add after it is instantiated, shared by its
		 * linear memory's growth and one call's memory blocks (Extism's
		 * memory.max_pages). No budget of its own by default; max-memory applies either
		 * way.
		 */
		private @Nullable Integer maxPages;

		public boolean isHttpResponseHeaders() {
			return this.httpResponseHeaders;
		}

		public void setHttpResponseHeaders(boolean httpResponseHeaders) {
			this.httpResponseHeaders = httpResponseHeaders;
		}

		public @Nullable Integer getMaxPages() {
			return this.maxPages;
		}

		public void setMaxPages(@Nullable Integer maxPages) {
			this.maxPages = maxPages;
		}

		public Map<String, String> getConfig() {
			return this.config;
		}

		public void setConfig(Map<String, String> config) {
			this.config = config;
		}

		public List<String> getAllowedHosts() {
			return this.allowedHosts;
		}

		public void setAllowedHosts(List<String> allowedHosts) {
			this.allowedHosts = allowedHosts;
		}

		public @Nullable DataSize getMaxVarSize() {
			return this.maxVarSize;
		}

		public void setMaxVarSize(@Nullable DataSize maxVarSize) {
			this.maxVarSize = maxVarSize;
		}

		public boolean isAllowPrivateAddresses() {
			return this.allowPrivateAddresses;
		}

		public void setAllowPrivateAddresses(boolean allowPrivateAddresses) {
			this.allowPrivateAddresses = allowPrivateAddresses;
		}

		public @Nullable DataSize getMaxHttpResponseSize() {
			return this.maxHttpResponseSize;
		}

		public void setMaxHttpResponseSize(@Nullable DataSize maxHttpResponseSize) {
			this.maxHttpResponseSize = maxHttpResponseSize;
		}

	}

	/**
	 * WASI preview 1 sandbox of one module.
	 */
	public static class Wasi {

		/**
		 * Whether the module may link WASI (wasi_snapshot_preview1).
		 */
		private boolean enabled;

		/**
		 * Arguments the guest sees as argv, program name first.
		 */
		private List<String> args = new ArrayList<>();

		/**
		 * Environment variables the guest sees, its whole environment: nothing is
		 * inherited from the host.
		 */
		private Map<String, String> env = new LinkedHashMap<>();

		/**
		 * Where the guest's standard output goes: 'log' (logger wasm.&lt;module&gt;,
		 * INFO, one event per line), 'discard', or 'capture' (kept per instance, returned
		 * by runCommand).
		 */
		private WasiConfig.Output stdout = WasiConfig.Output.LOG;

		/**
		 * Where the guest's standard error goes: 'log' (logger wasm.&lt;module&gt;, WARN,
		 * one event per line), 'discard', or 'capture' (kept per instance, returned by
		 * runCommand).
		 */
		private WasiConfig.Output stderr = WasiConfig.Output.LOG;

		/**
		 * Host directories the guest sees, by guest path (for example '/data'). The guest
		 * cannot leave them, not even through symbolic links, and cannot change a
		 * read-only one.
		 */
		private Map<String, Directory> dirs = new LinkedHashMap<>();

		/**
		 * How much of each captured or logged stream (stdout or stderr set to 'capture'
		 * or 'log') an instance keeps; the rest is dropped and noted at the end of the
		 * captured text or in one log line.
		 */
		private DataSize captureLimit = DataSize.ofBytes(WasiConfig.DEFAULT_CAPTURE_LIMIT);

		/**
		 * How many files and directories the guest may hold open at once; opening one
		 * more fails with EMFILE.
		 */
		private int maxOpenFiles = WasiConfig.DEFAULT_MAX_OPEN_FILES;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getArgs() {
			return this.args;
		}

		public void setArgs(List<String> args) {
			this.args = args;
		}

		public Map<String, String> getEnv() {
			return this.env;
		}

		public void setEnv(Map<String, String> env) {
			this.env = env;
		}

		public WasiConfig.Output getStdout() {
			return this.stdout;
		}

		public void setStdout(WasiConfig.Output stdout) {
			this.stdout = stdout;
		}

		public WasiConfig.Output getStderr() {
			return this.stderr;
		}

		public void setStderr(WasiConfig.Output stderr) {
			this.stderr = stderr;
		}

		public Map<String, Directory> getDirs() {
			return this.dirs;
		}

		public void setDirs(Map<String, Directory> dirs) {
			this.dirs = dirs;
		}

		public DataSize getCaptureLimit() {
			return this.captureLimit;
		}

		public void setCaptureLimit(DataSize captureLimit) {
			this.captureLimit = captureLimit;
		}

		public int getMaxOpenFiles() {
			return this.maxOpenFiles;
		}

		public void setMaxOpenFiles(int maxOpenFiles) {
			this.maxOpenFiles = maxOpenFiles;
		}

	}

	/**
	 * A host directory visible to a guest.
	 */
	public static class Directory {

		/**
		 * Directory on the host. It must exist when the module is loaded.
		 */
		private @Nullable Path path;

		/**
		 * Whether the guest may only read the directory. A read-only directory must not
		 * lie inside a writable one of the same module.
		 */
		private boolean readOnly;

		public @Nullable Path getPath() {
			return this.path;
		}

		public void setPath(@Nullable Path path) {
			this.path = path;
		}

		public boolean isReadOnly() {
			return this.readOnly;
		}

		public void setReadOnly(boolean readOnly) {
			this.readOnly = readOnly;
		}

	}

}
