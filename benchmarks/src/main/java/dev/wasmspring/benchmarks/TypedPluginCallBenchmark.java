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

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.wasmspring.autoconfigure.WasmAutoConfiguration;
import dev.wasmspring.autoconfigure.WasmInstances;
import dev.wasmspring.autoconfigure.plugin.WasmPluginAutoConfiguration;
import dev.wasmspring.plugin.ImportWasmPlugins;
import dev.wasmspring.plugin.WasmExport;
import dev.wasmspring.plugin.WasmPlugin;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A call through a {@code @WasmPlugin} interface against the same call by export name.
 * Outside a request both create an instance, call, and close it (what a plugin interface
 * does per call there); in a request both use the request's instance, which isolates what
 * the interface itself costs. plugin.wasm's {@code echo} answers its input through the
 * memory ABI; {@code add(20, 22)} takes and returns WebAssembly values. µs per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-XX:+UseG1GC" })
public class TypedPluginCallBenchmark {

	static final Order ORDER = new Order("BOOK-1", 3, 1299);

	/**
	 * {@link #ORDER} as Jackson writes it, so that both text variants pass the same
	 * bytes.
	 */
	static final String ORDER_JSON = "{\"sku\":\"BOOK-1\",\"quantity\":3,\"unitCents\":1299}";

	/**
	 * {@code callText}: {@code echo} by name with JSON text built by the caller;
	 * {@code typed-string}: the interface's {@code String echo(String)};
	 * {@code typed-record}: the interface's {@code Order echo(Order)}, JSON written and
	 * read by the plugin's mapper; {@code call}: {@code add} by name with boxed
	 * arguments; {@code typed-int}: the interface's {@code int add(int, int)}. The
	 * {@code -in-request} variants make the same calls on the current request's instance
	 * ({@code WasmInstances.current}), which a new request replaces every
	 * {@value #CALLS_PER_REQUEST} calls on both sides (the guest's allocator never
	 * frees).
	 */
	@Param({ "callText", "typed-string", "typed-record", "call", "typed-int", "callText-in-request",
			"typed-string-in-request", "call-in-request", "typed-int-in-request" })
	public String variant;

	static final int CALLS_PER_REQUEST = 1000;

	private int callsInRequest;

	private BenchmarkRequest request;

	private ConfigurableApplicationContext context;

	private Supplier<Object> call;

	@Setup(Level.Trial)
	public void setUp() {
		this.context = new SpringApplicationBuilder(PluginApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("wasm.modules.plugin.location=classpath:wasm/plugin.wasm", "wasm.shared-cache=false",
					"logging.level.root=warn")
			.run();
		WasmRuntime runtime = this.context.getBean(WasmRuntime.class);
		WasmInstances instances = this.context.getBean(WasmInstances.class);
		EchoPlugin plugin = this.context.getBean(EchoPlugin.class);
		RequestEchoPlugin inRequest = this.context.getBean(RequestEchoPlugin.class);
		this.call = switch (this.variant) {
			case "callText" -> () -> {
				try (WasmInstance instance = runtime.newInstance("plugin")) {
					return instance.callText("echo", ORDER_JSON);
				}
			};
			case "typed-string" -> () -> plugin.echo(ORDER_JSON);
			case "typed-record" -> () -> plugin.echo(ORDER);
			case "call" -> () -> {
				try (WasmInstance instance = runtime.newInstance("plugin")) {
					return instance.call("add", 20, 22);
				}
			};
			case "typed-int" -> () -> plugin.add(20, 22);
			case "callText-in-request" -> () -> instances.current("plugin").callText("echo", ORDER_JSON);
			case "typed-string-in-request" -> () -> inRequest.echo(ORDER_JSON);
			case "call-in-request" -> () -> instances.current("plugin").call("add", 20, 22);
			case "typed-int-in-request" -> () -> inRequest.add(20, 22);
			default -> throw new IllegalArgumentException("No variant '" + this.variant + "'");
		};
		Object answer = echoOrAdd();
		if (!answer.equals(expected())) {
			throw new IllegalStateException(this.variant + " answered " + answer + ", not " + expected());
		}
		if (this.request != null) {
			// the measuring thread may be another: it begins its own request at its first
			// call
			this.request.end();
			this.request = null;
			this.callsInRequest = 0;
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		if (this.request != null) {
			this.request.end();
		}
		this.context.close();
	}

	@Benchmark
	public Object echoOrAdd() {
		if (this.variant.endsWith("-in-request") && this.callsInRequest++ % CALLS_PER_REQUEST == 0) {
			// on the calling thread, which is the one JMH measures on
			if (this.request != null) {
				this.request.end();
			}
			this.request = BenchmarkRequest.begin();
		}
		return this.call.get();
	}

	Object expected() {
		return switch (this.variant) {
			case "typed-record" -> ORDER;
			case "call", "typed-int", "call-in-request", "typed-int-in-request" -> 42;
			default -> ORDER_JSON;
		};
	}

	/** The order the text variants pass. */
	public record Order(String sku, int quantity, long unitCents) {
	}

	/** plugin.wasm as an interface. */
	@WasmPlugin(value = "plugin", instances = WasmPlugin.Instances.CALL)
	public interface EchoPlugin {

		String echo(String text);

		@WasmExport("echo")
		Order echo(Order order);

		int add(int a, int b);

	}

	/** plugin.wasm as an interface whose calls use the request's instance. */
	@WasmPlugin("plugin")
	public interface RequestEchoPlugin {

		String echo(String text);

		int add(int a, int b);

	}

	/** Only the runtime and the plugin interfaces. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ WasmAutoConfiguration.class, WasmPluginAutoConfiguration.class })
	@ImportWasmPlugins(types = { EchoPlugin.class, RequestEchoPlugin.class })
	static class PluginApplication {

	}

}
