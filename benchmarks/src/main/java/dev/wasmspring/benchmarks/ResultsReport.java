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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns JMH's JSON results into the Markdown report: one table of scores and one of
 * ratios per question, each ratio computed from scores of the same run, with its
 * uncertainty and its target. Stateless.
 */
final class ResultsReport {

	private static final String PACKAGE = BenchmarkSuite.class.getPackageName() + ".";

	private static final String CYCLE = "RequestCycleBenchmark.cycle";

	private static final String AS_DOCUMENTED = "RequestCycleAsDocumentedBenchmark.cycle";

	private static final String HOST = "HostCallBenchmark.setMany";

	private static final String TEXT = "TextRoundTripBenchmark.slugify";

	private static final String TYPED = "TypedPluginCallBenchmark.echoOrAdd";

	private static final String OBSERVATION = "ObservationBenchmark.cycle";

	private static final String ONE_THREAD = "ScalingBenchmark.oneThread";

	private static final String TWO_THREADS = "ScalingBenchmark.twoThreads";

	private static final String INSTANTIATION = "InstantiationBenchmark.instantiate";

	private static final String BIG_MODULES = "BigModuleInstanceBenchmark.instantiate";

	private static final Map<String, String> BIG_MODULE_NAMES = ordered("bigmod-javy",
			"bigmod-javy (20 pages, 3,019 functions, 3,001 table entries)", "bigmod-go",
			"bigmod-go (271 pages, 1 MiB of data)");

	private static final String FUEL = "FuelBenchmark.call";

	private static final Map<String, String> FUEL_WORKLOADS = ordered("fib",
			"fib (`fib(20)`, recursive: a call every ~11 instructions)", "calls",
			"calls (4096 calls of a 4-instruction `i32` function of fixed cost)", "packed-calls",
			"packed-calls (the same with an explicit `return`: the count comes back with the result)", "word-index",
			"word-index (`score` over 4 KiB of words)", "slugify", "slugify (4 KiB of text through `callText`)");

	private static final String TENANT_LOOKUP = "TenantLookupBenchmark.request";

	private static final Map<String, String> LOOKUP_LIMITS = ordered("none", "no limit on loaded modules", "loaded",
			"limit = the modules loaded (least-recently-used order kept)");

	private static final String STORE_LOOP = "StoreLoopBenchmark.storeLoop";

	private static final String FIRST_CALL = "DiskCacheFirstCallBenchmark.instantiate";

	private static final Map<String, String> FIRST_CALL_MODULES = ordered("wasi-files",
			"wasi-files (C and wasi-libc, 103 functions)", "extism-kitchen-sink",
			"extism-kitchen-sink (AssemblyScript, 58 functions)");

	private static final List<String> MODULES = List.of("add", "counter", "big-memory");

	private static final Map<String, String> HEAVY_MODULES = ordered("word-index",
			"word-index (20 pages, expensive `_initialize`)", "large-memory", "large-memory (256 pages)");

	private static final Map<String, String> INSTANTIATION_VARIANTS = ordered("chicory-instantiate",
			"Chicory, instantiation only", "chicory", "Chicory done right (with `_initialize`)", "starter",
			"starter (with `_initialize`)", "starter-snapshot", "starter from a snapshot");

	private static final Map<String, String> CYCLE_VARIANTS = ordered("starter", "starter", "starter-no-timeout",
			"starter, no timeout", "chicory", "Chicory done right", "starter-interpreter", "starter, interpreter",
			"chicory-as-documented", "Chicory as documented", "memory-floor", "memory floor", "memory-image",
			"memory image copy");

	private static final Map<String, String> OBSERVATION_VARIANTS = ordered("no-observer", "no observer (no registry)",
			"observer-no-handler", "observer, registry without handler", "observer-meter-registry",
			"observer, meter registry");

	private static final Map<String, String> HOST_BINDINGS = ordered("chicory-host-function", "Chicory `HostFunction`",
			"wasm-host-function", "`WasmHostFunction` (SPI)", "wasm-import", "`@WasmImport`");

	private ResultsReport() {
	}

	/**
	 * One benchmark score with its 99.9% confidence half-width and the bytes allocated
	 * per operation.
	 */
	record Score(double value, double error, String unit, double allocated) {

		static final Score MISSING = new Score(Double.NaN, Double.NaN, "", Double.NaN);

		boolean present() {
			return !Double.isNaN(this.value);
		}

	}

	/** One row of JMH's results. */
	record Entry(String benchmark, Map<String, String> params, Score score) {
	}

	/**
	 * A ratio and its uncertainty, propagated from the relative errors of its two scores.
	 */
	record Ratio(double value, double error) {

		static final Ratio MISSING = new Ratio(Double.NaN, Double.NaN);

		static Ratio of(Score numerator, Score denominator) {
			if (!numerator.present() || !denominator.present()) {
				return MISSING;
			}
			double value = numerator.value() / denominator.value();
			double relative = Math.hypot(relativeError(numerator), relativeError(denominator));
			return new Ratio(value, value * relative);
		}

