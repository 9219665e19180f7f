package dev.wasmspring.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Table and memory bombs thrown by eight concurrent callers at an application in a JVM with a 256 MiB heap: the
 * bombs end in {@code RESOURCE_EXHAUSTED} traps or failed grows, never in an {@link Error} reaching a caller,
 * and the application keeps serving, with both engines.
 */
class WasmHeapExhaustionTests {

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void applicationKeepsServingWhileEightCallersThrowHeapBombs(WasmEngine engine) throws Exception {
		Map<String, String> result = runForked(engine);
		System.out.println("heap bombs (" + engine + "): " + result);
		assertThat(result.keySet()).noneMatch((key) -> key.contains("ERROR-") || key.contains("UNEXPECTED-"));
		// every instance's tables stop at the limit: about a megabyte per instance, not the 78 MiB of 10M elements
		assertThat(Long.parseLong(result.get("tableBombHeapPerInstance"))).isLessThan(4L * 1024 * 1024);
		// memory bombs ran the heap out and were stopped as traps
		assertThat(result).containsKey("outcome.memory_bomb:trap-RESOURCE_EXHAUSTED");
		assertThat(result).containsKey("outcome.table_bomb:ok");
		assertThat(Long.parseLong(result.get("servedDuringBombs"))).isPositive();
		assertThat(result.get("servedAfterBombs")).isEqualTo("100");
	}

	private static Map<String, String> runForked(WasmEngine engine) throws IOException, InterruptedException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC", "-cp",
				System.getProperty("java.class.path"), HeapBombApplication.class.getName(), engine.name(), "4000"))
			.redirectErrorStream(true)
			.start();
		String output;
		try {
			output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
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
		return result;
	}

}
