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

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every benchmark method once for every combination of its parameters, outside JMH,
 * on its real state, and checks the answer it computes: proves that each benchmark
 * measures working code. Measures nothing.
 */
class BenchmarksSmokeTests {

	private static final int CALLS = 5;

	/**
	 * Each benchmark class and how to tell the right answer of its benchmark methods from
	 * its state.
	 */
	private static final Map<Class<?>, Function<Object, Object>> BENCHMARKS = new LinkedHashMap<>();

	static {
		BENCHMARKS.put(RequestCycleBenchmark.class, (state) -> ((RequestCycleBenchmark) state).expected());
		BENCHMARKS.put(RequestCycleAsDocumentedBenchmark.class,
				(state) -> ((RequestCycleAsDocumentedBenchmark) state).expected());
		BENCHMARKS.put(ScalingBenchmark.class, (state) -> ((ScalingBenchmark) state).expected());
		BENCHMARKS.put(HostCallBenchmark.class, (state) -> ((HostCallBenchmark) state).expected());
		BENCHMARKS.put(InstantiationBenchmark.class, (state) -> ((InstantiationBenchmark) state).expected());
		BENCHMARKS.put(BigModuleInstanceBenchmark.class, (state) -> ((BigModuleInstanceBenchmark) state).expected());
		BENCHMARKS.put(StoreLoopBenchmark.class, (state) -> ((StoreLoopBenchmark) state).expected());
		BENCHMARKS.put(ObservationBenchmark.class, (state) -> ((ObservationBenchmark) state).expected());
		BENCHMARKS.put(TextRoundTripBenchmark.class, (state) -> slugify(((TextRoundTripBenchmark) state).input()));
		BENCHMARKS.put(TypedPluginCallBenchmark.class, (state) -> ((TypedPluginCallBenchmark) state).expected());
		BENCHMARKS.put(DiskCacheFirstCallBenchmark.class, (state) -> ((DiskCacheFirstCallBenchmark) state).expected());
		BENCHMARKS.put(FuelBenchmark.class, (state) -> ((FuelBenchmark) state).expected());
		BENCHMARKS.put(TenantLookupBenchmark.class, (state) -> ((TenantLookupBenchmark) state).expected());
	}

	static Stream<Arguments> everyBenchmarkAndParameterCombination() {
		List<Arguments> cases = new ArrayList<>();
		for (Class<?> type : BENCHMARKS.keySet()) {
			for (Map<String, String> params : combinations(type)) {
				cases.add(Arguments.of(type.getSimpleName() + " " + params, type, params));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("everyBenchmarkAndParameterCombination")
	void benchmarkMethodsComputeTheExpectedAnswer(String name, Class<?> type, Map<String, String> params)
			throws Exception {
		Object state = type.getConstructor().newInstance();
		for (Map.Entry<String, String> param : params.entrySet()) {
			Field field = type.getField(param.getKey());
			field.set(state, (field.getType() == int.class) ? Integer.valueOf(param.getValue()) : param.getValue());
		}
		if (state instanceof HostCallBenchmark host) {
			// a few rounds prove every other import answers; the JIT-sized count is for
			// measuring only
			host.exerciseRounds = 2;
		}
		invokeAnnotated(state, Setup.class);
		try {
			List<Method> benchmarks = annotated(type, Benchmark.class);
			assertThat(benchmarks).isNotEmpty();
			for (Method benchmark : benchmarks) {
				// more than once: text calls replace their instance after a few calls of
				// 64 KiB
				for (int call = 1; call <= CALLS; call++) {
					assertThat(benchmark.invoke(state)).as(name + " " + benchmark.getName() + ", call " + call)
						.isEqualTo(BENCHMARKS.get(type).apply(state));
				}
			}
		}
		finally {
			invokeAnnotated(state, TearDown.class);
		}
	}

	private static List<Map<String, String>> combinations(Class<?> type) {
		List<Map<String, String>> combinations = new ArrayList<>();
		combinations.add(new LinkedHashMap<>());
		for (Field field : type.getFields()) {
			Param param = field.getAnnotation(Param.class);
			if (param == null || Modifier.isStatic(field.getModifiers())) {
				continue;
			}
			List<Map<String, String>> extended = new ArrayList<>();
			for (Map<String, String> combination : combinations) {
				for (String value : param.value()) {
					Map<String, String> next = new LinkedHashMap<>(combination);
					next.put(field.getName(), value);
					extended.add(next);
				}
			}
			combinations = extended;
		}
		return combinations;
	}

	private static void invokeAnnotated(Object state, Class<? extends java.lang.annotation.Annotation> annotation)
			throws Exception {
		for (Method method : annotated(state.getClass(), annotation)) {
			method.invoke(state);
		}
	}

	private static List<Method> annotated(Class<?> type, Class<? extends java.lang.annotation.Annotation> annotation) {
		return Arrays.stream(type.getMethods()).filter((method) -> method.isAnnotationPresent(annotation)).toList();
	}

	/** slugify.wasm's documented behaviour, written independently of the guest. */
	private static String slugify(String text) {
		StringBuilder slug = new StringBuilder();
		boolean pending = false;
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xFF;
			if (c >= 'A' && c <= 'Z') {
				c |= 0x20;
			}
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				if (pending && slug.length() > 0) {
					slug.append('-');
				}
				pending = false;
				slug.append((char) c);
			}
			else {
				pending = true;
			}
		}
		return slug.toString();
	}

}
