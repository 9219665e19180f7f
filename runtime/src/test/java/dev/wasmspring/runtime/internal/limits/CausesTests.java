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

package dev.wasmspring.runtime.internal.limits;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link Causes}.
 */
class CausesTests {

	@Test
	void findsATypeAmongTheCauses() {
		Throwable failure = new IllegalStateException(new UncheckedIOException(new IOException("disk")));
		assertThat(Causes.has(failure, IOException.class)).isTrue();
		assertThat(Causes.has(failure, OutOfMemoryError.class, InterruptedException.class)).isFalse();
	}

	@Test
	void aTasksRuntimeExceptionOrErrorIsThrownAsItIsAndACheckedOneWrapped() {
		IllegalArgumentException runtime = new IllegalArgumentException("bad");
		assertThatThrownBy(() -> Causes.unchecked(runtime)).isSameAs(runtime);
		StackOverflowError error = new StackOverflowError();
		assertThatThrownBy(() -> Causes.unchecked(error)).isSameAs(error);
		IOException checked = new IOException("disk");
		assertThat(Causes.unchecked(checked)).isInstanceOf(IllegalStateException.class).hasCause(checked);
	}

}