		private static double relativeError(Score score) {
			return Double.isNaN(score.error()) ? 0 : score.error() / score.value();
		}

		boolean present() {
			return !Double.isNaN(this.value);
		}

	}

	/** A goal a ratio is reported against: at most or at least a bound. */
	record Target(String description, String boundText, boolean atMost) {

		double bound() {
			return Double.parseDouble(this.boundText);
		}

		String verdict(Ratio ratio) {
			if (!ratio.present()) {
				return "not measured";
			}
			double bound = bound();
			boolean met = this.atMost ? ratio.value() <= bound : ratio.value() >= bound;
			// certain when both ends of the uncertainty fall on the same side of the
			// bound
			boolean certain = this.atMost
					? (ratio.value() + ratio.error() <= bound) == met && (ratio.value() - ratio.error() <= bound) == met
					: (ratio.value() + ratio.error() >= bound) == met
							&& (ratio.value() - ratio.error() >= bound) == met;
			return (met ? "met" : "missed") + (certain ? "" : ", within noise");
		}

		String label() {
			return (this.atMost ? "≤ " : "≥ ") + this.boundText;
		}

	}

	static List<Entry> read(Path json) throws IOException {
		JsonNode root = new ObjectMapper().readTree(json.toFile());
		List<Entry> entries = new ArrayList<>();
		for (JsonNode node : root) {
			String benchmark = node.path("benchmark").asString();
			if (benchmark.startsWith(PACKAGE)) {
				benchmark = benchmark.substring(PACKAGE.length());
			}
			Map<String, String> params = new LinkedHashMap<>();
			node.path("params")
				.properties()
				.forEach((param) -> params.put(param.getKey(), param.getValue().asString()));
			JsonNode primary = node.path("primaryMetric");
			double allocated = Double.NaN;
			for (Map.Entry<String, JsonNode> secondary : node.path("secondaryMetrics").properties()) {
				if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
					allocated = secondary.getValue().path("score").asDouble();
				}
			}
			double error = primary.path("scoreError").asDouble(Double.NaN);
			entries.add(new Entry(benchmark, params, new Score(primary.path("score").asDouble(), error,
					primary.path("scoreUnit").asString(), allocated)));
		}
		return entries;
	}

	static String render(List<Entry> entries, RunDescription run) {
		return render(entries, run, HarnessReport.NONE);
	}

	static String render(List<Entry> entries, RunDescription run, HarnessReport harnesses) {
		Results results = new Results(entries);
		StringBuilder md = new StringBuilder();
		List<String> verdicts = new ArrayList<>();
		md.append("# Benchmark results\n\n");
		md.append("Every ratio below is computed from scores of this one run. Scores are means over all measured "
				+ "iterations of all forks; `±` is JMH's 99.9% confidence half-width, and a ratio's `±` is "
				+ "propagated from the two scores' relative errors. How to read the tables, and what each "
				+ "benchmark does: [README.md](README.md).\n\n");
		md.append("| run | |\n|---|---|\n");
		row(md, "command", "`mvn -B -pl benchmarks -am verify -DskipTests -Pbenchmarks`"
				+ (run.arguments().startsWith("(") ? "" : " with `-Dbench.args=\"" + run.arguments() + "\"`"));
		row(md, "arguments", run.arguments());
		row(md, "source revision", run.revision());
		row(md, "started", run.started());
		row(md, "duration", run.duration());
		row(md, "processors (`nproc`)", run.processors());
		row(md, "CPU", run.cpu());
		row(md, "memory", run.memory());
		row(md, "JVM", run.java());
		row(md, "OS", run.os());
		row(md, "load average before (1 / 5 / 15 min)", run.loadBefore());
		row(md, "load average after (1 / 5 / 15 min)", run.loadAfter());
		md.append('\n');

		cycle(md, results, verdicts);
		host(md, results, verdicts);
		text(md, results);
		scaling(md, results, verdicts);
		instantiation(md, results, verdicts);
		bigModules(md, results, verdicts);
		storeLoop(md, results, verdicts);
		typed(md, results, verdicts);
		observation(md, results);
		firstCall(md, results);
		fuel(md, results, verdicts);
		tenantLookup(md, results, verdicts);
		harnesses.render(md, verdicts);

		md.append("## Targets\n\n");
		md.append("Goals, not assertions. \"within noise\" means the ratio's uncertainty straddles the bound.\n\n");
		for (String verdict : verdicts) {
			md.append("- ").append(verdict).append('\n');
		}
		return md.toString();
	}

	private static void cycle(StringBuilder md, Results results, List<String> verdicts) {
		md.append("## 1. Per-request cycle\n\n");
		md.append("µs per request: create an instance, call one small export, release the instance. Lower is "
				+ "better. `add`: add.wasm `add(20, 22)`, no memory. `counter`: counter.wasm (C reactor, 2 pages, "
				+ "`_initialize` on every instance) `fib(20)`. `big-memory`: big-memory.wasm (20 pages, 256 data "
				+ "segments) `ok()`.\n\n");
		table(md, "module", CYCLE_VARIANTS.values());
		for (String module : MODULES) {
			List<String> cells = new ArrayList<>();
			for (String variant : CYCLE_VARIANTS.keySet()) {
				cells.add(scored(results.cycle(module, variant)));
			}
			line(md, module, cells);
		}
		md.append("\nBytes allocated per request (JMH `-prof gc`, `gc.alloc.rate.norm`):\n\n");
		table(md, "module", CYCLE_VARIANTS.values());
		for (String module : MODULES) {
			List<String> cells = new ArrayList<>();
			for (String variant : CYCLE_VARIANTS.keySet()) {
				cells.add(bytes(results.cycle(module, variant).allocated()));
			}
			line(md, module, cells);
		}
		Target starterVsChicory = new Target("starter ÷ Chicory done right, timeout on", "1.10", true);
		Target documentedVsStarter = new Target("Chicory as documented ÷ starter", "20", false);
		md.append("\nRatios:\n\n");
		table(md, "module",
				List.of("starter ÷ Chicory (" + starterVsChicory.label() + ")", "starter, no timeout ÷ Chicory",
						"Chicory ÷ memory floor", "starter ÷ memory floor", "starter ÷ memory image copy",
						"as documented ÷ starter (" + documentedVsStarter.label() + ")", "interpreter ÷ starter"));
		for (String module : MODULES) {
			Score starter = results.cycle(module, "starter");
			Score chicory = results.cycle(module, "chicory");
			Score floor = results.cycle(module, "memory-floor");
			Ratio starterRatio = Ratio.of(starter, chicory);
			Ratio documentedRatio = Ratio.of(results.cycle(module, "chicory-as-documented"), starter);
			boolean hasMemory = !module.equals("add");
			line(md, module,
					List.of(ratio(starterRatio, starterVsChicory),
							ratio(Ratio.of(results.cycle(module, "starter-no-timeout"), chicory), null),
							hasMemory ? ratio(Ratio.of(chicory, floor), null) : "n/a (no memory)",
							hasMemory ? ratio(Ratio.of(starter, floor), null) : "n/a (no memory)",
							hasMemory ? ratio(Ratio.of(starter, results.cycle(module, "memory-image")), null)
									: "n/a (no memory)",
							ratio(documentedRatio, documentedVsStarter),
							ratio(Ratio.of(results.cycle(module, "starter-interpreter"), starter), null)));
			verdicts.add(verdict(starterVsChicory, module, starterRatio));
			verdicts.add(verdict(documentedVsStarter, module, documentedRatio));
		}
		md.append('\n');
	}

	private static void host(StringBuilder md, Results results, List<String> verdicts) {
		md.append("## 2. Host calls\n\n");
		md.append("ns per host call: the guest's `set_many` loop calls `env.set(i64)` 1000 times per operation "
				+ "(loop and the export call around it included). `one`: host-loop.wasm, one import. `eleven`: "
				+ "imports.wasm, eleven imports, all of them called during setup before measuring.\n\n");
		table(md, "imports", HOST_BINDINGS.values());
		for (String imports : List.of("one", "eleven")) {
			List<String> cells = new ArrayList<>();
			for (String binding : HOST_BINDINGS.keySet()) {
				cells.add(scored(results.host(imports, binding)));
			}
			line(md, imports, cells);
		}
		Target importVsChicory = new Target("`@WasmImport` ÷ hand-written Chicory `HostFunction`", "1.25", true);
		md.append("\nRatios:\n\n");
		table(md, "imports", List.of("`WasmHostFunction` ÷ Chicory",
				"`@WasmImport` ÷ Chicory (" + importVsChicory.label() + ")", "`@WasmImport` ÷ `WasmHostFunction`"));
		for (String imports : List.of("one", "eleven")) {
			Score chicory = results.host(imports, "chicory-host-function");
			Score spi = results.host(imports, "wasm-host-function");
			Score annotated = results.host(imports, "wasm-import");
			Ratio importRatio = Ratio.of(annotated, chicory);
			line(md, imports, List.of(ratio(Ratio.of(spi, chicory), null), ratio(importRatio, importVsChicory),
					ratio(Ratio.of(annotated, spi), null)));
			verdicts.add(
					verdict(importVsChicory, imports.equals("one") ? "one import" : imports + " imports", importRatio));
		}
		md.append('\n');
	}

	private static void text(StringBuilder md, Results results) {
		md.append("## 3. Text round trip\n\n");
		md.append("µs per call of slugify.wasm `slugify` with ASCII text: encode, guest `alloc`, write, call, "
				+ "read, decode. Both sides replace their instance after the same number of calls (512 KiB of "
				+ "guest heap), so the instance cost is amortised equally.\n\n");
		table(md, "text", List.of("starter `callText`", "Chicory by hand", "starter ÷ Chicory",
				"bytes allocated per call (starter / Chicory)"));
		for (String bytes : List.of("1024", "65536")) {
			Score starter = results.find(TEXT, "bytes", bytes, "variant", "starter");
			Score chicory = results.find(TEXT, "bytes", bytes, "variant", "chicory");
			line(md, (Integer.parseInt(bytes) / 1024) + " KiB",
					List.of(scored(starter), scored(chicory), ratio(Ratio.of(starter, chicory), null),
							bytes(starter.allocated()) + " / " + bytes(chicory.allocated())));
		}
		md.append('\n');
	}

	private static void scaling(StringBuilder md, Results results, List<String> verdicts) {
		md.append("## 4. Scaling\n\n");
		md.append("Requests per ms (the per-request cycle of section 1) with one thread and with two threads "
				+ "sharing one runtime (starter) or one compiled module (Chicory). Higher is better. The two "
				+ "threads compete with everything else running on the machine's cores (`nproc` above), so "
				+ "compare the starter's scaling with Chicory's: the last column is 1.0 when the starter adds "
				+ "nothing that serialises requests.\n\n");
		Target twoVsOne = new Target("2 threads ÷ 1 thread, starter", "1.8", false);
		table(md, "module",
				List.of("starter, 1 thread", "starter, 2 threads", "starter 2 ÷ 1 (" + twoVsOne.label() + ")",
						"Chicory, 1 thread", "Chicory, 2 threads", "Chicory 2 ÷ 1", "starter 2 ÷ 1 ÷ Chicory 2 ÷ 1"));
		for (String module : MODULES) {
			Score starterOne = results.find(ONE_THREAD, "module", module, "variant", "starter");
			Score starterTwo = results.find(TWO_THREADS, "module", module, "variant", "starter");
			Score chicoryOne = results.find(ONE_THREAD, "module", module, "variant", "chicory");
			Score chicoryTwo = results.find(TWO_THREADS, "module", module, "variant", "chicory");
			Ratio starter = Ratio.of(starterTwo, starterOne);
			Ratio chicory = Ratio.of(chicoryTwo, chicoryOne);
			Ratio relative = (starter.present() && chicory.present())
					? new Ratio(starter.value() / chicory.value(),
							starter.value() / chicory.value()
									* Math.hypot(starter.error() / starter.value(), chicory.error() / chicory.value()))
					: Ratio.MISSING;
			line(md, module, List.of(scored(starterOne), scored(starterTwo), ratio(starter, twoVsOne),
					scored(chicoryOne), scored(chicoryTwo), ratio(chicory, null), ratio(relative, null)));
			verdicts.add(verdict(twoVsOne, module, starter));
		}
		md.append('\n');
	}

	private static void instantiation(StringBuilder md, Results results, List<String> verdicts) {
		md.append("## 5. Instantiation and snapshots\n\n");
		md.append("µs per request on heavier modules: a new instance, `ok()`, the instance let go. Memory is "
				+ "copy-on-write in every starter column. \"Chicory, instantiation only\" builds the instance "
				+ "without running `_initialize`; the other columns serve a request: `_initialize` runs on every "
				+ "instance, except from a snapshot, where it ran once when the module was loaded.\n\n");
		table(md, "module", INSTANTIATION_VARIANTS.values());
		for (Map.Entry<String, String> module : HEAVY_MODULES.entrySet()) {
			List<String> cells = new ArrayList<>();
			for (String variant : INSTANTIATION_VARIANTS.keySet()) {
				cells.add(scored(results.find(INSTANTIATION, "module", module.getKey(), "variant", variant)));
			}
			line(md, module.getValue(), cells);
		}
		md.append("\nBytes allocated per request (JMH `-prof gc`, `gc.alloc.rate.norm`):\n\n");
		table(md, "module", INSTANTIATION_VARIANTS.values());
		for (Map.Entry<String, String> module : HEAVY_MODULES.entrySet()) {
			List<String> cells = new ArrayList<>();
			for (String variant : INSTANTIATION_VARIANTS.keySet()) {
				cells
					.add(bytes(results.find(INSTANTIATION, "module", module.getKey(), "variant", variant).allocated()));
			}
			line(md, module.getValue(), cells);
		}
		Target instantiate20 = new Target("Chicory instantiation only ÷ starter from a snapshot, 20 pages", "20",
				false);
		Target instantiate256 = new Target("Chicory done right ÷ starter, 256 pages", "50", false);
		Target snapshot = new Target("starter with `_initialize` ÷ starter from a snapshot", "10", false);
		md.append("\nRatios (how many times faster):\n\n");
		table(md, "module",
				List.of("Chicory instantiation only ÷ starter from a snapshot", "Chicory done right ÷ starter",
						"Chicory done right ÷ starter from a snapshot",
						"starter with `_initialize` ÷ starter from a snapshot"));
		for (Map.Entry<String, String> module : HEAVY_MODULES.entrySet()) {
			String id = module.getKey();
			Score instantiateOnly = results.find(INSTANTIATION, "module", id, "variant", "chicory-instantiate");
			Score chicory = results.find(INSTANTIATION, "module", id, "variant", "chicory");
			Score starter = results.find(INSTANTIATION, "module", id, "variant", "starter");
			Score fromSnapshot = results.find(INSTANTIATION, "module", id, "variant", "starter-snapshot");
			boolean reactor = id.equals("word-index");
			Ratio instantiation = Ratio.of(instantiateOnly, fromSnapshot);
			Ratio doneRight = Ratio.of(chicory, starter);
			Ratio snapshotSaving = Ratio.of(starter, fromSnapshot);
			line(md, module.getValue(), List.of(ratio(instantiation, reactor ? instantiate20 : null),
					ratio(doneRight, reactor ? null : instantiate256), ratio(Ratio.of(chicory, fromSnapshot), null),
					ratio(snapshotSaving, reactor ? snapshot : null)));
			if (reactor) {
				verdicts.add(verdict(instantiate20, id, instantiation));
				verdicts.add(verdict(snapshot, id, snapshotSaving));
			}
			else {
				verdicts.add(verdict(instantiate256, id, doneRight));
			}

		}
		md.append('\n');
	}

	private static void bigModules(StringBuilder md, Results results, List<String> verdicts) {
		md.append("## 5b. Instances of big modules\n\n");
		md.append("µs per request on modules of real toolchains' shapes, generated by `scripts/gen_bigmod.py` "
				+ "(a JavaScript engine under javy, a Go program): a new instance, `ok()`, the instance let go. "
				+ "Columns as in section 5; both sides give the module WASI.\n\n");
		table(md, "module", INSTANTIATION_VARIANTS.values());
		for (Map.Entry<String, String> module : BIG_MODULE_NAMES.entrySet()) {
			List<String> cells = new ArrayList<>();
			for (String variant : INSTANTIATION_VARIANTS.keySet()) {
				cells.add(scored(results.find(BIG_MODULES, "module", module.getKey(), "variant", variant)));
			}
			line(md, module.getValue(), cells);
		}
		md.append("\nBytes allocated per request (JMH `-prof gc`, `gc.alloc.rate.norm`):\n\n");
		table(md, "module", INSTANTIATION_VARIANTS.values());
		for (Map.Entry<String, String> module : BIG_MODULE_NAMES.entrySet()) {
			List<String> cells = new ArrayList<>();
			for (String variant : INSTANTIATION_VARIANTS.keySet()) {
				cells.add(bytes(results.find(BIG_MODULES, "module", module.getKey(), "variant", variant).allocated()));
			}
			line(md, module.getValue(), cells);
		}
		md.append("\nRatios (how many times faster):\n\n");
		table(md, "module", List.of("Chicory instantiation only ÷ starter from a snapshot",
				"Chicory done right ÷ starter", "Chicory done right ÷ starter from a snapshot"));
		for (Map.Entry<String, String> module : BIG_MODULE_NAMES.entrySet()) {
			String id = module.getKey();
			Score instantiateOnly = results.find(BIG_MODULES, "module", id, "variant", "chicory-instantiate");
			Score chicory = results.find(BIG_MODULES, "module", id, "variant", "chicory");
			Score starter = results.find(BIG_MODULES, "module", id, "variant", "starter");
			Score fromSnapshot = results.find(BIG_MODULES, "module", id, "variant", "starter-snapshot");
			line(md, module.getValue(), List.of(ratio(Ratio.of(instantiateOnly, fromSnapshot), null),
					ratio(Ratio.of(chicory, starter), null), ratio(Ratio.of(chicory, fromSnapshot), null)));
		}
		md.append("\nGoals of a new instance (issue 25), on the starter's two variants:\n\n");
		table(md, "module", List.of("goal", "starter", "starter from a snapshot"));
		bigModuleGoal(md, verdicts, "bigmod-javy", new Target("µs per new bigmod-javy instance", "20", true), false,
				results);
		bigModuleGoal(md, verdicts, "bigmod-javy", new Target("KiB allocated per new bigmod-javy instance", "16", true),
				true, results);
		bigModuleGoal(md, verdicts, "bigmod-go", new Target("µs per new bigmod-go instance", "40", true), false,
				results);
		md.append('\n');
	}

	private static void bigModuleGoal(StringBuilder md, List<String> verdicts, String module, Target target,
			boolean allocated, Results results) {
		List<String> cells = new ArrayList<>();
		cells.add(target.label() + (allocated ? " KiB allocated" : " µs"));
		for (String variant : List.of("starter", "starter-snapshot")) {
			Score score = results.find(BIG_MODULES, "module", module, "variant", variant);
			// bytes allocated are exact: no uncertainty to straddle the bound
			Ratio value = allocated
					? (Double.isNaN(score.allocated()) ? Ratio.MISSING : new Ratio(score.allocated() / 1024, 0))
					: new Ratio(score.value(), errorOrZero(score));
			String row = variant.equals("starter") ? "starter" : "starter from a snapshot";
			if (!value.present()) {
				cells.add("— (not measured)");
			}
			else {
				cells.add((allocated ? bytes(score.allocated()) : scored(score)) + " (" + target.verdict(value) + ")");
			}
			verdicts.add(target.description() + " " + target.label() + ", " + row + ": "
					+ (value.present() ? (allocated ? number(value.value()) : scored(score)) + ", " : "")
					+ target.verdict(value));
		}
		line(md, module, cells);
	}

	private static void fuel(StringBuilder md, Results results, List<String> verdicts) {
		md.append("## 10. Fuel metering\n\n");
		md.append("µs per call of CPU-heavy exports on an instance kept across calls, compiler engine, with fuel off "
				+ "(no budget: the module's own code) and on (a budget no call reaches, so every call is metered "
				+ "in full). Lower is better. Fuel off runs the module's own code unchanged; the goal that it "
				+ "costs nothing measurable would need a runtime without fuel beside it, which this benchmark does "
				+ "not have.\n\n");
		Target overhead = new Target("fuel on ÷ fuel off", "1.15", true);
		table(md, "workload", List.of("fuel off", "fuel on", "on ÷ off (" + overhead.label() + ")",
				"bytes allocated per call (off / on)"));
		for (Map.Entry<String, String> workload : FUEL_WORKLOADS.entrySet()) {
			Score off = results.find(FUEL, "workload", workload.getKey(), "fuel", "off", "engine", "compiler");
			Score on = results.find(FUEL, "workload", workload.getKey(), "fuel", "on", "engine", "compiler");
			Ratio ratio = Ratio.of(on, off);
			line(md, workload.getValue(), List.of(scored(off), scored(on), ratio(ratio, overhead),
					bytes(off.allocated()) + " / " + bytes(on.allocated())));
			verdicts.add(verdict(overhead, workload.getKey(), ratio));
		}
		md.append('\n');
	}

	private static void tenantLookup(StringBuilder md, Results results, List<String> verdicts) {
		md.append("## 11. Tenant lookup on the request path\n\n");
		md.append("ns per request of a loaded module (add.wasm: a new instance, `add(20, 22)`, the instance let go) "
				+ "in a runtime holding 1 module and in one holding 2,000 (each resolved by a "
				+ "`WasmModuleResolver`), without and with a limit on loaded modules. The difference is what "
				+ "finding the module among 2,000 costs a request; its `±` is propagated from the two scores'. "
				+ "Goal (issue 25): unmeasurable, that is the difference within its `±`.\n\n");
		table(md, "runtime", List.of("1 module loaded", "2,000 modules loaded", "difference (2,000 − 1)", "2,000 ÷ 1",
				"bytes allocated per request (1 / 2,000)"));
		for (Map.Entry<String, String> limit : LOOKUP_LIMITS.entrySet()) {
			Score one = results.find(TENANT_LOOKUP, "loaded", "1", "limit", limit.getKey());
			Score many = results.find(TENANT_LOOKUP, "loaded", "2000", "limit", limit.getKey());
			Ratio difference = (one.present() && many.present())
					? new Ratio(many.value() - one.value(), Math.hypot(errorOrZero(one), errorOrZero(many)))
					: Ratio.MISSING;
			String verdict = !difference.present() ? "not measured"
					: (Math.abs(difference.value()) <= difference.error()) ? "met" : "missed";
			line(md, limit.getValue(), List.of(scored(one), scored(many),
					difference.present() ? signed(difference) + " (" + verdict + ")" : "—",
					ratio(Ratio.of(many, one), null), bytes(one.allocated()) + " / " + bytes(many.allocated())));
			verdicts.add("lookup among 2,000 modules unmeasurable (difference within its error), " + limit.getValue()
					+ ": " + (difference.present() ? signed(difference) + " ns, " : "") + verdict);
		}
		md.append('\n');
	}

	private static double errorOrZero(Score score) {
		return Double.isNaN(score.error()) ? 0 : score.error();
	}

	/**
	 * A difference with its sign and uncertainty, to the decimals of the larger score.
	 */
	private static String signed(Ratio difference) {
		double scale = Math.max(Math.abs(difference.value()), difference.error());
		return ((difference.value() >= 0) ? "+" : "−")
				+ String.format(Locale.ROOT, "%." + decimals(scale) + "f", Math.abs(difference.value())) + " ± "
				+ sameDecimals(difference.error(), scale);
	}

	private static void observation(StringBuilder md, Results results) {
		md.append("## 8. Observation cost\n\n");
		md.append("µs per request (the cycle of section 1, 10 s timeout) on a runtime without an observer, which is "
				+ "what the auto-configuration builds when there is no `ObservationRegistry`, with the Micrometer "
				+ "observer on a registry without handlers, and with it on a registry timing into a "
				+ "`SimpleMeterRegistry` (`wasm.instantiate` and `wasm.call` per request).\n\n");
		table(md, "module", OBSERVATION_VARIANTS.values());
		for (String module : List.of("add", "counter")) {
			List<String> cells = new ArrayList<>();
			for (String variant : OBSERVATION_VARIANTS.keySet()) {
				Score score = results.find(OBSERVATION, "module", module, "variant", variant);
				cells.add(scored(score) + " (" + bytes(score.allocated()) + ")");
			}
			line(md, module, cells);
		}
		md.append("\nRatios:\n\n");
		table(md, "module", List.of("no observer ÷ starter of section 1", "registry without handler ÷ no observer",
				"meter registry ÷ no observer"));
		for (String module : List.of("add", "counter")) {
			Score none = results.find(OBSERVATION, "module", module, "variant", "no-observer");
			line(md, module, List.of(ratio(Ratio.of(none, results.cycle(module, "starter")), null),
					ratio(Ratio.of(results.find(OBSERVATION, "module", module, "variant", "observer-no-handler"), none),
							null),
					ratio(Ratio.of(results.find(OBSERVATION, "module", module, "variant", "observer-meter-registry"),
							none), null)));
		}
		md.append('\n');
	}

	private static void storeLoop(StringBuilder md, Results results, List<String> verdicts) {
		md.append("## 6. Store-heavy loop\n\n");
		md.append("ns per 32-bit store: large-memory.wasm `store_loop(65536)` on an instance that lives for the "
				+ "whole trial (its pages were copied once, during warm-up), raw Chicory's own memory against the "
				+ "starter's copy-on-write memory.\n\n");
		Target storeCost = new Target("copy-on-write ÷ Chicory's memory, store loop", "1.25", true);
		table(md, "loop", List.of("Chicory's memory", "copy-on-write (starter)",
				"copy-on-write ÷ Chicory (" + storeCost.label() + ")"));
		Score chicory = results.find(STORE_LOOP, "memory", "chicory");
		Score starter = results.find(STORE_LOOP, "memory", "starter");
		Ratio ratio = Ratio.of(starter, chicory);
		line(md, "store_loop", List.of(scored(chicory), scored(starter), ratio(ratio, storeCost)));
		verdicts.add(verdict(storeCost, "large-memory", ratio));
		md.append('\n');
	}

	private static void typed(StringBuilder md, Results results, List<String> verdicts) {
		md.append("## 7. Typed plugin calls\n\n");
		md.append("µs per call of plugin.wasm through a `@WasmPlugin` interface and by export name, outside a "
				+ "request: each creates an instance, calls, and closes it. `echo` passes the 46-byte JSON of an "
				+ "order through the memory ABI and back; `add(20, 22)` takes and returns WebAssembly values.\n\n");
		Target typedVsByName = new Target("typed call ÷ the same call by export name", "1.10", true);
		table(md, "call",
				List.of("by export name", "through the interface",
						"interface ÷ by name (" + typedVsByName.label() + ")",
						"bytes allocated per call (by name / interface)"));
		typedRow(md, verdicts, typedVsByName, "echo, String", results.find(TYPED, "variant", "callText"),
				results.find(TYPED, "variant", "typed-string"));
		typedRow(md, verdicts, null, "echo, record as JSON", results.find(TYPED, "variant", "callText"),
				results.find(TYPED, "variant", "typed-record"));
		typedRow(md, verdicts, typedVsByName, "add, int", results.find(TYPED, "variant", "call"),
				results.find(TYPED, "variant", "typed-int"));
		md.append("\nThe record row adds Jackson's writing and reading of the order to the call; its by-name column "
				+ "passes JSON text the caller already has.\n\n");
		md.append("The same calls on the current request's instance (`WasmInstances.current` by name; the "
				+ "interface's default policy), a new request every 1000 calls on both sides: what the interface "
				+ "itself adds to a call.\n\n");
		table(md, "call in a request",
				List.of("by export name", "through the interface",
						"interface ÷ by name (" + typedVsByName.label() + ")",
						"bytes allocated per call (by name / interface)"));
		typedRow(md, verdicts, typedVsByName, "echo, String, in a request",
				results.find(TYPED, "variant", "callText-in-request"),
				results.find(TYPED, "variant", "typed-string-in-request"));
		typedRow(md, verdicts, typedVsByName, "add, int, in a request",
				results.find(TYPED, "variant", "call-in-request"),
				results.find(TYPED, "variant", "typed-int-in-request"));
		md.append('\n');
	}

	private static void firstCall(StringBuilder md, Results results) {
		md.append("## 9. First call from the disk cache\n\n");
		md.append("ms per first call of a freshly started runtime, as after a restart: a new compilation cache and "
				+ "runtime, the module defined, a new instance, its first call, all let go. \"compile\" has no code "
				+ "directory; \"cache, full parse\" loads the stored code after parsing and validating the whole "
				+ "module (files without the runtime's record, as before it existed); \"cache\" loads it after "
				+ "parsing every section but the function bodies, without validation.\n\n");
		table(md, "module", List.of("compile", "cache, full parse", "cache", "compile ÷ cache",
				"cache, full parse ÷ cache", "bytes allocated (compile / full parse / cache)"));
		for (Map.Entry<String, String> module : FIRST_CALL_MODULES.entrySet()) {
			Score compile = results.find(FIRST_CALL, "module", module.getKey(), "variant", "compile");
			Score fullParse = results.find(FIRST_CALL, "module", module.getKey(), "variant", "cache-full-parse");
			Score cache = results.find(FIRST_CALL, "module", module.getKey(), "variant", "cache");
			line(md, module.getValue(),
					List.of(scored(compile), scored(fullParse), scored(cache), ratio(Ratio.of(compile, cache), null),
							ratio(Ratio.of(fullParse, cache), null), bytes(compile.allocated()) + " / "
									+ bytes(fullParse.allocated()) + " / " + bytes(cache.allocated())));
		}
		md.append('\n');
	}

	private static void typedRow(StringBuilder md, List<String> verdicts, Target target, String row, Score byName,
			Score typed) {
		Ratio ratio = Ratio.of(typed, byName);
		line(md, row, List.of(scored(byName), scored(typed), ratio(ratio, target),
				bytes(byName.allocated()) + " / " + bytes(typed.allocated())));
		if (target != null) {
			verdicts.add(verdict(target, row, ratio));
		}
	}

	/** The results of one run, found by benchmark and parameters. */
	private static final class Results {

		private final List<Entry> entries;

		Results(List<Entry> entries) {
			this.entries = entries;
		}

		Score cycle(String module, String variant) {
			String benchmark = variant.equals("chicory-as-documented") ? AS_DOCUMENTED : CYCLE;
			return find(benchmark, "module", module, "variant", variant);
		}

		Score host(String imports, String binding) {
			return find(HOST, "imports", imports, "binding", binding);
		}

		Score find(String benchmark, String... params) {
			for (Entry entry : this.entries) {
				if (entry.benchmark().equals(benchmark) && matches(entry.params(), params)) {
					return entry.score();
				}
			}
			return Score.MISSING;
		}

		private static boolean matches(Map<String, String> actual, String[] wanted) {
			for (int i = 0; i < wanted.length; i += 2) {
				if (!wanted[i + 1].equals(actual.get(wanted[i]))) {
					return false;
				}
			}
			return true;
		}

	}

	private static String verdict(Target target, String row, Ratio ratio) {
		return target.description()
				+ " " + target.label() + ", " + row + ": " + (ratio.present()
						? number(ratio.value()) + " ± " + sameDecimals(ratio.error(), ratio.value()) + ", " : "")
				+ target.verdict(ratio);
	}

	static void row(StringBuilder md, String name, String value) {
		md.append("| ").append(name).append(" | ").append(value).append(" |\n");
	}

	static void table(StringBuilder md, String first, Iterable<String> columns) {
		StringBuilder rule = new StringBuilder("|---|");
		md.append("| ").append(first).append(" |");
		for (String column : columns) {
			md.append(' ').append(column).append(" |");
			rule.append("---:|");
		}
		md.append('\n').append(rule).append('\n');
	}

	static void line(StringBuilder md, String first, List<String> cells) {
		md.append("| ").append(first).append(" |");
		for (String cell : cells) {
			md.append(' ').append(cell).append(" |");
		}
		md.append('\n');
	}

	private static String scored(Score score) {
		if (!score.present()) {
			return "—";
		}
		return Double.isNaN(score.error()) ? number(score.value())
				: number(score.value()) + " ± " + sameDecimals(score.error(), score.value());
	}

	private static String ratio(Ratio ratio, Target target) {
		if (!ratio.present()) {
			return "—";
		}
		String text = number(ratio.value()) + " ± " + sameDecimals(ratio.error(), ratio.value());
		return (target != null) ? text + " (" + target.verdict(ratio) + ")" : text;
	}

	private static String bytes(double bytes) {
		if (Double.isNaN(bytes)) {
			return "—";
		}
		if (bytes >= 10 * 1024) {
			return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024);
		}
		return String.format(Locale.ROOT, "%.0f B", bytes);
	}

	/** Three significant digits, at most four decimals. */
	static String number(double value) {
		return String.format(Locale.ROOT, "%." + decimals(value) + "f", value);
	}

	private static String sameDecimals(double error, double value) {
		return String.format(Locale.ROOT, "%." + decimals(value) + "f", error);
	}

	private static int decimals(double value) {
		double magnitude = Math.abs(value);
		if (magnitude >= 100) {
			return 0;
		}
		if (magnitude >= 10) {
			return 1;
		}
		if (magnitude >= 1) {
			return 2;
		}
		return (magnitude >= 0.1) ? 3 : 4;
	}

	private static Map<String, String> ordered(String... keysAndLabels) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndLabels.length; i += 2) {
			map.put(keysAndLabels[i], keysAndLabels[i + 1]);
		}
		return map;
	}

}
