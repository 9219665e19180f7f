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

/**
 * The TOML form of an Extism manifest, read into the same values its JSON form gives:
 * tables as maps, arrays as lists, strings, whole numbers as {@link Long} and booleans.
 * Covers what manifests are written with: comments, bare, quoted and dotted keys,
 * {@code [table]} and {@code [[array of tables]]} headers, basic and literal strings,
 * whole numbers, booleans, arrays (over several lines) and inline tables. Floats, dates
 * and multi-line strings are refused with the line they are on, as is a key given twice.
 */
final class ExtismToml {

	private final String text;

	private final Map<String, Object> root = new LinkedHashMap<>();

	private int position;

	private ExtismToml(String text) {
		this.text = text;
	}

	/**
	 * Read a TOML document.
	 * @param text the document
	 * @return its root table
	 * @throws IllegalArgumentException naming the line that cannot be read and why
	 */
	static Map<String, Object> parseObject(String text) {
		ExtismToml toml = new ExtismToml(text);
		toml.document();
		return toml.root;
	}

	/**
	 * Return whether a text starts as a TOML document would: its first line that is
	 * neither blank nor a comment is a table header or a {@code key = value} pair.
	 * @param text the text
	 * @return whether it reads as TOML
	 */
	static boolean looksLikeToml(String text) {
		for (String line : text.lines().toList()) {
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			return trimmed.matches("\\[\\[?\\s*[A-Za-z0-9_\"'.\\- ]+\\]\\]?\\s*(#.*)?")
					|| trimmed.matches("[A-Za-z0-9_\\-\"'. ]+=.*");
		}
		return false;
	}

	private void document() {
		Map<String, Object> table = this.root;
		while (true) {
			skipBlankAndComments();
			if (this.position >= this.text.length()) {
				return;
			}
			if (peek() == '[') {
				table = header();
			}
			else {
				keyValue(table);
			}
			endOfLine();
		}
	}

	private Map<String, Object> header() {
		boolean array = this.text.startsWith("[[", this.position);
		this.position += array ? 2 : 1;
		List<String> path = key();
		expect(array ? "]]" : "]");
		Map<String, Object> parent = descend(path.subList(0, path.size() - 1));
		String last = path.get(path.size() - 1);
		Object existing = parent.get(last);
		if (array) {
			List<Object> list;
			if (existing == null) {
				list = new ArrayList<>();
				parent.put(last, list);
			}
			else if (existing instanceof List<?>) {
				list = cast(existing);
			}
			else {
				throw error("'" + String.join(".", path) + "' is already a value, not an array of tables");
			}
			Map<String, Object> table = new LinkedHashMap<>();
			list.add(table);
			return table;
		}
		if (existing != null) {
			throw error("table '" + String.join(".", path) + "' is defined twice");
		}
		Map<String, Object> table = new LinkedHashMap<>();
		parent.put(last, table);
		return table;
	}

	private Map<String, Object> descend(List<String> path) {
		Map<String, Object> table = this.root;
		for (String part : path) {
			Object next = table.get(part);
			if (next == null) {
				Map<String, Object> created = new LinkedHashMap<>();
				table.put(part, created);
				table = created;
			}
			else if (next instanceof Map<?, ?>) {
				table = cast(next);
			}
			else if (next instanceof List<?> list && !list.isEmpty()
					&& list.get(list.size() - 1) instanceof Map<?, ?>) {
				table = cast(list.get(list.size() - 1));
			}
			else {
				throw error("'" + part + "' is a value, not a table");
			}
		}
		return table;
	}

	private void keyValue(Map<String, Object> table) {
		List<String> path = key();
		skipSpace();
		expect("=");
		skipSpace();
		Object value = value();
		Map<String, Object> target = descendWithin(table, path.subList(0, path.size() - 1));
		String last = path.get(path.size() - 1);
		if (target.containsKey(last)) {
			throw error("key '" + String.join(".", path) + "' is given twice");
		}
		target.put(last, value);
	}

	private Map<String, Object> descendWithin(Map<String, Object> table, List<String> path) {
		Map<String, Object> current = table;
		for (String part : path) {
			Object next = current.computeIfAbsent(part, (name) -> new LinkedHashMap<String, Object>());
			if (!(next instanceof Map<?, ?>)) {
				throw error("'" + part + "' is a value, not a table");
			}
			current = cast(next);
		}
		return current;
	}

	private List<String> key() {
		List<String> parts = new ArrayList<>();
		while (true) {
			skipSpace();
			char c = peek();
			if (c == '"') {
				parts.add(basicString());
			}
			else if (c == '\'') {
				parts.add(literalString());
			}
			else {
				int start = this.position;
				while (this.position < this.text.length() && isBareKeyChar(this.text.charAt(this.position))) {
					this.position++;
				}
				if (start == this.position) {
					throw error("expected a key");
				}
				parts.add(this.text.substring(start, this.position));
			}
			skipSpace();
			if (this.position < this.text.length() && peek() == '.') {
				this.position++;
				continue;
			}
			return parts;
		}
	}

	private Object value() {
		char c = peek();
		if (c == '"') {
			if (this.text.startsWith("\"\"\"", this.position)) {
				throw error("multi-line strings are not supported in a manifest; write the string on one line");
			}
			return basicString();
		}
		if (c == '\'') {
			if (this.text.startsWith("'''", this.position)) {
				throw error("multi-line strings are not supported in a manifest; write the string on one line");
			}
			return literalString();
		}
		if (c == '[') {
			return array();
		}
		if (c == '{') {
			return inlineTable();
		}
		if (this.text.startsWith("true", this.position) && !bareAt(this.position + 4)) {
			this.position += 4;
			return Boolean.TRUE;
		}
		if (this.text.startsWith("false", this.position) && !bareAt(this.position + 5)) {
			this.position += 5;
			return Boolean.FALSE;
		}
		return integer();
	}

