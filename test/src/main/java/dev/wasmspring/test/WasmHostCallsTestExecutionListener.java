package dev.wasmspring.test;

import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Clears the stubs and records of the test context's {@link WasmHostCalls} after each test method, so tests
 * that share a cached context do not see each other's. Registered for every test through
 * {@code spring.factories}; does nothing in contexts without the bean.
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
