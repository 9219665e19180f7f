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

package dev.wasmspring.benchmarks;

import java.nio.file.Path;

/**
 * A stand-in harness for {@link HarnessRunsTests}: {@code sleep} outlasts any bound,
 * {@code exit} fails, {@code write} writes one figure to the file after {@code --json}.
 */
public final class StubHarness {

	private StubHarness() {
	}

	public static void main(String[] args) throws Exception {
		switch (args[0]) {
			case "sleep" -> Thread.sleep(600_000);
			case "exit" -> System.exit(3);
			default -> new HarnessFigures().put("answer", 42).write(Path.of(args[2]));
		}
	}

}
