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
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Where and how a benchmark run happened: the machine, the JVM, the load on the machine
 * before and after, the arguments and the source revision. Kept next to JMH's JSON so the
 * report can be rebuilt later. Immutable.
 */
record RunDescription(String arguments, String started, String duration, String loadBefore, String loadAfter,
		String processors, String cpu, String memory, String java, String os, String revision) {

	static Path pathFor(Path json) {
		return json.resolveSibling(json.getFileName() + ".run.properties");
	}

	/**
	 * Describes a run that has ended.
	 * @param arguments what ran
	 * @param start when it started
	 * @param duration how long it took
	 * @param loadBefore the load averages when it started
	 * @param loadAfter the load averages when it ended
	 * @param revision the source revision when it started ({@link #sourceRevision()}):
	 * files edited during a run do not change what ran
	 * @return the description
	 */
	static RunDescription capture(String arguments, Instant start, Duration duration, String loadBefore,
			String loadAfter, String revision) {
		return new RunDescription(arguments.isEmpty() ? "(none: every benchmark, default settings)" : arguments,
				start.toString(), duration.toMinutes() + " min " + duration.toSecondsPart() + " s", loadBefore,
				loadAfter, String.valueOf(Runtime.getRuntime().availableProcessors()), cpuModel(), totalMemory(),
				System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
						+ System.getProperty("java.vendor") + ")",
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
						+ System.getProperty("os.arch"),
				revision);
	}

	static RunDescription read(Path path) throws IOException {
		Properties properties = new Properties();
		if (Files.exists(path)) {
			try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
				properties.load(reader);
			}
		}
		String unknown = "unknown";
		return new RunDescription(properties.getProperty("arguments", unknown),
				properties.getProperty("started", unknown), properties.getProperty("duration", unknown),
				properties.getProperty("loadBefore", unknown), properties.getProperty("loadAfter", unknown),
				properties.getProperty("processors", unknown), properties.getProperty("cpu", unknown),
				properties.getProperty("memory", unknown), properties.getProperty("java", unknown),
				properties.getProperty("os", unknown), properties.getProperty("revision", unknown));
	}

	void write(Path path) throws IOException {
		Properties properties = new Properties();
		properties.setProperty("arguments", this.arguments);
		properties.setProperty("started", this.started);
		properties.setProperty("duration", this.duration);
		properties.setProperty("loadBefore", this.loadBefore);
		properties.setProperty("loadAfter", this.loadAfter);
		properties.setProperty("processors", this.processors);
		properties.setProperty("cpu", this.cpu);
		properties.setProperty("memory", this.memory);
		properties.setProperty("java", this.java);
		properties.setProperty("os", this.os);
		properties.setProperty("revision", this.revision);
		try (Writer writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
			properties.store(writer, "benchmark run");
		}
	}

	/** The 1, 5 and 15 minute load averages, as the kernel reports them. */
	static String loadAverage() {
		String line = firstLine(Path.of("/proc/loadavg"), "");
		String[] fields = line.split("\\s+");
		return (fields.length >= 3) ? fields[0] + " / " + fields[1] + " / " + fields[2] : "unknown";
	}

	private static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String totalMemory() {
		String total = firstLine(Path.of("/proc/meminfo"), "");
		return total.startsWith("MemTotal:") ? total.substring("MemTotal:".length()).trim() : "unknown";
	}

	private static String firstLine(Path path, String fallback) {
		try {
			List<String> lines = Files.readAllLines(path);
			return lines.isEmpty() ? fallback : lines.get(0);
		}
		catch (IOException ex) {
			return fallback;
		}
	}

	/** The commit checked out, and whether tracked files differ from it. */
	static String sourceRevision() {
		String commit = git("rev-parse", "--short", "HEAD");
		if (commit.isEmpty()) {
			return "unknown";
		}
		return git("status", "--porcelain", "--untracked-files=no").isEmpty() ? commit
				: commit + " with uncommitted changes";
	}

	private static String git(String... args) {
		try {
			List<String> command = new java.util.ArrayList<>(List.of("git"));
			command.addAll(List.of(args));
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			boolean done = process.waitFor(10, TimeUnit.SECONDS);
			return (done && process.exitValue() == 0) ? output : "";
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

}
