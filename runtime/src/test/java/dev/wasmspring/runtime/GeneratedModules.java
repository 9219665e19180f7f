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

package dev.wasmspring.runtime;

import java.io.ByteArrayOutputStream;

/**
 * Modules an attacker would write by program rather than by hand: the binary format
 * emitted directly, as a generator script would. The sizes are the attack; the content is
 * trivial.
 */
final class GeneratedModules {

	private GeneratedModules() {
	}

	/**
	 * A module of {@code count} immutable {@code i32} globals and nothing else: five
	 * bytes a global in the binary, tens of bytes each in an instance.
	 */
	static byte[] globals(int count) {
		ByteArrayOutputStream content = new ByteArrayOutputStream(count * 5 + 8);
		leb(content, count);
		for (int i = 0; i < count; i++) {
			// i32, immutable, init (i32.const 0) end
			content.write(0x7f);
			content.write(0x00);
			content.write(0x41);
			content.write(0x00);
			content.write(0x0b);
		}
		ByteArrayOutputStream module = header();
		section(module, 6, content.toByteArray());
		return module.toByteArray();
	}

	/**
	 * A module of {@code functions} functions {@code () -> i32}, each adding
	 * {@code additions} constants: slow to compile, quick to write.
	 */
	static byte[] slowToCompile(int functions, int additions, int salt) {
		ByteArrayOutputStream module = header();
		// type section: one type () -> i32
		section(module, 1, new byte[] { 0x01, 0x60, 0x00, 0x01, 0x7f });
		ByteArrayOutputStream declared = new ByteArrayOutputStream();
		leb(declared, functions);
		for (int i = 0; i < functions; i++) {
			declared.write(0x00);
		}
		section(module, 3, declared.toByteArray());
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write(0x00); // no locals
		body.write(0x41);
		leb(body, salt & 0x3f);
		for (int i = 0; i < additions; i++) {
			body.write(0x41);
			leb(body, (i + salt) & 0x3f);
			body.write(0x6a); // i32.add
		}
		body.write(0x0b);
		byte[] oneBody = body.toByteArray();
		ByteArrayOutputStream code = new ByteArrayOutputStream();
		leb(code, functions);
		for (int i = 0; i < functions; i++) {
			leb(code, oneBody.length);
			code.writeBytes(oneBody);
		}
		section(module, 10, code.toByteArray());
		return module.toByteArray();
	}

	private static ByteArrayOutputStream header() {
		ByteArrayOutputStream module = new ByteArrayOutputStream();
		module.writeBytes(new byte[] { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 });
		return module;
	}

	private static void section(ByteArrayOutputStream module, int id, byte[] content) {
		module.write(id);
		leb(module, content.length);
		module.writeBytes(content);
	}

	private static void leb(ByteArrayOutputStream out, long value) {
		long remaining = value;
		do {
			int b = (int) (remaining & 0x7f);
			remaining >>>= 7;
			if (remaining != 0) {
				b |= 0x80;
			}
			out.write(b);
		}
		while (remaining != 0);
	}

}
