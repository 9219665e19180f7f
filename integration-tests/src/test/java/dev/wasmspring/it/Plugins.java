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

package dev.wasmspring.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The bytes of the sample's plugins and of test modules, as the classpath holds them.
 */
final class Plugins {

	private Plugins() {
	}

	/**
	 * Return a plugin the sample ships, from its {@code plugins/} folder.
	 * @param name the plugin's name, without {@code .wasm}
	 * @return the bytes
	 */
	static byte[] sample(String name) {
		return read("/plugins/" + name + ".wasm");
	}

	/**
	 * Return a test module from {@code testing-wasm}.
	 * @param name the module's name, without {@code .wasm}
	 * @return the bytes
	 */
	static byte[] testing(String name) {
		return read("/wasm/" + name + ".wasm");
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] read(String resource) {
		try (InputStream in = Plugins.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException(resource + " is not on the test classpath");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
