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

import java.util.List;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmPluginException;
import dev.wasmspring.runtime.internal.limits.GuestText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text a plugin writes reaches logs and exceptions bounded and escaped: a line break
 * cannot forge a second log line, an escape sequence cannot reach a terminal, and a 32
 * MiB error text is shown by its first 4,096 bytes.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GuestTextLoggingTests {

	private final WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(CompilationCache.create()).build();

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger("wasm.forger");

	@AfterEach
	void close() {
		this.logger.detachAppender(this.appender);
		this.runtime.close();
	}

	@Test
	void anExtismLogLineIsEscaped() {
		this.appender.start();
		this.logger.addAppender(this.appender);
		this.runtime.define(TestModules.definition("forger", "extism-bombs.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("forger")) {
			instance.callBytes("forge_log", new byte[0]);
		}
		List<String> lines = this.appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
		assertThat(lines).containsExactly("oops\\nFORGED\\u001b[2J");
	}

	@Test
	void aThirtyTwoMebibyteErrorTextIsBoundedAndEscapedInTheException() {
		this.runtime.define(TestModules.definition("forger", "extism-bombs.wasm").withMaxMemory(64L * 1024 * 1024));
		try (WasmInstance instance = this.runtime.newInstance("forger")) {
			WasmPluginException failure = org.assertj.core.api.Assertions
				.catchThrowableOfType(() -> instance.callBytes("big_error", new byte[0]), WasmPluginException.class);
			assertThat(failure.getMessage()).contains("oops\\nFORGED\\u001b[2J")
				.contains("(33554432 bytes, the first 4096 shown)")
				.doesNotContain("\n")
				.doesNotContain("\u001b");
			// the instance stays usable after a plugin's own error, as in Extism
			assertThat(new String(instance.callBytes("ok", new byte[0]))).isEqualTo("ok");
		}
	}

	@Test
	void guestTextKeepsOrdinaryTextAndEscapesControlCharacters() {
		byte[] text = "café\tok\r\n\u0000\u007f\u2028end".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(GuestText.of(text, 0, text.length)).isEqualTo("café\\tok\\r\\n\\u0000\\u007f\\u2028end");
		byte[] long_ = new byte[GuestText.MAX_BYTES + 10];
		java.util.Arrays.fill(long_, (byte) 'a');
		assertThat(GuestText.of(long_, 0, long_.length)).startsWith("aaaa")
			.endsWith("... (4106 bytes, the first 4096 shown)")
			.hasSize(GuestText.MAX_BYTES + "... (4106 bytes, the first 4096 shown)".length());
	}

}
