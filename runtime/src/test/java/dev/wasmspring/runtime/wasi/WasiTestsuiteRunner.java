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

package dev.wasmspring.runtime.wasi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;

/**
 * Runs the WebAssembly wasi-testsuite's prebuilt {@code wasm32-wasip1} programs through
 * the runtime's WASI sandbox and prints which pass. The suite's binaries are not part of
 * this repository: check out the suite's {@code prod/testsuite-base} branch and give its
 * test directories as arguments ({@code scripts/wasi-testsuite.sh} does both).
 * <p>
 * Each program runs as its specification file says (the suite's legacy format:
 * {@code args}, {@code env}, {@code root} preopened as {@code /}, {@code exit_code},
 * {@code stdout}); it passes when its exit code and its expected output match. The
 * {@code *.cleanup} files of a program's directory and of its root are removed before and
 * after it runs, as the suite asks.
 */
public final class WasiTestsuiteRunner {

	private WasiTestsuiteRunner() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length == 0) {
			System.err.println("usage: WasiTestsuiteRunner [--interpreter] <suite test directory>...");
			System.exit(2);
		}
		WasmEngine engine = WasmEngine.COMPILER;
		List<Path> directories = new ArrayList<>();
		for (String arg : args) {
			if (arg.equals("--interpreter")) {
				engine = WasmEngine.INTERPRETER;
			}
			else {
				directories.add(Path.of(arg));
			}
		}
		int passed = 0;
		List<String> failed = new ArrayList<>();
		try (WasmRuntime runtime = WasmRuntime.builder()
			.withEngine(engine)
			.withDefaultTimeout(Duration.ofMinutes(2))
			.withDefaultMaxMemory(1024L * 1024 * 1024)
			.build()) {
			for (Path directory : directories) {
				List<Path> programs;
				try (Stream<Path> files = Files.list(directory)) {
					programs = files.filter((file) -> file.toString().endsWith(".wasm")).sorted().toList();
				}
				for (Path program : programs) {
					String outcome = run(runtime, program);
					String name = directory.getFileName() + "/" + program.getFileName();
					if (outcome == null) {
						passed++;
						System.out.println("PASS " + name);
					}
					else {
						failed.add(name);
						System.out.println("FAIL " + name + ": " + outcome);
					}
				}
			}
		}
		System.out.println();
		System.out.println("passed " + passed + " of " + (passed + failed.size()) + " (" + engine + ")");
		failed.forEach((name) -> System.out.println("  failed: " + name));
	}

	// null when the program passes, else what went wrong
	private static String run(WasmRuntime runtime, Path program) throws IOException {
		Path directory = program.getParent();
		String base = program.getFileName().toString().replaceFirst("\\.wasm$", "");
		Path specification = directory.resolve(base + ".json");
		Map<String, Object> spec = Files.exists(specification) ? Json.parseObject(Files.readString(specification))
				: Map.of();
		if (spec.containsKey("operations")) {
			return "operation-based specifications are not supported by this runner";
		}
		Path root = (spec.get("root") instanceof String rootName) ? directory.resolve(rootName) : null;
		removeCleanupFiles(directory);
		if (root != null) {
			removeCleanupFiles(root);
		}
		List<String> arguments = new ArrayList<>();
		arguments.add(program.getFileName().toString());
		for (Object argument : list(spec.get("args"))) {
			arguments.add((String) argument);
		}
		Map<String, String> environment = new LinkedHashMap<>();
		map(spec.get("env")).forEach((key, value) -> environment.put(key, (String) value));
		WasiConfig wasi = WasiConfig.enabled()
			.withArguments(arguments)
			.withEnvironment(environment)
			.withStdout(WasiConfig.Output.CAPTURE);
		if (root != null) {
			wasi = wasi.withDirectory("/", root, false);
		}
		String name = "suite-" + base;
		ByteArrayOutputStream stderr = new ByteArrayOutputStream();
		try {
			runtime.define(WasmModuleDefinition.of(name, ModuleSource.of(program)).withWasi(wasi));
			WasmCommandResult result;
			try (WasmInstance instance = runtime.newInstance(name, Map.of(),
					WasiInstanceOptions.none().withStderr(stderr))) {
				result = instance.runCommand();
			}
			catch (WasmException ex) {
				return ex.getMessage() + "; stderr: " + abbreviate(stderr.toString(StandardCharsets.UTF_8));
			}
			int expectedExit = (spec.get("exit_code") instanceof Number code) ? code.intValue() : 0;
			if (result.exitCode() != expectedExit) {
				return "exit code " + result.exitCode() + ", expected " + expectedExit + "; stderr: "
						+ abbreviate(stderr.toString(StandardCharsets.UTF_8));
			}
			if (spec.get("stdout") instanceof String stdout && !result.stdout().equals(stdout)) {
				return "stdout '" + abbreviate(result.stdout()) + "', expected '" + stdout + "'";
			}
			String errors = stderr.toString(StandardCharsets.UTF_8);
			if (spec.get("stderr") instanceof String expected && !errors.equals(expected)) {
				return "stderr '" + abbreviate(errors) + "', expected '" + expected + "'";
			}
			return null;
		}
		catch (WasmException ex) {
			return ex.getMessage();
		}
		finally {
			runtime.remove(name);
			removeCleanupFiles(directory);
			if (root != null) {
				removeCleanupFiles(root);
			}
		}
	}

	private static String abbreviate(String text) {
		String flat = text.strip().replace('\n', '|');
		return (flat.length() > 400) ? flat.substring(0, 400) + "…" : flat;
	}

	private static void removeCleanupFiles(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".cleanup")).toList()) {
				deleteRecursively(file);
			}
		}
	}

	private static void deleteRecursively(Path path) throws IOException {
		if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			try (Stream<Path> children = Files.list(path)) {
				for (Path child : children.toList()) {
					deleteRecursively(child);
				}
			}
		}
		Files.deleteIfExists(path);
	}

	private static List<?> list(Object value) {
		return (value instanceof List<?> list) ? list : List.of();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	/**
	 * Just enough JSON for the suite's specification files: objects, arrays, strings,
	 * numbers, literals.
	 */
	static final class Json {

		private final String text;

		private int at;

		private Json(String text) {
			this.text = text;
		}

		@SuppressWarnings("unchecked")
		static Map<String, Object> parseObject(String text) {
			Json json = new Json(text);
			Object value = json.value();
			json.space();
			if (json.at != text.length() || !(value instanceof Map)) {
				throw new IllegalArgumentException("not a JSON object: " + text);
			}
			return (Map<String, Object>) value;
		}

		private Object value() {
			space();
			char c = this.text.charAt(this.at);
			if (c == '{') {
				Map<String, Object> object = new LinkedHashMap<>();
				this.at++;
				space();
				if (peek('}')) {
					return object;
				}
				do {
					space();
					String key = string();
					space();
					expect(':');
					object.put(key, value());
					space();
				}
				while (peek(','));
				expect('}');
				return object;
			}
			if (c == '[') {
				List<Object> array = new ArrayList<>();
				this.at++;
				space();
				if (peek(']')) {
					return array;
				}
				do {
					array.add(value());
					space();
				}
				while (peek(','));
				expect(']');
				return array;
			}
			if (c == '"') {
				return string();
			}
			int start = this.at;
			while (this.at < this.text.length() && "{}[],: \t\r\n".indexOf(this.text.charAt(this.at)) < 0) {
				this.at++;
			}
			String literal = this.text.substring(start, this.at);
			return switch (literal) {
				case "true" -> Boolean.TRUE;
				case "false" -> Boolean.FALSE;
				case "null" -> null;
				default -> Long.valueOf(literal);
			};
		}

		private String string() {
			expect('"');
			StringBuilder value = new StringBuilder();
			while (true) {
				char c = this.text.charAt(this.at++);
				if (c == '"') {
					return value.toString();
				}
				if (c != '\\') {
					value.append(c);
					continue;
				}
				char escaped = this.text.charAt(this.at++);
				switch (escaped) {
					case 'n' -> value.append('\n');
					case 't' -> value.append('\t');
					case 'r' -> value.append('\r');
					case 'b' -> value.append('\b');
					case 'f' -> value.append('\f');
					case 'u' -> {
						value.append((char) Integer.parseInt(this.text.substring(this.at, this.at + 4), 16));
						this.at += 4;
					}
					default -> value.append(escaped);
				}
			}
		}

		private boolean peek(char c) {
			if (this.at < this.text.length() && this.text.charAt(this.at) == c) {
				this.at++;
				return true;
			}
			return false;
		}

		private void expect(char c) {
			if (!peek(c)) {
				throw new IllegalArgumentException("expected '" + c + "' at " + this.at + " in " + this.text);
			}
		}

		private void space() {
			while (this.at < this.text.length() && Character.isWhitespace(this.text.charAt(this.at))) {
				this.at++;
			}
		}

	}

}