	private Long integer() {
		int start = this.position;
		while (this.position < this.text.length() && "+-0123456789_xXoObBabcdefABCDEF.:".indexOf(peek()) >= 0) {
			this.position++;
		}
		String token = this.text.substring(start, this.position);
		if (!token.matches("[+-]?(0|[1-9](_?[0-9])*)")) {
			throw error(token.isEmpty() ? "expected a value" : "'" + token
					+ "' is not a decimal whole number (floats, dates and other bases are not supported)");
		}
		try {
			return Long.parseLong(token.replace("_", "").replace("+", ""));
		}
		catch (NumberFormatException ex) {
			throw error("'" + token + "' is too large");
		}
	}

	private List<Object> array() {
		this.position++;
		List<Object> values = new ArrayList<>();
		while (true) {
			skipBlankAndComments();
			if (peek() == ']') {
				this.position++;
				return values;
			}
			values.add(value());
			skipBlankAndComments();
			if (peek() == ',') {
				this.position++;
			}
			else if (peek() != ']') {
				throw error("expected ',' or ']' in an array");
			}
		}
	}

	private Map<String, Object> inlineTable() {
		this.position++;
		Map<String, Object> table = new LinkedHashMap<>();
		skipSpace();
		if (peek() == '}') {
			this.position++;
			return table;
		}
		while (true) {
			keyValue(table);
			skipSpace();
			char c = peek();
			this.position++;
			if (c == '}') {
				return table;
			}
			if (c != ',') {
				this.position--;
				throw error("expected ',' or '}' in an inline table");
			}
			skipSpace();
		}
	}

	private String basicString() {
		this.position++;
		StringBuilder value = new StringBuilder();
		while (true) {
			if (this.position >= this.text.length() || peek() == '\n') {
				throw error("a string is not closed on its line");
			}
			char c = this.text.charAt(this.position++);
			if (c == '"') {
				return value.toString();
			}
			if (c != '\\') {
				value.append(c);
				continue;
			}
			if (this.position >= this.text.length()) {
				throw error("a string ends in an escape");
			}
			char escape = this.text.charAt(this.position++);
			switch (escape) {
				case '"' -> value.append('"');
				case '\\' -> value.append('\\');
				case 'b' -> value.append('\b');
				case 't' -> value.append('\t');
				case 'n' -> value.append('\n');
				case 'f' -> value.append('\f');
				case 'r' -> value.append('\r');
				case 'u' -> value.appendCodePoint(codePoint(4));
				case 'U' -> value.appendCodePoint(codePoint(8));
				default -> throw error("'\\" + escape + "' is not an escape TOML knows");
			}
		}
	}

	private int codePoint(int digits) {
		if (this.position + digits > this.text.length()) {
			throw error("a unicode escape needs " + digits + " hexadecimal digits");
		}
		String hex = this.text.substring(this.position, this.position + digits);
		this.position += digits;
		try {
			int codePoint = Integer.parseInt(hex, 16);
			if (Character.isValidCodePoint(codePoint)) {
				return codePoint;
			}
		}
		catch (NumberFormatException ex) {
			// refused below
		}
		throw error("'" + hex + "' is not a unicode code point");
	}

	private String literalString() {
		int start = ++this.position;
		int end = this.text.indexOf('\'', start);
		int newline = this.text.indexOf('\n', start);
		if (end < 0 || (newline >= 0 && newline < end)) {
			throw error("a string is not closed on its line");
		}
		this.position = end + 1;
		return this.text.substring(start, end);
	}

	private void endOfLine() {
		skipSpace();
		if (this.position < this.text.length() && peek() == '#') {
			skipComment();
		}
		if (this.position < this.text.length()) {
			if (peek() == '\r') {
				this.position++;
			}
			if (this.position < this.text.length() && peek() != '\n') {
				throw error("unexpected '" + peek() + "' after a value; put one key = value per line");
			}
		}
	}

	private void skipBlankAndComments() {
		while (this.position < this.text.length()) {
			char c = peek();
			if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
				this.position++;
			}
			else if (c == '#') {
				skipComment();
			}
			else {
				return;
			}
		}
	}

	private void skipComment() {
		while (this.position < this.text.length() && peek() != '\n') {
			this.position++;
		}
	}

	private void skipSpace() {
		while (this.position < this.text.length() && (peek() == ' ' || peek() == '\t')) {
			this.position++;
		}
	}

	private void expect(String token) {
		skipSpace();
		if (!this.text.startsWith(token, this.position)) {
			throw error("expected '" + token + "'");
		}
		this.position += token.length();
	}

	private char peek() {
		if (this.position >= this.text.length()) {
			throw error("the document ends early");
		}
		return this.text.charAt(this.position);
	}

	private boolean bareAt(int index) {
		return index < this.text.length() && isBareKeyChar(this.text.charAt(index));
	}

	private static boolean isBareKeyChar(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
	}

	private IllegalArgumentException error(String reason) {
		int line = 1;
		for (int i = 0; i < Math.min(this.position, this.text.length()); i++) {
			if (this.text.charAt(i) == '\n') {
				line++;
			}
		}
		return new IllegalArgumentException("line " + line + ": " + reason);
	}

	@SuppressWarnings("unchecked")
	private static <T> T cast(Object value) {
		return (T) value;
	}

}
