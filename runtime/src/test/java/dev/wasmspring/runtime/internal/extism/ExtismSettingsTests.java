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

package dev.wasmspring.runtime.internal.extism;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Host patterns of the allow-list match as documented, in time linear in the host name.
 */
@Timeout(10)
class ExtismSettingsTests {

	@Test
	void patternsMatchAnyRunOfCharactersWhereTheyHaveAStar() {
		ExtismSettings settings = settings("*.example.com", "api.*.test", "exact.org");
		assertThat(settings.allowsHost("a.example.com")).isTrue();
		assertThat(settings.allowsHost("A.b.Example.com")).isTrue();
		assertThat(settings.allowsHost("example.com")).isFalse();
		assertThat(settings.allowsHost("api.x.y.test")).isTrue();
		assertThat(settings.allowsHost("api.test")).isFalse();
		assertThat(settings.allowsHost("exact.org")).isTrue();
		assertThat(settings.allowsHost("exact.org.evil")).isFalse();
		assertThat(ExtismSettings.matches("*a*a*", "aa")).isTrue();
		assertThat(ExtismSettings.matches("*ab*ab", "abab")).isTrue();
		assertThat(ExtismSettings.matches("*ab*ab", "abxab")).isTrue();
		assertThat(ExtismSettings.matches("a*b*c", "acb")).isFalse();
	}

	@Test
	void aHostName64010CharactersLongIsMatchedInMilliseconds() {
		String host = "a.".repeat(32_004) + "wil"; // 64,011 - 1 characters, never ending
													// in ".wild.test"
		host = host.substring(0, 64_010);
		long start = System.nanoTime();
		boolean matched = ExtismSettings.matches("*.*.*.*.*.*.wild.test", host);
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(matched).isFalse();
		assertThat(elapsed).isLessThan(Duration.ofMillis(100));
		assertThat(settings("*.*.wild.test").allowsHost(host)).isFalse();
		assertThat(ExtismSettings.matches("*.*.wild.test", "a.".repeat(32_000) + "wild.test")).isTrue();
	}

	private static ExtismSettings settings(String... hosts) {
		return new ExtismSettings(Map.of(), List.of(hosts), 1, 1, 1);
	}

}
