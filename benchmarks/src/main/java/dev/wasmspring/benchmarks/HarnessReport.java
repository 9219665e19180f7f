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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The report's sections of the single-shot harnesses (12 to 14), rendered from the
 * figures {@link HarnessRuns} kept and the description of the run that made them, which
 * need not be the JMH run's. Single shots have no confidence interval: a goal is met or
 * missed by the one figure. Immutable.
 */
final class HarnessReport {

	/** No harness figures: the sections say they were not run. */
	static final HarnessReport NONE = new HarnessReport(MissingNode.getInstance(), null);

	private static final double GOAL_HELD_MIB = 512;

	private static final double GOAL_EVICTED_P99_MS = 20;

	private final JsonNode figures;

	private final RunDescription run;

	private HarnessReport(JsonNode figures, RunDescription run) {
		this.figures = figures;
		this.run = run;
	}

	/**
	 * The figures in a harness JSON file and its run description.
	 * @param json the file {@link HarnessRuns} wrote
	 * @return the figures, or {@link #NONE} when there is no such file
	 * @throws IOException if the file cannot be read
	 */
	static HarnessReport read(Path json) throws IOException {
		if (!Files.exists(json)) {
			return NONE;
		}
		return new HarnessReport(new ObjectMapper().readTree(json.toFile()),
				RunDescription.read(RunDescription.pathFor(json)));
	}

	void render(StringBuilder md, List<String> verdicts) {
		md.append("## Single-shot harnesses\n\n");
		if (this.run == null) {
			md.append("Not run: no harness figures beside JMH's (a run with `--no-harnesses`). Sections 12 to 14 "
					+ "are empty.\n\n");
		}
		else {
			md.append("Sections 12 to 14 come from single-shot harnesses, not JMH: what they measure (memory held, "
					+ "first calls) happens once per JVM or per module. The suite runs each in a fresh JVM of its "
					+ "own after JMH, so their run is described apart:\n\n");
			md.append("| run | |\n|---|---|\n");
			ResultsReport.row(md, "harnesses", this.run.arguments());
			ResultsReport.row(md, "source revision", this.run.revision());
			ResultsReport.row(md, "started", this.run.started());
			ResultsReport.row(md, "duration", this.run.duration());
			ResultsReport.row(md, "processors (`nproc`)", this.run.processors());
			ResultsReport.row(md, "JVM", this.run.java());
			ResultsReport.row(md, "load average before (1 / 5 / 15 min)", this.run.loadBefore());
			ResultsReport.row(md, "load average after (1 / 5 / 15 min)", this.run.loadAfter());
			md.append('\n');
		}
		manyTenants(md, verdicts, this.figures.path("many-tenants"));
		footprint(md, verdicts, this.figures.path("footprint"));
		buildTime(md, verdicts, this.figures.path("build-time"));
	}

