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

package dev.wasmspring.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmMemory;
import dev.wasmspring.runtime.value.WasmValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The type tables of docs/host-functions.md say what the value conversion
 * ({@link WasmValues}) and the binder that uses it do: each Java type a row names maps
 * and binds to the WebAssembly types the row gives.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class HostFunctionTypeTableTests {

	private static final Pattern CODE = Pattern.compile("`([^`]+)`");

	/** Injected by the auto-configuration, which the runtime does not have. */
	private static final String SERVLET_REQUEST = "HttpServletRequest";

	/** The Java types of the tables' rows that pass as WebAssembly values. */
	private static final Map<String, Class<?>> JAVA_TYPES = Map.of("void", void.class, "int", int.class, "long",
			long.class, "float", float.class, "double", double.class, "boolean", boolean.class, "String", String.class,
			"byte[]", byte[].class);

	private final Map<String, WasmHostFunction> bound = new LinkedHashMap<>();

	HostFunctionTypeTableTests() {
		WasmImportBinder.standard()
			.bindAll(new Fixture())
			.forEach((function) -> this.bound.put(function.name(), function));
	}

	@Test
	void everyParameterRowBindsToTheWebAssemblyParametersItNames() throws IOException {
		List<String[]> rows = table("| Java parameter |");
		List<String> checked = new ArrayList<>();
		for (String[] row : rows) {
			String javaType = codes(row[0]).get(0);
			if (javaType.equals(SERVLET_REQUEST)) {
				continue;
			}
			List<String> expected = codes(row[1]).stream().map((code) -> code.replaceAll(" (ptr|len)", "")).toList();
			expected = expected.isEmpty() ? List.of()
					: List.of(String.join(", ", expected).split(", ")).stream().map(String::strip).toList();
			Class<?> javaClass = JAVA_TYPES.get(javaType);
			if (javaClass != null) {
				assertThat(WasmValues.parameterTypes(javaClass, false)).as(javaType)
					.map(Object::toString)
					.isEqualTo(expected);
			}
			assertThat(this.bound.get("p_" + key(javaType))).as(javaType).isNotNull();
			assertThat(this.bound.get("p_" + key(javaType)).type().params().stream().map(Object::toString).toList())
				.as(javaType)
				.isEqualTo(expected);
			checked.add(javaType);
		}
		assertThat(checked).containsExactly("int", "long", "float", "double", "boolean", "String", "byte[]",
				"WasmCallContext", "WasmMemory");
	}

	@Test
	void everyResultRowBindsToTheWebAssemblyResultItNames() throws IOException {
		List<String> checked = new ArrayList<>();
		for (String[] row : table("| Java result |")) {
			List<String> javaTypes = codes(row[0]);
			List<String> results = codes(row[1]);
			for (int i = 0; i < javaTypes.size(); i++) {
				assertThat(WasmValues.resultTypes(JAVA_TYPES.get(javaTypes.get(i)))).as(javaTypes.get(i))
					.map(Object::toString)
					.isEqualTo(results.isEmpty() ? List.of() : List.of(results.get(i)));
				WasmHostFunction function = this.bound.get("r_" + key(javaTypes.get(i)));
				assertThat(function).as(javaTypes.get(i)).isNotNull();
				assertThat(function.type().results().stream().map(Object::toString).toList()).as(javaTypes.get(i))
					.isEqualTo(results.isEmpty() ? List.of() : List.of(results.get(i)));
				checked.add(javaTypes.get(i));
			}
		}
		assertThat(checked).containsExactly("void", "int", "long", "float", "double", "boolean", "String", "byte[]");
	}

	private static String key(String javaType) {
		return javaType.replace("[]", "s");
	}

	private static List<String> codes(String cell) {
		List<String> codes = new ArrayList<>();
		Matcher matcher = CODE.matcher(cell);
		while (matcher.find()) {
			codes.add(matcher.group(1));
		}
		return codes;
	}

	private static List<String[]> table(String header) throws IOException {
		List<String> lines = Files.readAllLines(Path.of("..", "docs", "host-functions.md"));
		int start = -1;
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).startsWith(header)) {
				start = i + 2;
				break;
			}
		}
		assertThat(start).as(header).isPositive();
		List<String[]> rows = new ArrayList<>();
		for (int i = start; i < lines.size() && lines.get(i).startsWith("|"); i++) {
			String line = lines.get(i).replace("\\|", "/");
			rows.add(line.substring(1, line.length() - 1).split("\\|"));
		}
		return rows;
	}

	static class Fixture {

		@WasmImport(name = "p_int")
		void pInt(int value) {
		}

		@WasmImport(name = "p_long")
		void pLong(long value) {
		}

		@WasmImport(name = "p_float")
		void pFloat(float value) {
		}

		@WasmImport(name = "p_double")
		void pDouble(double value) {
		}

		@WasmImport(name = "p_boolean")
		void pBoolean(boolean value) {
		}

		@WasmImport(name = "p_String")
		void pString(String value) {
		}

		@WasmImport(name = "p_bytes")
		void pBytes(byte[] value) {
		}

		@WasmImport(name = "p_WasmCallContext")
		void pContext(WasmCallContext context) {
		}

		@WasmImport(name = "p_WasmMemory")
		void pMemory(WasmMemory memory) {
		}

		@WasmImport(name = "r_void")
		void rVoid() {
		}

		@WasmImport(name = "r_int")
		int rInt() {
			return 0;
		}

		@WasmImport(name = "r_long")
		long rLong() {
			return 0;
		}

		@WasmImport(name = "r_float")
		float rFloat() {
			return 0;
		}

		@WasmImport(name = "r_double")
		double rDouble() {
			return 0;
		}

		@WasmImport(name = "r_boolean")
		boolean rBoolean() {
			return false;
		}

		@WasmImport(name = "r_String")
		String rString() {
			return "";
		}

		@WasmImport(name = "r_bytes")
		byte[] rBytes() {
			return new byte[0];
		}

	}

}
