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
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report reads JMH's JSON and computes each ratio from the scores of that one run.
 */
class ResultsReportTests {

	private static final String HARNESS_FIGURES = """
			{"many-tenants": {"tenants": 10000, "maxLoaded": 2000, "lookupCalls": 100000, "moduleBytes": 9500,
			  "maxHeapMiB": 1024.0,
			  "firstCallCompiling": {"calls": 10000, "p50Ms": 19.0, "p99Ms": 80.0, "minMs": 9.0, "maxMs": 300.0,
			    "meanMs": 21.0},
			  "defined": 10000, "loaded": 2000, "heldHeapMiB": 21.2, "heldMetaspaceMiB": 60.0,
			  "firstCallEvicted": {"calls": 8000, "p50Ms": 2.36, "p99Ms": 8.37, "minMs": 1.0, "maxMs": 12.0,
			    "meanMs": 2.86},
			  "residency": {"defined": 10000, "loaded": 2000, "compiled": 10000, "fromDiskCache": 8000,
			    "evicted": 16000},
			  "lookupNanosFull": 2252.0, "lookupNanosSingle": 1847.0, "closedHeapMiB": 5.3,
			  "closedMetaspaceMiB": 8.2,
			  "firstCallRestart": {"calls": 2000, "p50Ms": 1.72, "p99Ms": 10.27, "minMs": 1.0, "maxMs": 15.0,
			    "meanMs": 2.75},
			  "restartResidency": {"defined": 2000, "loaded": 2000, "compiled": 0, "fromDiskCache": 2000,
			    "evicted": 0}},
			 "footprint": {"modules": 2000, "moduleBytes": 9500, "defineMs": 25.0,
			  "defined": {"heapKiB": 19.0, "metaspaceKiB": 50.5, "classes": 3.8, "heapMiB": 37.0,
			    "metaspaceMiB": 98.6},
			  "histogram": [{"class": "byte[]", "bytes": 10819.0, "instances": 26.4}],
			  "called": {"heapKiB": 19.0, "metaspaceKiB": 52.0, "classes": 3.8, "heapMiB": 37.1,
			    "metaspaceMiB": 101.0},
			  "removedHeapMiB": 4.4, "removedMetaspaceMiB": 9.6},
			 "build-time": {"rounds": 4, "rows": [
			  {"module": "wasi-files", "jvm": "cold",
			   "compile": {"calls": 4, "p50Ms": 1000.0, "minMs": 900.0, "maxMs": 1200.0},
			   "buildTime": {"calls": 4, "p50Ms": 100.0, "minMs": 90.0, "maxMs": 130.0}},
			  {"module": "wasi-files", "jvm": "started",
			   "compile": {"calls": 4, "p50Ms": 2000.0, "minMs": 1900.0, "maxMs": 2100.0},
			   "buildTime": {"calls": 4, "p50Ms": 50.0, "minMs": 40.0, "maxMs": 60.0}}]}}
			""";

	@TempDir
	Path directory;

	private final RunDescription run = new RunDescription("-f 1 RequestCycle", "2025-01-01T00:00:00Z", "1 min 0 s",
			"0.5 / 0.4 / 0.3", "1.5 / 1.0 / 0.5", "2", "Test CPU", "1 kB", "Test JVM", "Test OS", "abc123");

	@Test
	void ratioIsComputedFromTheTwoScoresWithPropagatedError() throws Exception {
		String report = render(cycle("add", "starter", 1.05, 0.0105, 440), cycle("add", "chicory", 1.00, 0.01, 400));
		// 1.05 / 1.00, relative errors 1% and 1% -> 1.4%
		assertThat(report).contains("| add | 1.05 ± 0.01 (met) |");
		assertThat(report).contains("starter ÷ Chicory done right, timeout on ≤ 1.10, add: 1.05 ± 0.01, met");
	}

	@Test
	void ratioWhoseUncertaintyStraddlesTheTargetSaysSo() throws Exception {
		String report = render(cycle("counter", "starter", 54, 5, 0), cycle("counter", "chicory", 50, 1, 0));
		assertThat(report).contains("| counter | 1.08 ± 0.10 (met, within noise) |")
			.contains("counter: 1.08 ± 0.10, met, within noise");
	}