	private static void manyTenants(StringBuilder md, List<String> verdicts, JsonNode tenants) {
		md.append("## 12. Many tenants in one JVM\n\n");
		String heldGoal = "heap and metaspace held with 10,000 tenants in `-Xmx1g` ≤ 512 MiB";
		String evictedGoal = "first call of an evicted tenant, p99 ≤ 20 ms";
		if (!measured(md, tenants)) {
			verdicts.add(heldGoal + ": not measured");
			verdicts.add(evictedGoal + ": not measured");
			return;
		}
		int count = tenants.path("tenants").asInt(0);
		int maxLoaded = tenants.path("maxLoaded").asInt(0);
		md.append(String.format(Locale.ROOT,
				"`ManyTenantsHarness` in a JVM of its own with `-Xmx%.0fm`: %,d tenants, each a distinct copy of "
						+ "`counter.wasm` (%,d bytes, a custom section of its own gives it its own digest), resolved "
						+ "by a `WasmModuleResolver` on its first call from a source that makes the bytes when read; "
						+ "at most %,d loaded, least recently used evicted; compiled code kept in a disk cache. A "
						+ "first call is a new instance, `fib(10)` (answer checked) and close, timed once per "
						+ "tenant.\n\n",
				tenants.path("maxHeapMiB").asDouble(Double.NaN), count, tenants.path("moduleBytes").asInt(0),
				maxLoaded));
		double heap = tenants.path("heldHeapMiB").asDouble(Double.NaN);
		double metaspace = tenants.path("heldMetaspaceMiB").asDouble(Double.NaN);
		int loaded = tenants.path("loaded").asInt(0);
		double held = heap + metaspace;
		String heldVerdict = (count == 10_000) ? atMost(held, GOAL_HELD_MIB) : "not measured with 10,000 tenants";
		md.append("| measure | figure |\n|---|---|\n");
		ResultsReport.row(md, "tenants defined, all callable",
				String.format(Locale.ROOT, "%,d (%,d loaded)", tenants.path("defined").asInt(0), loaded));
		ResultsReport.row(md, "heap held after GC",
				String.format(Locale.ROOT, "%.1f MiB (%.1f KiB per loaded module)", heap, heap * 1024 / loaded));
		ResultsReport.row(md, "metaspace", String.format(Locale.ROOT, "%.1f MiB (%.1f KiB per loaded module)",
				metaspace, metaspace * 1024 / loaded));
		ResultsReport.row(md, "heap and metaspace held (goal ≤ 512 MiB)",
				String.format(Locale.ROOT, "%.1f MiB (%s)", held, heldVerdict));
		ResultsReport.row(md, "after closing the runtime",
				String.format(Locale.ROOT, "%+.1f MiB heap, %+.1f MiB metaspace (the runtime's own classes)",
						tenants.path("closedHeapMiB").asDouble(Double.NaN),
						tenants.path("closedMetaspaceMiB").asDouble(Double.NaN)));
		md.append('\n');
		md.append("First calls, ms:\n\n");
		ResultsReport.table(md, "first call", List.of("calls", "p50", "p99", "max", "mean"));
		distribution(md, "of a never-seen tenant (resolve, compile, write the code file)",
				tenants.path("firstCallCompiling"));
		JsonNode evicted = tenants.path("firstCallEvicted");
		distribution(md, "of an evicted tenant (loaded from the disk cache, not compiled; goal p99 ≤ 20 ms)", evicted);
		distribution(md, "after a restart (a fresh runtime over the same disk cache)",
				tenants.path("firstCallRestart"));
		JsonNode residency = tenants.path("residency");
		JsonNode restart = tenants.path("restartResidency");
		md.append(String.format(Locale.ROOT,
				"\nLoads on first use after both passes: %,d compiled, %,d from the disk cache, %,d evicted; after "
						+ "the restart: %,d compiled, %,d from the disk cache. ",
				residency.path("compiled").asLong(0), residency.path("fromDiskCache").asLong(0),
				residency.path("evicted").asLong(0), restart.path("compiled").asLong(0),
				restart.path("fromDiskCache").asLong(0)));
		md.append(String.format(Locale.ROOT,
				"A new instance and call of a loaded module, %,d times in a loop (single shot; section 11 "
						+ "measures the lookup with JMH): %.0f ns in the runtime holding the tenants, %.0f ns in a "
						+ "runtime with that one module.\n\n",
				tenants.path("lookupCalls").asInt(0), tenants.path("lookupNanosFull").asDouble(Double.NaN),
				tenants.path("lookupNanosSingle").asDouble(Double.NaN)));
		verdicts.add(String.format(Locale.ROOT, "%s: %.1f MiB, %s", heldGoal, held, heldVerdict));
		double p99 = evicted.path("p99Ms").asDouble(Double.NaN);
		verdicts.add(Double.isNaN(p99) ? evictedGoal + ": not measured"
				: String.format(Locale.ROOT, "%s: %.2f ms, %s", evictedGoal, p99, atMost(p99, GOAL_EVICTED_P99_MS)));
	}

