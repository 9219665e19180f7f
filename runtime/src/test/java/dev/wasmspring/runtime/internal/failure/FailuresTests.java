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

package dev.wasmspring.runtime.internal.failure;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Properties;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmTimeoutException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.exception.WasmTrapException.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the engine or the JVM throws while a guest runs becomes one of the runtime's
 * own exceptions, so nothing reaches the caller unwrapped. The cases real modules cannot
 * provoke on demand are checked here.
 */
class FailuresTests {

	@Test
	void deadlineWinsOverWhateverTheInterruptCaused() {
		WasmException failure = Failures.translate("m", "run", new ChicoryInterruptedException("Thread interrupted"),
				true, Duration.ofMillis(250).toNanos());
		assertThat(failure).isInstanceOf(WasmTimeoutException.class)
			.hasMessageContaining("within its timeout of 250ms");
		assertThat(((WasmTimeoutException) failure).getTimeout()).isEqualTo(Duration.ofMillis(250));
	}

	@Test
	void interruptWithoutDeadlineIsAnInterruption() {
		assertThat(Failures.translate("m", "run", new ChicoryInterruptedException("Thread interrupted"), false, 0))
			.isInstanceOfSatisfying(WasmCallException.class,
					(thrown) -> assertThat(thrown.getReason()).isEqualTo(WasmCallException.Reason.INTERRUPTED))
			.hasMessageContaining("'m'")
			.hasMessageContaining("'run'");
	}

	@Test
	void nonZeroWasiExitKeepsItsCode() {
		WasmException failure = Failures.translate("m", "_start", new WasiExitException(3), false, 0);
		assertThat(failure)
			.isInstanceOfSatisfying(WasmCallException.class,
					(thrown) -> assertThat(thrown.getReason()).isEqualTo(WasmCallException.Reason.EXITED))
			.hasMessageContaining("exited with status 3");
		assertThat(((WasmCallException) failure).getExitCode()).isEqualTo(3);
	}

	@Test
	void outOfMemoryWhileTheGuestRunsEndsThatCallAsResourceExhausted() {
		OutOfMemoryError error = new OutOfMemoryError("Java heap space");
		WasmException failure = Failures.translate("m", "grow", error, false, 0);
		// no Error reaches the caller, not even as the cause
		assertThat(failure).isInstanceOf(WasmTrapException.class).hasNoCause();
		assertThat(((WasmTrapException) failure).getKind()).isEqualTo(Kind.RESOURCE_EXHAUSTED);
		assertThat(Failures.translate("m", "grow", new IllegalStateException("wrapped", error), false, 0))
			.isInstanceOfSatisfying(WasmTrapException.class,
					(trap) -> assertThat(trap.getKind()).isEqualTo(Kind.RESOURCE_EXHAUSTED));
	}

	@Test
	void anyOtherErrorIsWrappedNotRethrown() {
		InternalError error = new InternalError("engine bug");
		WasmException failure = Failures.translate("m", "run", error, false, 0);
		assertThat(failure).isInstanceOf(WasmTrapException.class).hasCause(error).hasMessageContaining("engine bug");
		assertThat(((WasmTrapException) failure).getKind()).isEqualTo(Kind.OTHER);
	}

	@Test
	void ownExceptionInTheCauseChainIsPassedThrough() {
		WasmCallException ours = WasmCallException.illegalArgument("m", "run", "bad argument");
		assertThat(Failures.translate("m", "run", new RuntimeException(new RuntimeException(ours)), false, 0))
			.isSameAs(ours);
	}

	@Test
	void engineTrapMessagesMapToKinds() {
		assertThat(kindOf("out of bounds table access")).isEqualTo(Kind.OUT_OF_BOUNDS_TABLE_ACCESS);
		assertThat(kindOf("invalid conversion to integer")).isEqualTo(Kind.INTEGER_OVERFLOW);
		assertThat(kindOf("something new")).isEqualTo(Kind.OTHER);
	}

	@Test
	void parserPhrasesBeforeTheDetailAreLeftOut() {
		MalformedException malformed = new MalformedException(
				"section size mismatch, " + "unexpected end of section or function, unexpected end");
		WasmModuleLoadException failure = Failures.parseFailure("m", "classpath:m.wasm", 9,
				new MalformedException("wrapped", malformed), () -> null);
		assertThat(failure.getReason()).isEqualTo(WasmModuleLoadException.Reason.MALFORMED);
		assertThat(failure).hasMessageContaining("unexpected end").hasMessageNotContaining("section size mismatch");
		assertThat(Failures.parseFailure("m", "classpath:m.wasm", 9, new InvalidException("type mismatch"), () -> null)
			.getReason()).isEqualTo(WasmModuleLoadException.Reason.INVALID);
		assertThat(Failures.parseFailure("m", "classpath:m.wasm", 9, malformed, () -> "the last section is cut off")
			.getReason()).isEqualTo(WasmModuleLoadException.Reason.TRUNCATED);
	}

	/**
	 * The trap kinds and the parser's phrases are read from the engine's message text,
	 * which the engine may change in any release: they were checked against Chicory
	 * 1.7.5, and this test fails on another version until they are checked again.
	 */
	@Test
	void messageTextsWereCheckedAgainstTheEngineVersionInUse() throws IOException {
		try (InputStream in = TrapException.class
			.getResourceAsStream("/META-INF/maven/com.dylibso.chicory/runtime/pom.properties")) {
			assertThat(in).isNotNull();
			Properties properties = new Properties();
			properties.load(in);
			assertThat(properties.getProperty("version"))
				.as("engine version: check Failures.kindOf and its parser phrases against this version's messages "
						+ "(TrapException, MalformedException), then update this test")
				.isEqualTo("1.7.5");
		}
	}

	private static Kind kindOf(String message) {
		return ((WasmTrapException) Failures.translate("m", "run", new TrapException(message), false, 0)).getKind();
	}

}
