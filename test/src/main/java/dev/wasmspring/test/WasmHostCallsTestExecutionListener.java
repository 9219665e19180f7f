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

package dev.wasmspring.test;

import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Clears the stubs and records of the test context's {@link WasmHostCalls} after each
 * test method, so tests that share a cached context do not see each other's. Registered
 * for every test through {@code spring.factories}; does nothing in contexts without the
 * bean.
 */
public final class WasmHostCallsTestExecutionListener extends AbstractTestExecutionListener {

	@Override
	public int getOrder() {
		return 2000;
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		if (testContext.hasApplicationContext()) {
			testContext.getApplicationContext().getBeanProvider(WasmHostCalls.class).ifAvailable(WasmHostCalls::reset);
		}
	}

}