	@Test
	void missedTargetIsReported() throws Exception {
		String report = render(cycle("big-memory", "starter", 150, 1, 0), cycle("big-memory", "chicory", 100, 1, 0));
		assertThat(report).contains("big-memory: 1.50 ± 0.02, missed");
	}

	@Test
	void benchmarksNotRunShowAsMissingAndTheirTargetsAsNotMeasured() throws Exception {
		String report = render(cycle("add", "starter", 1.05, 0.01, 440));
		assertThat(report).contains("| add | 1.05 ± 0.01 | — |");
		assertThat(report)
			.contains("`@WasmImport` ÷ hand-written Chicory `HostFunction` ≤ 1.25, one import: " + "not measured");
	}

	@Test
	void allocationPerOperationComesFromTheGcProfiler() throws Exception {
		String report = render(cycle("big-memory", "starter", 150, 1, 2_700_000));
		assertThat(report).contains("| big-memory | 2636.7 KiB |");
	}

	@Test
	void runDescriptionIsPartOfTheReport() throws Exception {
		String report = render(cycle("add", "starter", 1, 0.1, 0));
		assertThat(report).contains("| processors (`nproc`) | 2 |", "| CPU | Test CPU |", "| JVM | Test JVM |",
				"with `-Dbench.args=\"-f 1 RequestCycle\"`", "| source revision | abc123 |");
	}

	@Test
	void firstCallFromTheDiskCacheIsComparedWithCompilingAndWithTheFullParse() throws Exception {
		String report = render(firstCall("wasi-files", "compile", 120, 1.2, 17_000_000),
				firstCall("wasi-files", "cache-full-parse", 30, 0.3, 7_000_000),
				firstCall("wasi-files", "cache", 10, 0.1, 1_000_000));
		assertThat(report).contains("## 9. First call from the disk cache")
			.contains("| wasi-files (C and wasi-libc, 103 functions) | 120 ± 1 | 30.0 ± 0.3 | 10.0 ± 0.1 | "
					+ "12.0 ± 0.2 | 3.00 ± 0.04 | 16601.6 KiB / 6835.9 KiB / 976.6 KiB |");
	}

	@Test
	void fuelOnIsComparedWithFuelOffAgainstTheGoal() throws Exception {
		String report = render(fuel("fib", "off", 30, 3, 0), fuel("fib", "on", 100, 10, 16),
				fuel("calls", "off", 12, 1, 0), fuel("calls", "on", 12.5, 1, 0), fuel("packed-calls", "off", 12, 1, 0),
				fuel("packed-calls", "on", 15, 1, 0), fuel("word-index", "off", 20, 2, 0),
				fuel("word-index", "on", 22, 2, 0), fuel("slugify", "off", 50, 1, 8200),
				fuel("slugify", "on", 52, 1, 8200));
		assertThat(report).contains("## 10. Fuel metering")
			.contains("| fib (`fib(20)`, recursive: a call every ~11 instructions) | 30.0 ± 3.0 | 100 ± 10 | "
					+ "3.33 ± 0.47 (missed) | 0 B / 16 B |")
			.contains("| word-index (`score` over 4 KiB of words) | 20.0 ± 2.0 | 22.0 ± 2.0 | "
					+ "1.10 ± 0.15 (met, within noise) | 0 B / 0 B |")
			.contains("| 50.0 ± 1.0 | 52.0 ± 1.0 | 1.04 ± 0.03 (met) | 8200 B / 8200 B |")
			.contains(
					"| calls (4096 calls of a 4-instruction `i32` function of fixed cost) | 12.0 ± 1.0 | 12.5 ± 1.0 | ")
			.contains("| packed-calls (the same with an explicit `return`: the count comes back with the result) | "
					+ "12.0 ± 1.0 | 15.0 ± 1.0 | ")
			.contains("- fuel on ÷ fuel off ≤ 1.15, fib: 3.33 ± 0.47, missed")
			.contains("- fuel on ÷ fuel off ≤ 1.15, slugify: 1.04 ± 0.03, met");
	}

