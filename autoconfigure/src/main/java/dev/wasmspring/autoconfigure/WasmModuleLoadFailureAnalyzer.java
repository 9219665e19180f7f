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

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.wasmspring.runtime.exception.WasmModuleLoadException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a module that could not be loaded at startup: which module, from where, what
 * is wrong with it and which property or file to fix. Modules that failed alongside it
 * are listed too.
 */
final class WasmModuleLoadFailureAnalyzer extends AbstractFailureAnalyzer<WasmModuleLoadException> {

	private static final Pattern FOUND_DIGEST = Pattern.compile("found ([0-9a-f]{64})");

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WasmModuleLoadException cause) {
		return new FailureAnalysis(description(cause), action(cause), cause);
	}

	private static String description(WasmModuleLoadException failure) {
		StringBuilder description = new StringBuilder(summary(failure)).append('.');
		List<String> others = new ArrayList<>();
		for (Throwable suppressed : failure.getSuppressed()) {
			if (suppressed instanceof WasmModuleLoadException other) {
				others.add(summary(other));
			}
			else {
				others.add(String.valueOf(suppressed.getMessage()));
			}
		}
		if (!others.isEmpty()) {
			description.append("\n\nOther modules failed as well:\n - ").append(String.join("\n - ", others));
		}
		return description.toString();
	}

	private static String summary(WasmModuleLoadException failure) {
		String summary = "WASM module '" + failure.getModuleName() + "' at " + failure.getLocation() + " "
				+ failure.getReason().problem();
		String detail = failure.getDetail();
		return (detail != null && !detail.isBlank()) ? summary + ": " + detail : summary;
	}

	private static String action(WasmModuleLoadException failure) {
		String module = failure.getModuleName();
		String property = "wasm.modules." + module;
		String location = failure.getLocation();
		return switch (failure.getReason()) {
			case NOT_FOUND -> "Check " + property + ".location (now '" + location + "'). A classpath: location is "
					+ "relative to the classpath root (src/main/resources), a file: location is a path on this "
					+ "machine; without a location the module is looked for at "
					+ WasmModuleDefinitions.DEFAULT_LOCATION_PATTERN.formatted(module) + ".";
			case EMPTY -> "The file at " + location + " has no bytes. Rebuild the module and check the step that "
					+ "copies it into place.";
			case TRUNCATED -> "The file at " + location + " was cut short, for example by an interrupted copy or "
					+ "download. Copy or rebuild it again.";
			case BAD_MAGIC -> "Point " + property + ".location at a compiled WebAssembly module (.wasm). Text "
					+ "format (.wat) must be compiled with wat2wasm first; components are not supported.";
			case MALFORMED -> "Rebuild the module with a current toolchain and make sure the file is copied as "
					+ "binary (for example, exclude .wasm files from Maven resource filtering).";
			case INVALID -> "Rebuild the module with a current toolchain. If it uses a WebAssembly proposal the "
					+ "runtime does not support, build it without that feature.";
			case UNSUPPORTED -> "Set wasm.engine=interpreter, or rebuild the module without the feature named above.";
			case DIGEST_MISMATCH -> digestAction(failure, property);
			case BAD_MANIFEST -> "Correct the Extism manifest at " + location + " as described above (the field "
					+ "named and what it needs), or point " + property + ".location at a .wasm module instead.";
			case MEMORY_LIMIT_TOO_LOW -> "Raise " + property + ".max-memory above the module's initial memory "
					+ "(leaving room for it to grow), or raise wasm.max-memory if the module has no limit of its "
					+ "own, or rebuild the module with a smaller initial memory.";
			case TABLE_LIMIT_TOO_LOW -> "Raise " + property + ".max-table-elements (or wasm.max-table-elements for "
					+ "every module) to at least the elements the module's tables declare, or rebuild the module with "
					+ "smaller tables.";
			case TOO_LARGE -> "Raise wasm.max-module-size if the module is trusted, or rebuild it smaller.";
			case COMPILE_TIMEOUT -> "Raise wasm.compile-timeout if the module is trusted (0 waits for ever), or "
					+ "rebuild it with smaller functions.";
			case BAD_WASI_DIRECTORY -> "Correct " + property + ".wasi.dirs: create the directory or fix its path, "
					+ "and do not map a read-only directory inside a writable one.";
			case SNAPSHOT_REFUSED -> "Set " + property + ".snapshot=none, or change the module as described above "
					+ "so that its state after initialisation can be shared by every instance.";
			case SNAPSHOT_FAILED -> "Fix the module's initialisation (it failed as described above), or set " + property
					+ ".snapshot=none so that each instance initialises itself.";
		};
	}

	private static String digestAction(WasmModuleLoadException failure, String property) {
		String detail = String.valueOf(failure.getDetail());
		Matcher found = FOUND_DIGEST.matcher(detail);
		String update = found.find() ? "set " + property + ".sha256=" + found.group(1)
				: "update " + property + ".sha256";
		return "If the new module at " + failure.getLocation() + " is intended, " + update
				+ "; otherwise restore the file the digest was pinned for.";
	}

}
