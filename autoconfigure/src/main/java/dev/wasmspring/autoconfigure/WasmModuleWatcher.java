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

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.wasmspring.runtime.source.ModuleDownload;
import dev.wasmspring.runtime.source.ModuleSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.ResourceUtils;

/**
 * Reloads modules whose source changed, when {@code wasm.reload.enabled} is set:
 * {@code file:} locations (and the files an Extism manifest there names relative to it)
 * are watched and reloaded once a change has settled for {@code wasm.reload.debounce};
 * {@code http:} and {@code https:} locations are polled every
 * {@code wasm.reload.poll-interval} with conditional requests ({@code If-None-Match},
 * {@code If-Modified-Since}), so an unchanged plugin costs a 304. Every reload goes
 * through {@link WasmModuleLoader}: digest compared, new bytes compiled before the swap,
 * a failure keeps the previous version and is reported in its status.
 * <p>
 * Each module's polls and reloads run independently: a poll reads with a deadline on
 * every read ({@code wasm.location-timeout}) and stops at {@code wasm.max-module-size},
 * on a thread of a pool with one thread per reloadable module, so one slow or hostile
 * plugin server delays no other module's reload.
 * <p>
 * Runs on daemon threads of its own while the application context runs; stopping the
 * context (a devtools restart included) stops them. Thread-safe.
 */
