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

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Bytes that are not a loadable module, one per way a module file goes wrong.
 */
public final class BrokenModules {

	private BrokenModules() {
	}

	/** counter.wasm cut one byte short. */
	public static byte[] truncated() {
		byte[] counter = TestModules.bytes("counter.wasm");
		return Arrays.copyOf(counter, counter.length - 1);
	}

	/** A module in text format instead of binary. */
	public static byte[] text() {
		return "(module (func (export \"f\")))\n".getBytes(StandardCharsets.UTF_8);
	}

	/** A valid preamble followed by a section id the format does not define. */
	public static byte[] malformed() {
		return HexFormat.of().parseHex("0061736d01000000" + "7f0100");
	}

	/**
	 * A module that parses but does not validate: a function declared to return i32
	 * returns an i64.
	 */
	public static byte[] invalid() {
		return HexFormat.of()
			.parseHex("0061736d01000000" // magic and version
					+ "010501600001" + "7f" // type section: () -> i32
					+ "03020100" // function section: one function of type 0
					+ "0a0601040042000b"); // code section: i64.const 0, end
	}

}
