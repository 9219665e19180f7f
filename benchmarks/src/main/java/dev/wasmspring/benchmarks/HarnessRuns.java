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
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the single-shot harnesses after JMH, each in a fresh JVM of its own with the heap
 * it is sized for and a bound on its time, and gathers their figures into one JSON object
 * kept beside JMH's results: one member per harness, its figures, or {@code error} when
 * it failed or ran past its bound. Stateless.
 */
final class HarnessRuns {

	/**
	 * One harness: its name in the JSON, its class, the JVM options and arguments it runs
	 * with ({@code --json FILE} is added), and how long it may take.
	 */
	record Harness(String name, Class<?> main, List<String> jvmOptions, List<String> arguments, Duration bound) {
	}

	/** The harnesses of a full run, as the report's sections 12 to 14 describe them. */
	static final List<Harness> STANDARD = List.of(
			new Harness("many-tenants", ManyTenantsHarness.class, List.of("-Xmx1g", "-XX:+UseG1GC"),
					List.of("--tenants", "10000", "--max-loaded", "2000"), Duration.ofMinutes(40)),
			new Harness("footprint", TenantsHarness.class, List.of("-Xmx2g", "-XX:+UseG1GC"),
					List.of("--modules", "2000", "--histogram"), Duration.ofMinutes(20)),
			new Harness("build-time", BuildTimeFirstCallHarness.class, List.of("-Xmx512m", "-XX:+UseG1GC"),
					List.of("4"), Duration.ofMinutes(20)));

	private HarnessRuns() {
	}

	/**
	 * Runs the harnesses one after the other and writes their figures.
	 * @param harnesses the harnesses to run
	 * @param json the file for their figures
	 * @param log where their output goes
	 * @return how many of them failed or ran past their bound
	 * @throws IOException if the figures cannot be written
	 * @throws InterruptedException if interrupted while waiting for a harness
	 */
	static int run(List<Harness> harnesses, Path json, PrintStream log) throws IOException, InterruptedException {
		ObjectMapper mapper = new ObjectMapper();
		ObjectNode figures = mapper.createObjectNode();
		int failed = 0;
		for (Harness harness : harnesses) {
			log.println("# Harness " + harness.name() + " (" + harness.main().getSimpleName() + ", at most "
					+ describe(harness.bound()) + ")");
			Path output = Files.createTempFile("harness-" + harness.name() + "-", ".json");
			try {
				String error = fork(harness, output);
				if (error == null) {
					figures.set(harness.name(), mapper.readTree(output.toFile()));
				}
				else {
					log.println("# Harness " + harness.name() + ": " + error);
					figures.set(harness.name(), mapper.createObjectNode().put("error", error));
					failed++;
				}
			}
			finally {
				Files.deleteIfExists(output);
			}
		}
		Files.createDirectories(json.toAbsolutePath().getParent());
		Files.writeString(json, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(figures));
		return failed;
	}

	/** Runs one harness in a JVM of its own: {@code null} once it wrote its figures. */
	private static String fork(Harness harness, Path output) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(harness.jvmOptions());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(harness.main().getName());
		command.addAll(harness.arguments());
		command.add("--json");
		command.add(output.toString());
		Process process = new ProcessBuilder(command).inheritIO().start();
		if (!process.waitFor(harness.bound().toMillis(), TimeUnit.MILLISECONDS)) {
			// the harness's own children (fresh JVMs it starts) first
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly().waitFor();
			return "stopped after " + describe(harness.bound()) + ", its bound";
		}
		if (process.exitValue() != 0) {
			return "failed with exit code " + process.exitValue();
		}
		if (Files.size(output) == 0) {
			return "wrote no figures";
		}
		return null;
	}

	/**
	 * What the harnesses run, for the run description.
	 * @param harnesses the harnesses
	 * @return each one's name, class, JVM options and arguments
	 */
	static String describe(List<Harness> harnesses) {
		List<String> parts = new ArrayList<>();
		for (Harness harness : harnesses) {
			parts.add(harness.name() + ": " + harness.main().getSimpleName() + " "
					+ String.join(" ", harness.arguments()) + " (" + String.join(" ", harness.jvmOptions())
					+ ", at most " + describe(harness.bound()) + ")");
		}
		return String.join("; ", parts);
	}

	private static String describe(Duration bound) {
		return (bound.toSeconds() >= 60) ? bound.toMinutes() + " min" : bound.toSeconds() + " s";
	}

}