	@Test
	void newInstancesOfBigModulesAreMarkedAgainstTheIssuesGoals() throws Exception {
		String report = render(bigModule("bigmod-javy", "starter", 15, 1, 73_626),
				bigModule("bigmod-javy", "starter-snapshot", 25, 10, 8192),
				bigModule("bigmod-go", "starter", 50, 5, 0));
		assertThat(report).contains("## 5b. Instances of big modules")
			.contains("| bigmod-javy | ≤ 20 µs | 15.0 ± 1.0 (met) | 25.0 ± 10.0 (missed, within noise) |")
			.contains("| bigmod-javy | ≤ 16 KiB allocated | 71.9 KiB (missed) | 8192 B (met) |")
			.contains("| bigmod-go | ≤ 40 µs | 50.0 ± 5.0 (missed) | — (not measured) |")
			.contains("- µs per new bigmod-javy instance ≤ 20, starter: 15.0 ± 1.0, met")
			.contains("- KiB allocated per new bigmod-javy instance ≤ 16, starter: 71.9, missed")
			.contains("- µs per new bigmod-go instance ≤ 40, starter from a snapshot: not measured");
	}

	@Test
	void tenantLookupIsTheDifferenceBetweenOneAndTwoThousandModulesWithinItsError() throws Exception {
		String report = render(lookup("1", "none", 1000, 50), lookup("2000", "none", 1030, 60),
				lookup("1", "loaded", 1000, 10), lookup("2000", "loaded", 1200, 10));
		assertThat(report).contains("## 11. Tenant lookup on the request path")
			.contains("| no limit on loaded modules | 1000 ± 50 | 1030 ± 60 | +30.0 ± 78.1 (met) | 1.03 ± 0.08 | "
					+ "3700 B / 3700 B |")
			.contains("| 1000 ± 10 | 1200 ± 10 | +200 ± 14 (missed) | 1.20 ± 0.02 |")
			.contains("- lookup among 2,000 modules unmeasurable (difference within its error), limit = the modules "
					+ "loaded (least-recently-used order kept): +200 ± 14 ns, missed");
	}

	@Test
	void harnessSectionsRenderTheirFiguresAndGoals() throws Exception {
		Path json = this.directory.resolve("harness-result.json");
		Files.writeString(json, HARNESS_FIGURES);
		new RunDescription("many-tenants: ManyTenantsHarness --tenants 10000", "2025-01-02T00:00:00Z", "9 min 0 s",
				"0.2 / 0.2 / 0.2", "1.0 / 0.5 / 0.3", "2", "Test CPU", "1 kB", "Test JVM", "Test OS", "def456")
			.write(RunDescription.pathFor(json));
		String report = ResultsReport.render(List.of(), this.run, HarnessReport.read(json));
		assertThat(report).contains("| harnesses | many-tenants: ManyTenantsHarness --tenants 10000 |")
			.contains("| source revision | def456 |")
			.contains("## 12. Many tenants in one JVM")
			.contains("| tenants defined, all callable | 10,000 (2,000 loaded) |")
			.contains("| heap held after GC | 21.2 MiB (10.9 KiB per loaded module) |")
			.contains("| heap and metaspace held (goal ≤ 512 MiB) | 81.2 MiB (met) |")
			.contains("| of an evicted tenant (loaded from the disk cache, not compiled; goal p99 ≤ 20 ms) | 8,000 | "
					+ "2.36 | 8.37 | 12.00 | 2.86 |")
			.contains("after the restart: 0 compiled, 2,000 from the disk cache")
			.contains("100,000 times in a loop (single shot; section 11 measures the lookup with JMH): 2252 ns in the "
					+ "runtime holding the tenants, 1847 ns")
			.contains("- heap and metaspace held with 10,000 tenants in `-Xmx1g` ≤ 512 MiB: 81.2 MiB, met")
			.contains("- first call of an evicted tenant, p99 ≤ 20 ms: 8.37 ms, met")
			.contains("## 13. What a defined module holds")
			.contains("| metaspace | 50.5 KiB (goal ≤ 48 KiB: missed) | 98.6 MiB (goal ≤ 96 MiB: missed) |")
			.contains("| `byte[]` | 10,819 | 26.4 |")
			.contains("- metaspace per defined copy of counter.wasm ≤ 48 KiB: 50.5 KiB, missed")
			.contains("## 14. Code compiled at build time: first call in a fresh JVM")
			.contains("| wasi-files | cold | 1000 / 900 / 1200 | 100 / 90 / 130 | 10.0 (missed) |")
			.contains("| wasi-files | started | 2000 / 1900 / 2100 | 50 / 40 / 60 | 40.0 (met) |")
			.contains("- first call compiling ÷ first call with build-time code, fresh JVM ≥ 20, wasi-files, cold JVM: "
					+ "10.0, missed");
	}

