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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suite's harnesses run in JVMs of their own, bounded in time, and their figures land
 * in one JSON file the report reads; measured figures are not checked, only that they are
 * there.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HarnessRunsTests {

	@TempDir
	Path directory;

	@Test
	void harnessesRunInJvmsOfTheirOwnAndTheirFiguresAreGathered() throws Exception {
		Path json = this.directory.resolve("harness-result.json");
		int failed = HarnessRuns
			.run(List.of(new HarnessRuns.Harness("many-tenants", ManyTenantsHarness.class, List.of("-Xmx256m"),
					List.of("--tenants", "6", "--max-loaded", "3", "--lookup-calls", "1000"), Duration.ofSeconds(90)),
					new HarnessRuns.Harness("footprint", TenantsHarness.class, List.of("-Xmx256m"),
							List.of("--modules", "3", "--histogram"), Duration.ofSeconds(90))),
					json, System.out);
		assertThat(failed).isZero();
		JsonNode figures = new ObjectMapper().readTree(json.toFile());
		JsonNode tenants = figures.path("many-tenants");
		assertThat(tenants.path("tenants").asInt()).isEqualTo(6);
		assertThat(tenants.path("maxHeapMiB").asDouble()).isBetween(200.0, 256.0);
		assertThat(tenants.path("firstCallCompiling").path("calls").asInt()).isEqualTo(6);
		assertThat(tenants.path("firstCallEvicted").path("calls").asInt()).isEqualTo(3);
		assertThat(tenants.path("firstCallRestart").path("calls").asInt()).isEqualTo(6);
		assertThat(tenants.path("residency").path("compiled").asInt()).isEqualTo(6);
		assertThat(tenants.path("residency").path("fromDiskCache").asInt()).isEqualTo(3);
		assertThat(tenants.path("restartResidency").path("compiled").asInt()).isZero();
		assertThat(tenants.path("lookupNanosFull").asDouble()).isPositive();
		JsonNode footprint = figures.path("footprint");
		assertThat(footprint.path("modules").asInt()).isEqualTo(3);
		assertThat(footprint.path("defined").path("heapKiB").isNumber()).isTrue();
		assertThat(footprint.path("histogram").isArray()).isTrue();
		String report = ResultsReport.render(List.of(),
				RunDescription.read(this.directory.resolve("absent.properties")), HarnessReport.read(json));
		assertThat(report).contains("| tenants defined, all callable | 6 (3 loaded) |")
			.contains("| of an evicted tenant (loaded from the disk cache, not compiled; goal p99 ≤ 20 ms) | 3 |");
	}

	@Test
	void harnessRunningPastItsBoundIsStoppedAndRecorded() throws Exception {
		Path json = this.directory.resolve("harness-result.json");
		int failed = HarnessRuns.run(List.of(
				new HarnessRuns.Harness("sleeping", StubHarness.class, List.of(), List.of("sleep"),
						Duration.ofSeconds(3)),
				new HarnessRuns.Harness("failing", StubHarness.class, List.of(), List.of("exit"),
						Duration.ofSeconds(60)),
				new HarnessRuns.Harness("writing", StubHarness.class, List.of(), List.of("write"),
						Duration.ofSeconds(60))),
				json, System.out);
		assertThat(failed).isEqualTo(2);
		JsonNode figures = new ObjectMapper().readTree(json.toFile());
		assertThat(figures.path("sleeping").path("error").asString()).isEqualTo("stopped after 3 s, its bound");
		assertThat(figures.path("failing").path("error").asString()).isEqualTo("failed with exit code 3");
		assertThat(figures.path("writing").path("answer").asInt()).isEqualTo(42);
	}

	@Test
	void buildTimeFiguresHoldEachModuleAndStartWithBothVariants() {
		Map<String, List<Long>> results = new LinkedHashMap<>();
		for (String module : List.of("wasi-files", "extism-kitchen-sink")) {
			for (String start : List.of("cold", "started")) {
				results.put(module + " " + start + " compile", new ArrayList<>(List.of(3_000_000L, 1_000_000L)));
				results.put(module + " " + start + " build-time", new ArrayList<>(List.of(200_000L, 100_000L)));
			}
		}
		Map<String, Object> figures = BuildTimeFirstCallHarness.figures(2, results).asMap();
		assertThat(figures).containsEntry("rounds", 2);
		JsonNode rows = new ObjectMapper().valueToTree(figures).path("rows");
		assertThat(rows.size()).isEqualTo(4);
		JsonNode started = rows.get(1);
		assertThat(started.path("module").asString()).isEqualTo("wasi-files");
		assertThat(started.path("jvm").asString()).isEqualTo("started");
		assertThat(started.path("compile").path("p50Ms").asDouble()).isEqualTo(1.0);
		assertThat(started.path("compile").path("maxMs").asDouble()).isEqualTo(3.0);
		assertThat(started.path("buildTime").path("p50Ms").asDouble()).isEqualTo(0.1);
	}

	@Test
	void renderOnlyRendersTheJmhAndTheHarnessFigures() throws Exception {
		Path json = this.directory.resolve("jmh-result.json");
		Files.writeString(json, """
				[{"benchmark": "dev.wasmspring.benchmarks.FuelBenchmark.call", "mode": "avgt", "threads": 1,
				  "params": {"workload": "fib", "fuel": "off", "engine": "compiler"},
				  "primaryMetric": {"score": 30.0, "scoreError": 1.0, "scoreUnit": "us/op"}}]
				""");
		Files.writeString(this.directory.resolve("harness-result.json"), """
				{"build-time": {"rounds": 2, "rows": [{"module": "wasi-files", "jvm": "cold",
				  "compile": {"p50Ms": 900.0, "minMs": 800.0, "maxMs": 1000.0},
				  "buildTime": {"p50Ms": 30.0, "minMs": 20.0, "maxMs": 40.0}}]}}
				""");
		Path results = this.directory.resolve("RESULTS.md");
		BenchmarkSuite
			.main(new String[] { "--render-only", "--json", json.toString(), "--results", results.toString() });
		assertThat(Files.readString(results)).contains("| 30.0 ± 1.0 | — |")
			.contains("| wasi-files | cold | 900 / 800 / 1000 | 30 / 20 / 40 | 30.0 (met) |");
	}

}
