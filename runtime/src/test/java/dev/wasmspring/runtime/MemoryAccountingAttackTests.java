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

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heap attacks a plugin can make, each run in a fresh JVM with a 256 MiB heap,
 * <em>cold</em> (the attack is the first failure that JVM sees, nothing of the failure
 * path has run before) and <em>warm</em> (an ordinary trap came first). Each attack must
 * end in a typed failure, never an {@link Error}; the failed instance must be closed and
 * its memory released; and afterwards the application allocates 16 MiB of its own, a 20
 * ms timeout fires and an ordinary call works. The runtime's memory budget is left at its
 * default (half the heap).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class MemoryAccountingAttackTests {

	private static final long MIB = 1024 * 1024;

	@ParameterizedTest
	@ValueSource(strings = { "cold", "warm" })
	void memoryBombUnderACarelessLimitFailsTypedAndReleasesEverything(String temperature) throws Exception {
		Map<String, String> result = runForked("memory-bomb", temperature);
		assertThat(result).containsEntry("outcome.memory_bomb:trap-RESOURCE_EXHAUSTED", "1");
		assertThat(result).containsEntry("memoryBomb.openAfterFailure", "false");
		assertThat(result).containsEntry("memoryBomb.reservedAfter", "0");
		// the caller still holds the instance: what it wrote is reachable from nothing
		assertThat(Long.parseLong(result.get("memoryBomb.heapHeldWithReferenceKept"))).isLessThan(64 * MIB);
		assertServing(result);
	}

	@ParameterizedTest
	@ValueSource(strings = { "cold", "warm" })
	void globalsAreBoundedAtLoadAndCountedPerInstance(String temperature) throws Exception {
		Map<String, String> result = runForked("globals", temperature);
		// two million globals (10 MB): refused from the section header, before parsing
		assertThat(result).containsEntry("outcome.define-2000000:WasmModuleLoadException-TOO_LARGE", "1");
		// 600,000: each instance reserves what its globals cost; four at once do not all
		// fit the budget
		int refused = Integer.parseInt(result.getOrDefault("outcome.instantiate:trap-RESOURCE_EXHAUSTED", "0"));
		int made = Integer.parseInt(result.getOrDefault("outcome.instantiate:ok", "0"));
		assertThat(refused + made).isEqualTo(4);
		assertThat(refused).isPositive();
		assertThat(made).isPositive();
		assertServing(result);
	}

	@ParameterizedTest
	@ValueSource(strings = { "cold", "warm" })
	void sixteenConcurrentAnswersOfSixteenMebibytesAreBounded(String temperature) throws Exception {
		Map<String, String> result = runForked("answers", temperature);
		// above the default answer-size limit of 8 MiB: refused from the length, nothing
		// copied
		assertThat(result).containsEntry("outcome.answers:GUEST_ERROR", "16");
		// allowed by the module's limit: copied while the budget holds them, refused by
		// it otherwise
		int copied = Integer.parseInt(result.getOrDefault("outcome.answers-allowed:ok", "0"));
		int refused = Integer.parseInt(result.getOrDefault("outcome.answers-allowed:trap-RESOURCE_EXHAUSTED", "0"));
		assertThat(copied + refused).isEqualTo(16);
		assertThat(copied).isPositive();
		assertThat(result).containsEntry("answers.leftOpenAfterFailure", "0")
			.containsEntry("answers-allowed.leftOpenAfterFailure", "0");
		assertServing(result);
	}

	@ParameterizedTest
	@ValueSource(strings = { "cold", "warm" })
	void extismBlocksVariablesAndErrorTextsAreBounded(String temperature) throws Exception {
		Map<String, String> result = runForked("extism", temperature);
		// alloc(0) and alloc(1)+free in a loop end at the block limit, quickly, not when
		// the heap is full
		assertThat(result).containsEntry("outcome.alloc_zero_loop:trap-RESOURCE_EXHAUSTED", "1")
			.containsEntry("outcome.alloc_free_loop:trap-RESOURCE_EXHAUSTED", "1");
		assertThat(Long.parseLong(result.get("alloc_zero_loop.millis"))).isLessThan(30_000);
		assertThat(result).containsEntry("alloc_zero_loop.openAfterFailure", "false");
		// 1 MiB keys count against the variable limit: the first one is refused as Extism
		// refuses it
		assertThat(result).containsEntry("outcome.big_keys:PLUGIN_ERROR", "1");
		// a 32 MiB error text reaches the caller bounded, with its line break and escape
		// sequence escaped
		assertThat(result).containsEntry("outcome.big_error:PLUGIN_ERROR", "1");
		assertThat(Integer.parseInt(result.get("big_error.messageLength"))).isLessThan(64 * 1024);
		assertThat(result).containsEntry("big_error.messageHasLineBreak", "false")
			.containsEntry("big_error.messageHasEscape", "false");
		// a 16 MiB output is above the default answer-size limit
		assertThat(result).containsEntry("outcome.big_output:GUEST_ERROR", "1");
		assertThat(result).containsEntry("extism.okAfter", "ok");
		assertServing(result);
	}

	@ParameterizedTest
	@ValueSource(strings = { "cold", "warm" })
	void closedInstancesReleaseTheirMemoryWhileTheCallerStillHoldsThem(String temperature) throws Exception {
		Map<String, String> result = runForked("closed", temperature);
		// sixteen instances of 16 MiB each, all still referenced: 256 MiB, the whole
		// heap, only if close released
		assertThat(result).containsEntry("outcome.memory_bomb:ok", "16");
		assertThat(Long.parseLong(result.get("closed.reservedWhileOpen"))).isGreaterThan(15 * MIB);
		assertThat(result).containsEntry("closed.reservedAfterClose", "0");
		assertThat(result).containsEntry("closed.keptReferences", "16");
		assertThat(Long.parseLong(result.get("closed.heapHeldAfterClose"))).isLessThan(16 * MIB);
		assertServing(result);
	}

	@ParameterizedTest
	@ValueSource(strings = { "cold", "warm" })
	void anEndlessModuleSourceStopsAtTheSizeLimit(String temperature) throws Exception {
		Map<String, String> result = runForked("stream", temperature);
		assertThat(result).containsEntry("outcome.define-endless:WasmModuleLoadException-TOO_LARGE", "1");
		assertThat(result).containsEntry("stream.reservedAfter", "0");
		assertServing(result);
	}

	@ParameterizedTest
	@ValueSource(strings = { "cold", "warm" })
	void abandonedCompilationsNeverPileUp(String temperature) throws Exception {
		Map<String, String> result = runForked("compile", temperature);
		assertThat(result).containsEntry("outcome.define-slow:WasmModuleLoadException-COMPILE_TIMEOUT", "6");
		// one compilation at a time, and those whose callers gave up while they waited
		// never started
		assertThat(result).containsEntry("compile.started", "1").containsEntry("compile.abandonedAfter", "0");
		assertServing(result);
	}

	@ParameterizedTest
	@ValueSource(strings = { "cold", "warm" })
	void instancesKeptUntilTheHeapItselfRunsOutFailTypedWhereverTheirMakingWas(String temperature) throws Exception {
		// a budget of 1 TiB, far above the heap: the heap runs out, not the budget
		Map<String, String> result = runForked("instances", temperature, 1L << 40);
		assertThat(result).containsEntry("instances.rawError", "0").containsEntry("instances.otherFailure", "0");
		assertThat(Integer.parseInt(result.get("instances.exhausted"))).isPositive();
		assertThat(Integer.parseInt(result.get("instances.made"))).isGreaterThan(1_000);
		assertServing(result);
	}

	private static void assertServing(Map<String, String> result) {
		assertThat(result.keySet()).noneMatch((key) -> key.contains("ERROR-") || key.startsWith("UNEXPECTED"));
		assertThat(result).containsEntry("after.ownAllocation", "ok");
		assertThat(result).containsEntry("after.timeout", "TIMED_OUT");
		assertThat(Long.parseLong(result.get("after.timeoutMillis"))).isLessThan(5_000);
		assertThat(result).containsEntry("after.ordinaryCall", "ok");
		assertThat(result).containsEntry("after.reserved", "0");
	}

	static Map<String, String> runForked(String attack, String temperature) throws IOException, InterruptedException {
		return runForked(attack, temperature, null);
	}

	static Map<String, String> runForked(String attack, String temperature, Long budget)
			throws IOException, InterruptedException {
		Map<String, String> result = (budget != null)
				? ForkedJvm.run(MemoryAttackApplication.class, 300, List.of("-Xmx64m"), attack, temperature,
						String.valueOf(budget))
				: ForkedJvm.run(MemoryAttackApplication.class, 300, attack, temperature);
		String output = result.remove("output");
		if (output.contains("\tat ")) {
			// a stack trace the attack printed: where a failure escaped
			System.out.println(output);
		}
		System.out.println(attack + " (" + temperature + "): " + result);
		if (temperature.equals("warm")) {
			assertThat(result).as(output).containsEntry("warmup", "UNREACHABLE");
		}
		return result;
	}

}
