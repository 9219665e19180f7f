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

package dev.wasmspring.test.example;

import dev.wasmspring.test.WasmHostCall;
import dev.wasmspring.test.WasmHostCalls;
import dev.wasmspring.test.WasmTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @WasmTest}: the real plugins, the one host function bean the test names, and
 * stubs for the rest.
 */
@WasmTest(hostFunctions = NegatingHost.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GreeterTests {

	@Autowired
	Greeter greeter;

	@Autowired
	WasmHostCalls hostCalls;

	@Test
	@Order(1)
	void aStubAnswersTheGuestWithText() {
		this.hostCalls.stub("env", "greet", (call) -> call.returnText("Hello, " + call.text(0) + "!"));

		assertThat(this.greeter.greet("Ada")).isEqualTo("Hello, Ada!");
	}

	@Test
	@Order(2)
	void aStubAnswersTheGuestWithANumber() {
		this.hostCalls.stub("env", "get_i32", (call) -> 7);

		assertThat(this.greeter.hostNumber()).isEqualTo(7);
	}

	@Test
	@Order(3)
	void anImportNothingProvidesAnswersZeroUntilStubbedAgain() {
		// the stub of the test before was cleared when it ended
		assertThat(this.greeter.hostNumber()).isZero();
		assertThat(this.hostCalls.calls("env", "get_i32")).hasSize(1);
	}

	@Test
	@Order(4)
	void theNamedBeansHostFunctionRunsAndItsCallsAreRecorded() {
		assertThat(this.greeter.negate(5)).isEqualTo(-5);

		WasmHostCall call = this.hostCalls.calls("env", "negate").get(0);
		assertThat(call.callingModule()).isEqualTo("imports");
		assertThat(call.intArg(0)).isEqualTo(5);
		assertThat(call.results()).containsExactly(-5);
	}

	@Test
	@Order(5)
	void textTheGuestPassedCanBeReadAfterTheCall() {
		this.hostCalls.stub("env", "text_length", (call) -> call.text(0).length());

		assertThat(this.greeter.hostTextLength()).isEqualTo(11);
		assertThat(this.hostCalls.calls("env", "text_length")).singleElement()
			.satisfies((call) -> assertThat(call.text(0)).isEqualTo("héllo wörld"));
	}

	@Test
	@Order(6)
	void theSliceHoldsTheNamedHostFunctionBeanAndNoOtherComponent(@Autowired ApplicationContext context) {
		assertThat(context.getBeanNamesForType(NegatingHost.class)).hasSize(1);
		assertThat(context.getBeanNamesForType(AuditLog.class)).isEmpty();
		assertThat(context.getBeanNamesForType(EchoController.class)).isEmpty();
	}

}
