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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmLinkException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Thousands of mutated and truncated variants of real modules, fed to the registry with a
 * fixed seed: each one either loads (and its instances then trap, time out or run) or
 * fails to load with the runtime's own exception. None hangs, and none throws anything
 * else, not even an {@link Error}.
 */
class WasmModuleFuzzTests {

	private static final long SEED = 0x5EEDF00DL;

	private static final int VARIANTS_PER_MODULE = 1800;

	private static final List<String> MODULES = List.of("traps.wasm", "counter.wasm", "imports.wasm");

	/** What happened to each variant, by outcome, for the assertion message. */
	private final Map<String, Integer> outcomes = new TreeMap<>();

	private final Map<WasmModuleLoadException.Reason, Integer> loadFailures = new EnumMap<>(
			WasmModuleLoadException.Reason.class);

	private final List<String> unexpected = new ArrayList<>();

	private volatile String current = "none yet";

	@Test
	void mutatedAndTruncatedModulesLoadOrFailWithTheRuntimesOwnExceptions() {
		// a hang anywhere fails the test, naming the variant that was running
		assertTimeoutPreemptively(Duration.ofSeconds(150), this::fuzz, () -> "hung on " + this.current);
		assertThat(this.unexpected).as("outcomes: %s, load failures: %s", this.outcomes, this.loadFailures).isEmpty();
		int total = this.outcomes.values().stream().mapToInt(Integer::intValue).sum();
		assertThat(total).isEqualTo(MODULES.size() * VARIANTS_PER_MODULE);
		// the mutations reach every stage: rejected bytes, loaded modules, and instances
		// that ran
		assertThat(this.outcomes).containsKeys("load failed", "link failed", "ran");
		assertThat(this.loadFailures).containsKeys(WasmModuleLoadException.Reason.TRUNCATED,
				WasmModuleLoadException.Reason.MALFORMED, WasmModuleLoadException.Reason.BAD_MAGIC,
				WasmModuleLoadException.Reason.EMPTY);
	}

	private void fuzz() {
		SplittableRandom random = new SplittableRandom(SEED);
		CompilationCache cache = CompilationCache.create();
		try (WasmRuntime interpreted = runtime(WasmEngine.INTERPRETER, cache);
				WasmRuntime compiled = runtime(WasmEngine.COMPILER, cache)) {
			for (String file : MODULES) {
				byte[] original = TestModules.bytes(file);
				for (int i = 0; i < VARIANTS_PER_MODULE; i++) {
					byte[] variant = mutate(original, random);
					this.current = file + " variant " + i + " (seed " + SEED + ")";
					// every 40th variant also goes through the compiler, the rest only
					// through the parser
					WasmRuntime runtime = (i % 40 == 0) ? compiled : interpreted;
					String outcome = tryVariant(runtime, "v" + i, variant);
					this.outcomes.merge(outcome, 1, Integer::sum);
				}
			}
		}
	}

	private String tryVariant(WasmRuntime runtime, String name, byte[] variant) {
		try {
			runtime.define(WasmModuleDefinition.of(name, ModuleSource.of(this.current, variant))
				.withMaxMemory(1024L * 1024)
				.withTimeout(Duration.ofMillis(50)));
		}
		catch (WasmModuleLoadException ex) {
			this.loadFailures.merge(ex.getReason(), 1, Integer::sum);
			return "load failed";
		}
		catch (WasmLinkException ex) {
			return "link failed";
		}
		catch (Throwable ex) {
			return unexpected("define", ex);
		}
		try {
			return run(runtime, name);
		}
		finally {
			runtime.remove(name);
		}
	}

	private String run(WasmRuntime runtime, String name) {
		try (WasmInstance instance = runtime.newInstance(name)) {
			for (Map.Entry<String, WasmFunctionType> export : instance.exports().entrySet()) {
				if (!instance.isOpen()) {
					break;
				}
				try {
					instance.callRaw(export.getKey(), new long[export.getValue().params().size()]);
				}
				catch (WasmCallException ex) {
					// a trap, a timeout or an exit ends this call only
				}
			}
			return "ran";
		}
		catch (WasmCallException ex) {
			return "instantiation failed";
		}
		catch (Throwable ex) {
			return unexpected("run", ex);
		}
		finally {
			assertThat(Thread.interrupted()).as("interrupt left after %s", this.current).isFalse();
		}
	}

	private String unexpected(String stage, Throwable ex) {
		this.unexpected.add(this.current + " while trying to " + stage + ": " + ex);
		return "unexpected";
	}

	private static byte[] mutate(byte[] original, SplittableRandom random) {
		byte[] bytes = original.clone();
		switch (random.nextInt(7)) {
			case 0 -> {
				// cut anywhere, including inside the header
				return Arrays.copyOf(bytes, random.nextInt(bytes.length));
			}
			case 1 -> {
				int changes = 1 + random.nextInt(8);
				for (int i = 0; i < changes; i++) {
					bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
				}
			}
			case 2 -> {
				int position = random.nextInt(bytes.length);
				bytes[position] ^= (byte) (1 << random.nextInt(8));
			}
			case 3 -> {
				// the values that break LEB128 lengths and counts most often
				byte[] edges = { 0x00, (byte) 0x7f, (byte) 0x80, (byte) 0xff };
				bytes[random.nextInt(bytes.length)] = edges[random.nextInt(edges.length)];
			}
			case 4 -> {
				int from = random.nextInt(bytes.length);
				int to = Math.min(bytes.length, from + 1 + random.nextInt(16));
				byte[] shorter = new byte[bytes.length - (to - from)];
				System.arraycopy(bytes, 0, shorter, 0, from);
				System.arraycopy(bytes, to, shorter, from, bytes.length - to);
				return shorter;
			}
			case 5 -> {
				int at = random.nextInt(bytes.length);
				int count = 1 + random.nextInt(16);
				byte[] longer = new byte[bytes.length + count];
				System.arraycopy(bytes, 0, longer, 0, at);
				for (int i = 0; i < count; i++) {
					longer[at + i] = (byte) random.nextInt(256);
				}
				System.arraycopy(bytes, at, longer, at + count, bytes.length - at);
				return longer;
			}
			default -> {
				// mutate past the header only, where the parser and validator do the work
				int changes = 1 + random.nextInt(3);
				for (int i = 0; i < changes; i++) {
					bytes[8 + random.nextInt(bytes.length - 8)] = (byte) random.nextInt(256);
				}
			}
		}
		return bytes;
	}

	private static WasmRuntime runtime(WasmEngine engine, CompilationCache cache) {
		return WasmRuntime.builder().withEngine(engine).withCompilationCache(cache).build();
	}

}
