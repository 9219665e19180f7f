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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a test application's {@code main} in a JVM of its own, with this JVM's class path
 * and a 256 MiB heap, and reads back what it printed as {@code key=value} lines (a line
 * with a space in it is not one).
 */
final class ForkedJvm {

	private ForkedJvm() {
	}

	static Map<String, String> run(Class<?> application, long waitSeconds, String... args)
			throws IOException, InterruptedException {
		return run(application, waitSeconds, List.of(), args);
	}

	static Map<String, String> run(Class<?> application, long waitSeconds, List<String> options, String... args)
			throws IOException, InterruptedException {
		return run(System.getProperty("java.class.path"), application, waitSeconds, options, args);
	}

	static Map<String, String> run(String classPath, Class<?> application, long waitSeconds, List<String> options,
			String... args) throws IOException, InterruptedException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC"));
		command.addAll(options);
		command.addAll(List.of("-cp", classPath, application.getName()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output;
		try {
			output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(waitSeconds, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			process.destroyForcibly();
		}
		assertThat(process.exitValue()).as(output).isZero();
		Map<String, String> result = new LinkedHashMap<>();
		for (String line : output.split("\n")) {
			int equals = line.indexOf('=');
			if (equals > 0 && !line.contains(" ")) {
				result.put(line.substring(0, equals), line.substring(equals + 1));
			}
		}
		result.put("output", output);
		return result;
	}

}
