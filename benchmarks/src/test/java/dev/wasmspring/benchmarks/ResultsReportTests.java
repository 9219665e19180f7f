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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report reads JMH's JSON and computes each ratio from the scores of that one run.
 */
class ResultsReportTests {

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