	private static void footprint(StringBuilder md, List<String> verdicts, JsonNode footprint) {
		md.append("## 13. What a defined module holds\n\n");
		String heapGoal = "heap held per defined copy of counter.wasm ≤ 64 KiB";
		String metaspaceGoal = "metaspace per defined copy of counter.wasm ≤ 48 KiB";
		if (!measured(md, footprint)) {
			verdicts.add(heapGoal + ": not measured");
			verdicts.add(metaspaceGoal + ": not measured");
			return;
		}
		int modules = footprint.path("modules").asInt(0);
		boolean goalSize = modules == 2000;
		md.append(String.format(Locale.ROOT,
				"`TenantsHarness` in a JVM of its own: %,d distinct copies of `counter.wasm` (%,d bytes) defined in one "
						+ "runtime without a limit on loaded modules (nothing evicted), each definition holding "
						+ "its bytes in memory; the heap held after a full collection and the metaspace used, "
						+ "against the figures before. Goals (issue 25): at most 64 KiB of heap and 48 KiB of "
						+ "metaspace per copy, 128 MiB and 96 MiB for 2,000 copies.\n\n",
				modules, footprint.path("moduleBytes").asInt(0)));
		JsonNode defined = footprint.path("defined");
		JsonNode called = footprint.path("called");
		double heap = defined.path("heapKiB").asDouble(Double.NaN);
		double metaspace = defined.path("metaspaceKiB").asDouble(Double.NaN);
		ResultsReport.table(md, "measure",
				List.of("per defined module", String.format(Locale.ROOT, "%,d copies", modules)));
		ResultsReport.line(md, "heap held after GC",
				List.of(String.format(Locale.ROOT, "%.1f KiB (goal ≤ 64 KiB: %s)", heap, atMost(heap, 64)),
						total(defined.path("heapMiB").asDouble(Double.NaN), goalSize ? 128 : Double.NaN)));
		ResultsReport.line(md, "metaspace",
				List.of(String.format(Locale.ROOT, "%.1f KiB (goal ≤ 48 KiB: %s)", metaspace, atMost(metaspace, 48)),
						total(defined.path("metaspaceMiB").asDouble(Double.NaN), goalSize ? 96 : Double.NaN)));
		ResultsReport.line(md, "classes loaded",
				List.of(String.format(Locale.ROOT, "%.1f", defined.path("classes").asDouble(Double.NaN)), ""));
		ResultsReport.line(md, "after one call of each: heap / metaspace",
				List.of(String.format(Locale.ROOT, "%.1f KiB / %.1f KiB", called.path("heapKiB").asDouble(Double.NaN),
						called.path("metaspaceKiB").asDouble(Double.NaN)),
						String.format(Locale.ROOT, "%.1f MiB / %.1f MiB", called.path("heapMiB").asDouble(Double.NaN),
								called.path("metaspaceMiB").asDouble(Double.NaN))));
		ResultsReport.line(md, "time per `define` (compiling)",
				List.of(String.format(Locale.ROOT, "%.1f ms", footprint.path("defineMs").asDouble(Double.NaN)), ""));
		md.append(String.format(Locale.ROOT,
				"\nRemoving them all returns everything but the runtime's own classes: %+.1f MiB heap, %+.1f MiB "
						+ "metaspace against before.\n\n",
				footprint.path("removedHeapMiB").asDouble(Double.NaN),
				footprint.path("removedMetaspaceMiB").asDouble(Double.NaN)));
		JsonNode histogram = footprint.path("histogram");
		if (histogram.isArray() && !histogram.isEmpty()) {
			md.append("Where the heap goes (class histogram difference, per defined module, top entries):\n\n");
			ResultsReport.table(md, "class", List.of("bytes", "instances"));
			for (JsonNode entry : histogram) {
				ResultsReport.line(md, "`" + text(entry.path("class")) + "`",
						List.of(String.format(Locale.ROOT, "%,.0f", entry.path("bytes").asDouble(Double.NaN)),
								String.format(Locale.ROOT, "%.1f", entry.path("instances").asDouble(Double.NaN))));
			}
			md.append('\n');
		}
		verdicts.add(String.format(Locale.ROOT, "%s: %.1f KiB, %s", heapGoal, heap, atMost(heap, 64)));
		verdicts.add(String.format(Locale.ROOT, "%s: %.1f KiB, %s", metaspaceGoal, metaspace, atMost(metaspace, 48)));
	}