final class WasmModuleWatcher implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(WasmModuleWatcher.class);

	private final WasmModuleLoader loader;

	private final WasmProperties properties;

	private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();

	private final Map<String, Validators> validators = new ConcurrentHashMap<>();

	private @Nullable ScheduledExecutorService scheduler;

	private @Nullable WatchService watchService;

	private @Nullable Thread watchThread;

	private volatile boolean running;

	WasmModuleWatcher(WasmModuleLoader loader, WasmProperties properties) {
		this.loader = loader;
		this.properties = properties;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		Map<Path, List<String>> watchedFiles = new HashMap<>();
		List<String> polled = new ArrayList<>();
		this.properties.getModules().forEach((name, module) -> {
			String location = WasmModuleDefinitions.location(name, module);
			if (location.startsWith(ResourceUtils.FILE_URL_PREFIX)) {
				try {
					Path file = ResourceUtils.getFile(location).toPath().toAbsolutePath();
					watchedFiles.computeIfAbsent(file, (key) -> new ArrayList<>()).add(name);
					// an Extism manifest's modules are watched as the manifest is
					for (Path linked : this.loader.linkedFiles(name)) {
						watchedFiles.computeIfAbsent(linked, (key) -> new ArrayList<>()).add(name);
					}
				}
				catch (IOException ex) {
					logger.warn("Cannot watch WASM module '" + name + "' at " + location + ": " + ex.getMessage());
				}
			}
			else if (WasmModuleDefinitions.isHttp(location)) {
				polled.add(name);
			}
		});
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(
				watchedFiles.values().stream().mapToInt(List::size).sum() + polled.size() + 1, (task) -> {
					Thread thread = new Thread(task, "wasm-module-reload");
					thread.setDaemon(true);
					return thread;
				});
		scheduler.setKeepAliveTime(60, TimeUnit.SECONDS);
		scheduler.allowCoreThreadTimeOut(true);
		scheduler.setRemoveOnCancelPolicy(true);
		this.scheduler = scheduler;
		if (!watchedFiles.isEmpty()) {
			watch(watchedFiles);
		}
		if (!polled.isEmpty()) {
			long interval = this.properties.getReload().getPollInterval().toMillis();
			for (String name : polled) {
				scheduler.scheduleWithFixedDelay(() -> poll(name), interval, interval, TimeUnit.MILLISECONDS);
			}
		}
		this.running = true;
		logger.info("Reloading WASM modules when their source changes: " + watchedFiles.values() + " watched, " + polled
				+ " polled every " + this.properties.getReload().getPollInterval().toMillis() + " ms, each "
				+ "reading for at most " + this.properties.getLocationTimeout().toMillis() + " ms");
	}

	private void watch(Map<Path, List<String>> files) {
		try {
			WatchService service = FileSystems.getDefault().newWatchService();
			Map<Path, Map<Path, List<String>>> byDirectory = new HashMap<>();
			files.forEach((file, names) -> byDirectory.computeIfAbsent(file.getParent(), (key) -> new HashMap<>())
				.put(file.getFileName(), names));
			for (Path directory : byDirectory.keySet()) {
				directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
			}
			this.watchService = service;
			Thread thread = new Thread(() -> watchLoop(service, byDirectory), "wasm-module-watch");
			thread.setDaemon(true);
			thread.start();
			this.watchThread = thread;
		}
		catch (IOException ex) {
			logger.warn("Cannot watch WASM module files " + files.keySet() + " for changes: " + ex.getMessage());
		}
	}

	private void watchLoop(WatchService service, Map<Path, Map<Path, List<String>>> byDirectory) {
		try {
			while (true) {
				WatchKey key = service.take();
				Path directory = (Path) key.watchable();
				Map<Path, List<String>> files = byDirectory.getOrDefault(directory, Map.of());
				for (WatchEvent<?> event : key.pollEvents()) {
					if (event.context() instanceof Path changed) {
						files.getOrDefault(changed, List.of()).forEach(this::scheduleReload);
					}
				}
				key.reset();
			}
		}
		catch (InterruptedException | ClosedWatchServiceException ex) {
			// stopped
		}
	}

	/**
	 * A change restarts the module's debounce delay, so a file being written is read
	 * once, complete.
	 */
	private void scheduleReload(String name) {
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler == null || scheduler.isShutdown()) {
			return;
		}
		long debounce = this.properties.getReload().getDebounce().toMillis();
		this.pending.compute(name, (key, previous) -> {
			if (previous != null) {
				previous.cancel(false);
			}
			return scheduler.schedule(() -> reload(name), debounce, TimeUnit.MILLISECONDS);
		});
	}

	private void reload(String name) {
		try {
			if (this.loader.linkedFiles(name).isEmpty()) {
				this.loader.reload(name);
			}
			else {
				// the manifest's own bytes may be unchanged while a module it names
				// changed
				this.loader.reloadLinked(name);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Reloading WASM module '" + name + "' failed: " + ex.getMessage(), ex);
		}
	}

	private void poll(String name) {
		WasmProperties.Module module = this.loader.module(name);
		if (!this.running || module == null) {
			return;
		}
		String location = WasmModuleDefinitions.location(name, module);
		String shown = ModuleSource.redact(location);
		Validators validators = this.validators.get(name);
		Map<String, String> headers = new LinkedHashMap<>(module.getHeaders());
		if (validators != null && validators.location.equals(location)) {
			if (validators.etag != null) {
				headers.put("If-None-Match", validators.etag);
			}
			if (validators.lastModified != null) {
				headers.put("If-Modified-Since", validators.lastModified);
			}
		}
		try {
			ModuleDownload response = ModuleDownload.get(location, headers, this.properties.getLocationTimeout(),
					this.loader.maxModuleSize());
			if (response.status() == 304) {
				return;
			}
			if (response.status() != 200) {
				logger.warn("Polling WASM module '" + name + "' at " + shown + " answered " + response.status()
						+ "; it keeps serving its current version");
				return;
			}
			WasmReloadOutcome outcome = this.loader.reload(name, response.bytes());
			if (outcome.result() != WasmReloadOutcome.Result.FAILED) {
				this.validators.put(name, new Validators(location, response.header("ETag").orElse(null),
						response.header("Last-Modified").orElse(null)));
			}
		}
		catch (ModuleSource.SizeExceededException ex) {
			String failure = "Polling " + shown + " stopped: it answered more than " + ex.limit()
					+ " bytes, the module size limit (wasm.max-module-size)";
			logger
				.warn("WASM module '" + name + "' was not reloaded; it keeps serving its current version. " + failure);
			this.loader.readFailed(name, failure);
		}
		catch (IOException ex) {
			// a poll that fails to connect or times out is logged, as a 5xx answer is:
			// health does not flap
			logger.warn("Polling WASM module '" + name + "' at " + shown + " failed: " + ex.getMessage()
					+ "; it keeps serving its current version");
		}
		catch (RuntimeException ex) {
			logger.warn("Reloading WASM module '" + name + "' failed: " + ex.getMessage(), ex);
		}
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		if (this.watchService != null) {
			try {
				this.watchService.close();
			}
			catch (IOException ex) {
				// closing is best effort
			}
			this.watchService = null;
		}
		if (this.watchThread != null) {
			this.watchThread.interrupt();
			this.watchThread = null;
		}
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private record Validators(String location, @Nullable String etag, @Nullable String lastModified) {

	}

}