	@Test
	void harnessThatDidNotFinishIsNotMeasured() throws Exception {
		Path json = this.directory.resolve("harness-result.json");
		Files.writeString(json, "{\"build-time\": {\"error\": \"stopped after 20 min, its bound\"}}");
		String report = ResultsReport.render(List.of(), this.run, HarnessReport.read(json));
		assertThat(report).contains("Not measured: the harness stopped after 20 min, its bound.")
			.contains("- first call compiling ÷ first call with build-time code, fresh JVM ≥ 20: not measured")
			.contains("## 12. Many tenants in one JVM\n\nNot measured in this run.");
	}

	@Test
	void reportWithoutHarnessFiguresSaysTheyWereNotRun() throws Exception {
		String report = render(cycle("add", "starter", 1, 0.1, 0));
		assertThat(report).contains("Not run: no harness figures beside JMH's")
			.contains("- first call of an evicted tenant, p99 ≤ 20 ms: not measured");
	}

	private static String fuel(String workload, String fuel, double score, double error, double allocated) {
		return entry("FuelBenchmark.call",
				"{\"workload\": \"%s\", \"fuel\": \"%s\", \"engine\": \"compiler\"}".formatted(workload, fuel), score,
				error, allocated);
	}

	private static String bigModule(String module, String variant, double score, double error, double allocated) {
		return entry("BigModuleInstanceBenchmark.instantiate",
				"{\"module\": \"%s\", \"variant\": \"%s\"}".formatted(module, variant), score, error, allocated);
	}

	private static String lookup(String loaded, String limit, double score, double error) {
		return entry("TenantLookupBenchmark.request",
				"{\"loaded\": \"%s\", \"limit\": \"%s\"}".formatted(loaded, limit), score, error, 3700);
	}

	private static String entry(String benchmark, String params, double score, double error, double allocated) {
		return """
				{"benchmark": "dev.wasmspring.benchmarks.%s", "mode": "avgt", "threads": 1, "params": %s,
				 "primaryMetric": {"score": %s, "scoreError": %s, "scoreUnit": "us/op"},
				 "secondaryMetrics": {"gc.alloc.rate.norm": {"score": %s, "scoreError": 0, "scoreUnit": "B/op"}}}
				""".formatted(benchmark, params, score, error, allocated);
	}

	private static String firstCall(String module, String variant, double score, double error, double allocated) {
		return """
				{"benchmark": "dev.wasmspring.benchmarks.DiskCacheFirstCallBenchmark.instantiate", "mode": "avgt",
				 "threads": 1, "params": {"module": "%s", "variant": "%s"},
				 "primaryMetric": {"score": %s, "scoreError": %s, "scoreUnit": "ms/op"},
				 "secondaryMetrics": {"gc.alloc.rate.norm": {"score": %s, "scoreError": 0, "scoreUnit": "B/op"}}}
				""".formatted(module, variant, score, error, allocated);
	}

	private String render(String... entries) throws Exception {
		Path json = this.directory.resolve("result.json");
		Files.writeString(json, "[" + String.join(",", entries) + "]");
		return ResultsReport.render(ResultsReport.read(json), this.run);
	}

	private static String cycle(String module, String variant, double score, double error, double allocated) {
		return """
				{"benchmark": "dev.wasmspring.benchmarks.RequestCycleBenchmark.cycle", "mode": "avgt",
				 "threads": 1, "params": {"module": "%s", "variant": "%s"},
				 "primaryMetric": {"score": %s, "scoreError": %s, "scoreUnit": "us/op"},
				 "secondaryMetrics": {"gc.alloc.rate.norm": {"score": %s, "scoreError": 0, "scoreUnit": "B/op"}}}
				""".formatted(module, variant, score, error, allocated);
	}

}
