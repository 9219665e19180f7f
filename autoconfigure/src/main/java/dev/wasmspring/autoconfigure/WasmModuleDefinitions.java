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
import java.util.function.Consumer;

import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException.Reason;
import dev.wasmspring.runtime.extism.ExtismConfig;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.module.WasmSnapshot;
import dev.wasmspring.runtime.source.ModuleSource;
import dev.wasmspring.runtime.wasi.WasiConfig;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.unit.DataSize;

/**
 * Turns {@code wasm.modules.*} properties into module definitions.
 */
final class WasmModuleDefinitions {

	/** Where a module is looked for when it names no location. */
	static final String DEFAULT_LOCATION_PATTERN = "classpath:wasm/%s.wasm";

	private WasmModuleDefinitions() {
	}

	static List<WasmModuleDefinition> from(WasmProperties properties, ResourceLoader resourceLoader) {
		List<WasmModuleDefinition> definitions = new ArrayList<>();
		properties.getModules().forEach((name, module) -> definitions.add(from(name, module, resourceLoader)));
		return definitions;
	}

	static WasmModuleDefinition from(String name, WasmProperties.Module module, ResourceLoader resourceLoader) {
		return from(name, module, source(name, module, resourceLoader, DEFAULT_LOCATION_TIMEOUT));
	}

	/** How long reading a location may take when no timeout is given. */
	static final Duration DEFAULT_LOCATION_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Where a module's bytes are read from: an http(s) location is downloaded with a
	 * deadline on every read and the module's headers; any other location is read as a
	 * Spring resource. Either stops at the size limit the runtime reads it with.
	 */
	static ModuleSource source(String name, WasmProperties.Module module, ResourceLoader resourceLoader,
			Duration timeout) {
		return source(name, module, resourceLoader, timeout, (file) -> {
		});
	}

	/**
	 * Where a module's bytes are read from, telling {@code linkedFile} each file an
	 * Extism manifest at the location names (relative to it or by absolute path), as it
	 * is resolved.
	 */
	static ModuleSource source(String name, WasmProperties.Module module, ResourceLoader resourceLoader,
			Duration timeout, Consumer<Path> linkedFile) {
		String location = location(name, module);
		if (isHttp(location)) {
			return ModuleSource.ofUrl(location, module.getHeaders(), timeout);
		}
		// the modules a manifest names by url are downloaded within the same time
		return resourceSource(location, resourceLoader.getResource(location), linkedFile).withLocationTimeout(timeout);
	}

	/**
	 * A Spring resource as a module source; a location an Extism manifest gives relative
	 * to it (a module beside the manifest) is resolved as a resource relative to it, an
	 * absolute path is that file.
	 */
	private static ModuleSource resourceSource(String location, Resource resource, Consumer<Path> linkedFile) {
		return ModuleSource.ofStream(location, resource::getInputStream).withResolver((relative) -> {
			Path absolute = Path.of(relative);
			if (absolute.isAbsolute()) {
				// a file wherever the manifest is, watched as a relative one is
				linkedFile.accept(absolute.toAbsolutePath().normalize());
				return ModuleSource.of(absolute);
			}
			Resource module = resource.createRelative(relative);
			if (module.isFile()) {
				linkedFile.accept(module.getFile().toPath().toAbsolutePath().normalize());
			}
			String description = module.getDescription();
			return ModuleSource.ofStream(description, module::getInputStream);
		});
	}

	static boolean isHttp(String location) {
		String lower = location.toLowerCase(java.util.Locale.ROOT);
		return lower.startsWith("http:") || lower.startsWith("https:");
	}

	/**
	 * Where a module's bytes are read from: its location, or the default one for its
	 * name.
	 */
	static String location(String name, WasmProperties.Module module) {
		return (module.getLocation() != null) ? module.getLocation() : DEFAULT_LOCATION_PATTERN.formatted(name);
	}

	static WasmModuleDefinition from(String name, WasmProperties.Module module, ModuleSource source) {
		String location = source.location();
		PropertyMapper map = PropertyMapper.get();
		WasmModuleDefinition[] definition = { WasmModuleDefinition.of(name, source) };
		map.from(module::getSha256).to((sha256) -> definition[0] = definition[0].withSha256(sha256));
		map.from(module::getTimeout).to((timeout) -> definition[0] = definition[0].withTimeout(timeout));
		map.from(module::getMaxMemory)
			.as(DataSize::toBytes)
			.to((bytes) -> definition[0] = definition[0].withMaxMemory(bytes));
		map.from(module::getMaxAnswerSize)
			.as(DataSize::toBytes)
			.to((bytes) -> definition[0] = definition[0].withMaxAnswerSize(bytes));
		map.from(module::getFuel).to((fuel) -> definition[0] = definition[0].withFuel(fuel));
		map.from(module::getInstanceFuel).to((fuel) -> definition[0] = definition[0].withInstanceFuel(fuel));
		map.from(module::getMaxTableElements)
			.to((elements) -> definition[0] = definition[0].withMaxTableElements(elements));
		map.from(module::getAllowedImports)
			.to((allowed) -> definition[0] = definition[0].withAllowedImportModules(allowed));
		map.from(module::getSnapshot)
			.as(WasmSnapshot::parse)
			.to((snapshot) -> definition[0] = definition[0].withSnapshot(snapshot));
		WasmProperties.Extism extism = module.getExtism();
		return definition[0].withWasi(wasi(name, location, module.getWasi()))
			.withAbi(module.getAbi())
			.withGuestFrames(module.getGuestFrames())
			.withExtism(ExtismConfig.defaults()
				.withConfig(extism.getConfig())
				.withAllowedHosts(extism.getAllowedHosts())
				.withMaxVarBytes((extism.getMaxVarSize() != null) ? extism.getMaxVarSize().toBytes() : null)
				.withMaxHttpResponseBytes(
						(extism.getMaxHttpResponseSize() != null) ? extism.getMaxHttpResponseSize().toBytes() : null)
				.withAllowPrivateAddresses(extism.isAllowPrivateAddresses())
				.withHttpResponseHeaders(extism.isHttpResponseHeaders())
				.withMaxPages(extism.getMaxPages()));
	}

	private static WasiConfig wasi(String name, String location, WasmProperties.Wasi wasi) {
		Map<String, WasiConfig.Directory> directories = new LinkedHashMap<>();
		wasi.getDirs().forEach((key, directory) -> {
			String guestPath = guestPath(key);
			if (directory.getPath() == null) {
				throw new WasmModuleLoadException(
						name, location, Reason.BAD_WASI_DIRECTORY, "WASI directory '" + guestPath
								+ "' has no host path; set wasm.modules." + name + ".wasi.dirs[" + guestPath + "].path",
						null);
			}
			directories.put(guestPath, new WasiConfig.Directory(directory.getPath(), directory.isReadOnly()));
		});
		return WasiConfig.disabled()
			.withEnabled(wasi.isEnabled())
			.withArguments(wasi.getArgs())
			.withEnvironment(wasi.getEnv())
			.withStdout(wasi.getStdout())
			.withStderr(wasi.getStderr())
			.withDirectories(directories)
			.withCaptureLimit(wasi.getCaptureLimit().toBytes())
			.withMaxOpenFiles(wasi.getMaxOpenFiles());
	}

	/**
	 * Spring Boot drops the slash of an unbracketed map key ({@code /data:} binds as
	 * {@code data}), so a guest path without a leading slash gets one; {@code .} stays
	 * the guest's working directory.
	 */
	static String guestPath(String key) {
		return (key.startsWith("/") || key.equals(".")) ? key : "/" + key;
	}

}
