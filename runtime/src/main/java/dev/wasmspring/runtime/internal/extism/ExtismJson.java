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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The little JSON Extism's HTTP functions exchange: a request object read from the
 * plugin, a headers object written back. Numbers are kept as their text,
 * {@code true}/{@code false} as booleans, {@code null} as absent from its object.
 */
final class ExtismJson {

	private final String text;

	private int position;

	private ExtismJson(String text) {
		this.text = text;
	}

	static Map<String, Object> parseObject(String text) {
		ExtismJson json = new ExtismJson(text);
		json.skipSpace();
		Object value = json.value();
		json.skipSpace();
		if (!(value instanceof Map) || json.position != text.length()) {
			throw new IllegalArgumentException("expected one JSON object");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> object = (Map<String, Object>) value;
		return object;
	}

	static String writeObject(Map<String, String> object) {
		StringBuilder json = new StringBuilder("{");
		for (Map.Entry<String, String> entry : object.entrySet()) {
			if (json.length() > 1) {
				json.append(',');
			}
			quote(json, entry.getKey());
			json.append(':');
			quote(json, entry.getValue());
		}
		return json.append('}').toString();
	}

	private static void quote(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

	private @Nullable Object value() {
		if (this.position >= this.text.length()) {
			throw error("unexpected end");
		}
		char c = this.text.charAt(this.position);
		if (c == '{') {
			return object();
		}
		if (c == '[') {
			return array();
		}
		if (c == '"') {
			return string();
		}
		int start = this.position;
		while (this.position < this.text.length() && "{}[],: \t\r\n".indexOf(this.text.charAt(this.position)) < 0) {
			this.position++;
		}
		String word = this.text.substring(start, this.position);
		return switch (word) {
			case "true" -> Boolean.TRUE;
			case "false" -> Boolean.FALSE;
			case "null" -> null;
			default -> {
				if (word.isEmpty() || !word.matches("-?[0-9][0-9.eE+-]*")) {
					throw error("unexpected '" + word + "'");
				}
				yield word;
			}
		};
	}

	private Map<String, Object> object() {
		Map<String, Object> object = new LinkedHashMap<>();
		this.position++;
		skipSpace();
		if (peek() == '}') {
			this.position++;
			return object;
		}
		while (true) {
			skipSpace();
			if (peek() != '"') {
				throw error("expected a key");
			}
			String key = string();
			skipSpace();
			expect(':');
			skipSpace();
			Object value = value();
			if (value != null) {
				object.put(key, value);
			}
			skipSpace();
			if (peek() == ',') {
				this.position++;
				continue;
			}
			expect('}');
			return object;
		}
	}

	private List<@Nullable Object> array() {
		List<@Nullable Object> array = new ArrayList<>();
		this.position++;
		skipSpace();
		if (peek() == ']') {
			this.position++;
			return array;
		}
		while (true) {
			skipSpace();
			array.add(value());
			skipSpace();
			if (peek() == ',') {
				this.position++;
				continue;
			}
			expect(']');
			return array;
		}
	}

	private String string() {
		StringBuilder value = new StringBuilder();
		this.position++;
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position++);
			if (c == '"') {
				return value.toString();
			}
			if (c != '\\') {
				value.append(c);
				continue;
			}
			if (this.position >= this.text.length()) {
				break;
			}
			char escaped = this.text.charAt(this.position++);
			switch (escaped) {
				case 'n' -> value.append('\n');
				case 'r' -> value.append('\r');
				case 't' -> value.append('\t');
				case 'b' -> value.append('\b');
				case 'f' -> value.append('\f');
				case 'u' -> {
					if (this.position + 4 > this.text.length()) {
						throw error("bad \\u escape");
					}
					value.append((char) Integer.parseInt(this.text.substring(this.position, this.position + 4), 16));
					this.position += 4;
				}
				default -> value.append(escaped);
			}
		}
		throw error("unterminated string");
	}

	private char peek() {
		return (this.position < this.text.length()) ? this.text.charAt(this.position) : '\0';
	}

	private void expect(char c) {
		if (peek() != c) {
			throw error("expected '" + c + "'");
		}
		this.position++;
	}

	private void skipSpace() {
		while (this.position < this.text.length() && Character.isWhitespace(this.text.charAt(this.position))) {
			this.position++;
		}
	}

	private IllegalArgumentException error(String what) {
		return new IllegalArgumentException(what + " at position " + this.position);
	}

}