	private static void buildTime(StringBuilder md, List<String> verdicts, JsonNode buildTime) {
		md.append("## 14. Code compiled at build time: first call in a fresh JVM\n\n");
		String goal = "first call compiling ÷ first call with build-time code, fresh JVM ≥ 20";
		if (!measured(md, buildTime)) {
			verdicts.add(goal + ": not measured");
			return;
		}
		md.append(String.format(Locale.ROOT,
				"`BuildTimeFirstCallHarness`, %d rounds: each round starts a fresh JVM per variant, side by side, "
						+ "alternating which goes first; each builds a new runtime, defines the module, creates an "
						+ "instance and makes its first call, timed from before the runtime is built to the answer "
						+ "(JVM startup not counted). \"compiled when loaded\": no code on the class path, the "
						+ "module is parsed, validated and compiled. \"build-time\": the code `wasm-maven-plugin` "
						+ "writes is on the class path (each JVM checks it was used). `cold`: the JVM's first "
						+ "runtime; `started`: the JVM ran the same module on the interpreter engine first, as an "
						+ "application already serving. ms, p50 / min / max; the ratio is of the p50s.\n\n",
				buildTime.path("rounds").asInt(0)));
		ResultsReport.table(md, "module", List.of("JVM", "compiled when loaded", "compiled at build time",
				"compiled when loaded ÷ build-time (≥ 20)"));
		for (JsonNode row : buildTime.path("rows")) {
			JsonNode compile = row.path("compile");
			JsonNode built = row.path("buildTime");
			double ratio = compile.path("p50Ms").asDouble(Double.NaN) / built.path("p50Ms").asDouble(Double.NaN);
			String verdict = Double.isNaN(ratio) ? "not measured" : (ratio >= 20) ? "met" : "missed";
			String module = text(row.path("module"));
			String jvm = text(row.path("jvm"));
			ResultsReport.line(md, module, List.of(jvm, spread(compile), spread(built),
					String.format(Locale.ROOT, "%s (%s)", ResultsReport.number(ratio), verdict)));
			verdicts.add(String.format(Locale.ROOT, "%s, %s, %s JVM: %s, %s", goal, module, jvm,
					ResultsReport.number(ratio), verdict));
		}
		md.append('\n');
	}

	/** Whether a harness's figures are there; if not, says why in the section. */
	private static boolean measured(StringBuilder md, JsonNode harness) {
		if (harness.isMissingNode() || harness.isNull()) {
			md.append("Not measured in this run.\n\n");
			return false;
		}
		if (harness.has("error")) {
			md.append("Not measured: the harness ").append(text(harness.path("error"))).append(".\n\n");
			return false;
		}
		return true;
	}

	private static void distribution(StringBuilder md, String what, JsonNode distribution) {
		if (distribution.isMissingNode()) {
			ResultsReport.line(md, what, List.of("0", "—", "—", "—", "—"));
			return;
		}
		List<String> cells = new ArrayList<>();
		cells.add(String.format(Locale.ROOT, "%,d", distribution.path("calls").asInt(0)));
		for (String figure : List.of("p50Ms", "p99Ms", "maxMs", "meanMs")) {
			cells.add(String.format(Locale.ROOT, "%.2f", distribution.path(figure).asDouble(Double.NaN)));
		}
		ResultsReport.line(md, what, cells);
	}

	private static String spread(JsonNode distribution) {
		return String.format(Locale.ROOT, "%.0f / %.0f / %.0f", distribution.path("p50Ms").asDouble(Double.NaN),
				distribution.path("minMs").asDouble(Double.NaN), distribution.path("maxMs").asDouble(Double.NaN));
	}

	private static String total(double mib, double goal) {
		String figure = String.format(Locale.ROOT, "%.1f MiB", mib);
		return Double.isNaN(goal) ? figure
				: String.format(Locale.ROOT, "%s (goal ≤ %.0f MiB: %s)", figure, goal, atMost(mib, goal));
	}

	private static String atMost(double value, double bound) {
		if (Double.isNaN(value)) {
			return "not measured";
		}
		return (value <= bound) ? "met" : "missed";
	}

	private static String text(JsonNode node) {
		return node.isValueNode() ? node.asString() : "";
	}

}
