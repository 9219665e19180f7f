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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * An Extism manifest in its JSON or TOML form: the plugin's modules ({@code wasm}: each
 * by {@code path}, {@code url} or base64 {@code data}, with an optional {@code name} and
 * SHA-256 {@code hash}) and what its host gives it ({@code memory}, {@code config},
 * {@code allowed_hosts}, {@code allowed_paths}, {@code timeout_ms}). Field names are
 * Extism's, in snake case or in the camel case Extism's JavaScript host also reads.
 * Unknown fields are refused, so a misspelt one is never ignored. Immutable.
 *
 * @param wasm the modules, in the manifest's order
 * @param maxPages {@code memory.max_pages}, or {@code null}
 * @param maxHttpResponseBytes {@code memory.max_http_response_bytes}, or {@code null}
 * @param maxVarBytes {@code memory.max_var_bytes}, or {@code null}
 * @param config {@code config}
 * @param allowedHosts {@code allowed_hosts}, or {@code null} if absent
 * @param allowedPaths {@code allowed_paths}: host path (with an optional {@code ro:}
 * prefix for read-only) to guest path
 * @param timeoutMs {@code timeout_ms}, or {@code null}
 * @param httpResponseHeaders {@code http_response_headers}, or {@code null}
 */
public record ExtismManifest(List<Wasm> wasm, @Nullable Integer maxPages, @Nullable Long maxHttpResponseBytes,
		@Nullable Long maxVarBytes, Map<String, String> config, @Nullable List<String> allowedHosts,
		Map<String, String> allowedPaths, @Nullable Long timeoutMs, @Nullable Boolean httpResponseHeaders) {

	/** The name Extism gives the module whose exports are called. */
	public static final String MAIN = "main";

	private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

	private static final Set<String> TOP_LEVEL = Set.of("wasm", "memory", "config", "allowed_hosts", "allowedHosts",
			"allowed_paths", "allowedPaths", "timeout_ms", "timeoutMs", "http_response_headers", "httpResponseHeaders");

	private static final Set<String> MEMORY = Set.of("max_pages", "maxPages", "max_http_response_bytes",
			"maxHttpResponseBytes", "max_var_bytes", "maxVarBytes");

	private static final Set<String> WASM = Set.of("path", "url", "data", "name", "hash", "headers", "method");

	/**
	 * One module of a manifest.
	 *
	 * @param index its position in {@code wasm}
	 * @param path a file path, or {@code null}
	 * @param url an http(s) URL, or {@code null}
	 * @param data the module's bytes given inline, or {@code null}
	 * @param headers headers sent with the URL's request
	 * @param name its name, or {@code null}
	 * @param hash its expected SHA-256 digest (lower-case hex), or {@code null}
	 */
	public record Wasm(int index, @Nullable String path, @Nullable String url, byte @Nullable [] data,
			Map<String, String> headers, @Nullable String name, @Nullable String hash) {

		/**
		 * Return the manifest field that names this module, for messages.
		 * @return for example {@code wasm[1]}
		 */
		public String field() {
			return "wasm[" + this.index + "]";
		}

		/**
		 * Return where the module comes from, for messages.
		 * @return the path, the URL, or "inline data"
		 */
		public String describe() {
			return (this.path != null) ? this.path : (this.url != null) ? this.url : "inline data";
		}

	}

	public ExtismManifest {
		wasm = List.copyOf(wasm);
		config = Map.copyOf(config);
		allowedHosts = (allowedHosts != null) ? List.copyOf(allowedHosts) : null;
		allowedPaths = Map.copyOf(allowedPaths);
	}

	/**
	 * Return whether a location's bytes are a manifest rather than a module: a module
	 * starts with WebAssembly's magic number, a JSON manifest with <code>{</code> (after
	 * any blank space or a byte-order mark), a TOML manifest with a table header or a
	 * {@code key = value} line (after blank lines and comments), as Extism's hosts read
	 * either form.
	 * @param bytes the bytes read from a module's location
	 * @return whether they are a manifest
	 */
	public static boolean isManifest(byte[] bytes) {
		int i = 0;
		if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
			i = 3;
		}
		while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) {
			i++;
		}
		if (i >= bytes.length || bytes[i] == 0) {
			return false;
		}
		if (bytes[i] == '{') {
			return true;
		}
		int head = Math.min(bytes.length, 4096);
		for (int j = 0; j < head; j++) {
			if (bytes[j] == 0) {
				return false;
			}
		}
		return ExtismToml.looksLikeToml(new String(bytes, 0, head, StandardCharsets.UTF_8));
	}

	/**
	 * Read a manifest.
	 * @param bytes its JSON or TOML
	 * @return the manifest
	 * @throws Invalid naming the field that is wrong and what to do
	 */
	public static ExtismManifest parse(byte[] bytes) {
		String text = new String(bytes, StandardCharsets.UTF_8);
		if (text.startsWith("\uFEFF")) {
			text = text.substring(1);
		}
		Map<String, Object> root;
		if (text.strip().startsWith("{")) {
			try {
				root = ExtismJson.parseObject(text.strip());
			}
			catch (IllegalArgumentException ex) {
				throw new Invalid("(the manifest)", "is not a JSON object (" + ex.getMessage() + ")",
						"write the manifest as Extism's JSON form, {\"wasm\": [{\"path\": \"plugin.wasm\"}]}");
			}
		}
		else {
			try {
				root = ExtismToml.parseObject(text);
			}
			catch (IllegalArgumentException ex) {
				throw new Invalid("(the manifest)", "is not a TOML document (" + ex.getMessage() + ")",
						"write the manifest as Extism's TOML form, [[wasm]] then path = \"plugin.wasm\", "
								+ "or as its JSON form");
			}
		}
		unknown(root, TOP_LEVEL, "", "wasm, memory, config, allowed_hosts, allowed_paths, timeout_ms");
		List<Wasm> wasm = wasm(root.get("wasm"));
		Integer maxPages = null;
		Long maxHttpResponseBytes = null;
		Long maxVarBytes = null;
		Object memory = root.get("memory");
		if (memory != null) {
			if (!(memory instanceof Map<?, ?> map)) {
				throw new Invalid("memory", "is not an object",
						"give memory as {\"max_pages\": 16, \"max_http_response_bytes\": 1048576, "
								+ "\"max_var_bytes\": 1048576}");
			}
			Map<String, Object> options = cast(map);
			unknown(options, MEMORY, "memory.", "max_pages, max_http_response_bytes, max_var_bytes");
			Long pages = number(either(options, "max_pages", "maxPages"), "memory.max_pages", Integer.MAX_VALUE);
			maxPages = (pages != null) ? pages.intValue() : null;
			maxHttpResponseBytes = number(either(options, "max_http_response_bytes", "maxHttpResponseBytes"),
					"memory.max_http_response_bytes", Long.MAX_VALUE);
			maxVarBytes = number(either(options, "max_var_bytes", "maxVarBytes"), "memory.max_var_bytes",
					Long.MAX_VALUE);
		}
		Map<String, String> config = strings(root.get("config"), "config");
		Object hosts = either(root, "allowed_hosts", "allowedHosts");
		List<String> allowedHosts = null;
		if (hosts != null) {
			if (!(hosts instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
				throw new Invalid("allowed_hosts", "is not a list of host names",
						"give the hosts as a list of strings, for example [\"api.example.com\", \"*.example.org\"]");
			}
			allowedHosts = list.stream().map(String.class::cast).toList();
		}
		Map<String, String> allowedPaths = strings(either(root, "allowed_paths", "allowedPaths"), "allowed_paths");
		Long timeoutMs = number(either(root, "timeout_ms", "timeoutMs"), "timeout_ms", Long.MAX_VALUE);
		Object headers = either(root, "http_response_headers", "httpResponseHeaders");
		if (headers != null && !(headers instanceof Boolean)) {
			throw new Invalid("http_response_headers", "is not true or false", "give true or false");
		}
		return new ExtismManifest(wasm, maxPages, maxHttpResponseBytes, maxVarBytes, config, allowedHosts, allowedPaths,
				timeoutMs, (Boolean) headers);
	}

	/**
	 * Return the module whose exports are called: the one named {@value #MAIN}, or else
	 * the last one, as Extism chooses it.
	 * @return the main module
	 */
	public Wasm main() {
		if (this.wasm.size() > 1) {
			for (Wasm module : this.wasm) {
				if (MAIN.equals(module.name())) {
					return module;
				}
			}
		}
		return this.wasm.get(this.wasm.size() - 1);
	}

	/**
	 * Return the modules the main module may import from, by their names.
	 * @return the other modules, each with a name
	 */
	public List<Wasm> linked() {
		Wasm main = main();
		return this.wasm.stream().filter((module) -> module != main).toList();
	}

	/**
	 * Check a module's bytes against the digest its manifest entry pins, as Extism does.
	 * @param module the entry
	 * @param digest the SHA-256 of the bytes read, lower-case hex
	 * @throws Invalid if they differ
	 */
	public static void checkHash(Wasm module, String digest) {
		String expected = module.hash();
		if (expected != null && !expected.equals(digest)) {
			throw new Invalid(module.field() + ".hash",
					"does not match the module read from " + module.describe() + ": expected " + expected + ", found "
							+ digest,
					"if the new module is intended, set the entry's hash to " + digest
							+ "; otherwise restore the module the hash was pinned for");
		}
	}

	private static List<Wasm> wasm(@Nullable Object value) {
		if (!(value instanceof List<?> list) || list.isEmpty()) {
			throw new Invalid("wasm", (value != null) ? "is not a list of modules, or is empty" : "is missing",
					"list the plugin's modules, for example \"wasm\": [{\"path\": \"plugin.wasm\"}]");
		}
		List<Wasm> modules = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (int i = 0; i < list.size(); i++) {
			String field = "wasm[" + i + "]";
			if (!(list.get(i) instanceof Map<?, ?> map)) {
				throw new Invalid(field, "is not an object",
						"give each module as {\"path\": ...}, {\"url\": ...} or {\"data\": ...}");
			}
			Map<String, Object> entry = cast(map);
			unknown(entry, WASM, field + ".", "path, url, data, name, hash, headers, method");
			String path = string(entry.get("path"), field + ".path");
			String url = string(entry.get("url"), field + ".url");
			String data = string(entry.get("data"), field + ".data");
			int given = ((path != null) ? 1 : 0) + ((url != null) ? 1 : 0) + ((data != null) ? 1 : 0);
			if (given != 1) {
				throw new Invalid(field, (given == 0) ? "names no module" : "names its module more than one way",
						"give exactly one of \"path\", \"url\" or \"data\"");
			}
			if (url != null) {
				String scheme = url.toLowerCase(Locale.ROOT);
				if (!scheme.startsWith("http://") && !scheme.startsWith("https://")) {
					throw new Invalid(field + ".url", "'" + url + "' is not an http or https URL",
							"give an http(s) URL, or a \"path\" for a file");
				}
			}
			byte[] bytes = null;
			if (data != null) {
				try {
					bytes = Base64.getDecoder().decode(data);
				}
				catch (IllegalArgumentException ex) {
					throw new Invalid(field + ".data", "is not base64 (" + ex.getMessage() + ")",
							"give the module's bytes in standard base64, or a \"path\" or \"url\"");
				}
			}
			String name = string(entry.get("name"), field + ".name");
			if (name != null && name.isEmpty()) {
				throw new Invalid(field + ".name", "is empty", "give the module a name, or leave the name out");
			}
			String hash = string(entry.get("hash"), field + ".hash");
			if (hash != null && !SHA256.matcher(hash).matches()) {
				throw new Invalid(field + ".hash", "'" + hash + "' is not a SHA-256 digest",
						"give 64 lower-case hexadecimal digits (sha256sum plugin.wasm prints them)");
			}
			Object method = entry.get("method");
			if (method != null && !"GET".equalsIgnoreCase(String.valueOf(method))) {
				throw new Invalid(field + ".method", "'" + method + "' is not GET",
						"leave the method out: a module is downloaded with GET");
			}
			Map<String, String> headers = strings(entry.get("headers"), field + ".headers");
			modules.add(new Wasm(i, path, url, bytes, headers, name, hash));
		}
		if (modules.size() > 1) {
			Wasm main = new ExtismManifest(modules, null, null, null, Map.of(), null, Map.of(), null, null).main();
			for (Wasm module : modules) {
				if (module == main) {
					continue;
				}
				String field = module.field();
				if (module.name() == null) {
					throw new Invalid(field + ".name", "is missing",
							"name every module but the main one: the main module imports their functions by name");
				}
				if (!names.add(module.name()) || MAIN.equals(module.name())) {
					throw new Invalid(field + ".name", "'" + module.name() + "' names another module too",
							"give each module its own name");
				}
			}
		}
		return modules;
	}

	private static void unknown(Map<String, Object> object, Set<String> known, String prefix, String expected) {
		for (String key : object.keySet()) {
			if (!known.contains(key)) {
				throw new Invalid(prefix + key, "is not a field of an Extism manifest",
						"correct or remove it (the fields here are " + expected + ")");
			}
		}
	}

	private static @Nullable Object either(Map<String, Object> object, String name, String camelCase) {
		Object value = object.get(name);
		return (value != null) ? value : object.get(camelCase);
	}

	private static @Nullable String string(@Nullable Object value, String field) {
		if (value != null && !(value instanceof String)) {
			throw new Invalid(field, "is not a string", "give it as a JSON string");
		}
		return (String) value;
	}

	private static @Nullable Long number(@Nullable Object value, String field, long max) {
		if (value == null) {
			return null;
		}
		if (value instanceof Number number) {
			value = number.toString();
		}
		if (value instanceof String text && !text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
			try {
				long parsed = Long.parseLong(text);
				if (parsed <= max) {
					return parsed;
				}
			}
			catch (NumberFormatException ex) {
				// beyond a long: refused below
			}
		}
		throw new Invalid(field, "'" + value + "' is not a whole number from 0 to " + max,
				"give a non-negative whole number without quotes");
	}

	private static Map<String, String> strings(@Nullable Object value, String field) {
		if (value == null) {
			return Map.of();
		}
		if (!(value instanceof Map<?, ?> map)) {
			throw new Invalid(field, "is not an object", "give it as a JSON object of strings");
		}
		Map<String, String> strings = new LinkedHashMap<>();
		map.forEach((key, entry) -> {
			if (!(entry instanceof String text)) {
				throw new Invalid(field + "." + key, "is not a string", "give every value as a JSON string");
			}
			strings.put(String.valueOf(key), text);
		});
		return strings;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> cast(Map<?, ?> map) {
		return (Map<String, Object>) map;
	}

	/**
	 * A manifest that cannot be used: names the field and what to do.
	 */
	public static final class Invalid extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		private final String field;

		/**
		 * Create the failure.
		 * @param field the field, for example {@code wasm[0].hash}
		 * @param problem what is wrong with it
		 * @param action what to do
		 */
		public Invalid(String field, String problem, String action) {
			super("field '" + field + "' " + problem + "; " + action);
			this.field = field;
		}

		/**
		 * Return the field that is wrong.
		 * @return the field
		 */
		public String field() {
			return this.field;
		}

	}

}
