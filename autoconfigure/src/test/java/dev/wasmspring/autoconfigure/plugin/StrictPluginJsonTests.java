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

package dev.wasmspring.autoconfigure.plugin;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.wasmspring.autoconfigure.WasmAutoConfiguration;
import dev.wasmspring.plugin.ImportWasmPlugins;
import dev.wasmspring.plugin.WasmExport;
import dev.wasmspring.plugin.WasmPlugin;
import dev.wasmspring.runtime.exception.WasmCallException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A typed plugin method reads the guest's JSON answer strictly: a duplicate key, or a
 * number that does not fit the result's type, fails the call as a guest error naming the
 * method, and the next call works. The guest is {@code plugin.wasm}'s {@code echo}, which
 * answers exactly the text it is given.
 */
class StrictPluginJsonTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class, WasmPluginAutoConfiguration.class))
		.withPropertyValues("wasm.shared-cache=false", "wasm.modules.plugin.location=classpath:wasm/plugin.wasm")
		.withUserConfiguration(ImportAnswers.class);

	@Test
	void aDuplicateKeyFailsTheCallInsteadOfTheLastOneWinning() {
		assertGuestError((answers) -> answers.grant("{\"admin\":false,\"name\":\"ada\",\"admin\":true}"),
				"Answers.grant(String)", "Duplicate Object property \"admin\"");
	}

	@Test
	void aDuplicateKeyInANestedMapFailsTheCall() {
		assertGuestError((answers) -> answers.limits("{\"limits\":{\"cpu\":1,\"cpu\":2}}"), "Answers.limits(String)",
				"Duplicate Object property \"cpu\"");
	}

	@Test
	void aDurationTooLargeForADurationFailsInsteadOfBecomingZero() {
		assertGuestError((answers) -> answers.pause("{\"delay\":1e999999999}"), "Answers.pause(String)",
				"does not fit");
	}

	@Test
	void anInstantTooFarInThePastFailsInsteadOfBecomingTheEpoch() {
		assertGuestError((answers) -> answers.expiry("{\"expires\":-1e999999999}"), "Answers.expiry(String)",
				"does not fit");
	}

	@Test
	void aBareDurationAnswerTooLargeFails() {
		assertGuestError((answers) -> answers.timeout("1e999999999"), "Answers.timeout(String)", "does not fit");
	}

	@Test
	void anIntegerBeyondIntFailsInsteadOfWrapping() {
		assertGuestError((answers) -> answers.count("{\"value\":2147483648}"), "Answers.count(String)",
				"out of range of `int`");
	}

	@Test
	void aFractionIntoAnIntFailsInsteadOfBeingTruncated() {
		assertGuestError((answers) -> answers.count("{\"value\":1.5}"), "Answers.count(String)",
				"Cannot coerce Floating-point value");
	}

	@Test
	void anIntegerBeyondLongFails() {
		assertGuestError((answers) -> answers.total("{\"cents\":9223372036854775808}"), "Answers.total(String)",
				"out of range of `long`");
	}

	@Test
	void answersThatFitAreReadAsBefore() {
		this.contextRunner.run((context) -> {
			Answers answers = context.getBean(Answers.class);
			assertThat(answers.grant("{\"admin\":false,\"name\":\"ada\"}")).isEqualTo(new Grant(false, "ada"));
			assertThat(answers.pause("{\"delay\":1.5}")).isEqualTo(new Pause(Duration.ofMillis(1500)));
			assertThat(answers.expiry("{\"expires\":-1.5}").expires())
				.isEqualTo(Instant.ofEpochSecond(-2, 500_000_000));
			assertThat(answers.count("{\"value\":2147483647}")).isEqualTo(new Count(Integer.MAX_VALUE));
			assertThat(answers.limits("{\"limits\":{\"cpu\":1,\"memory\":2}}").limits())
				.isEqualTo(Map.of("cpu", 1, "memory", 2));
		});
	}

	private void assertGuestError(java.util.function.Consumer<Answers> call, String method, String reason) {
		this.contextRunner.run((context) -> {
			Answers answers = context.getBean(Answers.class);
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> call.accept(answers))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WasmCallException.Reason.GUEST_ERROR))
				.withMessageContaining("Export 'echo' of WASM module 'plugin' answered ")
				.withMessageContaining(method + " cannot read as ")
				.withMessageContaining(reason);
			// the call failed, not the plugin: the next one works
			assertThat(answers.grant("{\"admin\":true,\"name\":\"grace\"}")).isEqualTo(new Grant(true, "grace"));
		});
	}

	@WasmPlugin("plugin")
	interface Answers {

		@WasmExport("echo")
		Grant grant(String json);

		@WasmExport("echo")
		Limits limits(String json);

		@WasmExport("echo")
		Pause pause(String json);

		@WasmExport("echo")
		Expiry expiry(String json);

		@WasmExport("echo")
		Duration timeout(String json);

		@WasmExport("echo")
		Count count(String json);

		@WasmExport("echo")
		Total total(String json);

	}

	record Grant(boolean admin, String name) {
	}

	record Limits(Map<String, Integer> limits) {
	}

	record Pause(Duration delay) {
	}

	record Expiry(Instant expires) {
	}

	record Count(int value) {
	}

	record Total(long cents) {
	}

	@Configuration(proxyBeanMethods = false)
	@ImportWasmPlugins(types = Answers.class)
	static class ImportAnswers {

	}

}
