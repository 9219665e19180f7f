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

package dev.wasmspring.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.wasmspring.host.WasmImport;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.function.WasmCallContext;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.annotation.RequestScope;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Host methods in a servlet application: request-scoped beans are the calling request's,
 * the request is injected or read from the context, and customizers add attributes to
 * per-request instances.
 */
class WasmImportRequestScopeTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class))
		.withPropertyValues("wasm.modules.imports.location=classpath:wasm/imports.wasm")
		.withBean("envImports", EnvImports.class);

	@AfterEach
	void unbindRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void requestScopedBeanBehindAScopedProxyIsTheCallingRequests() {
		this.contextRunner.withUserConfiguration(ScopedProxyCart.class).run((context) -> {
			Cart first = inRequest(context, request("alice"), (instances) -> {
				instances.current("imports").call("set_many", 1L, 2);
				return context.getBean(Cart.class).snapshot();
			});
			Cart second = inRequest(context, request("bob"), (instances) -> {
				instances.current("imports").call("call_set", 9L);
				return context.getBean(Cart.class).snapshot();
			});
			assertThat(first.items).containsExactly(1L, 2L);
			assertThat(first.shoppers).containsExactly("alice", "alice");
			assertThat(second.items).containsExactly(9L);
			assertThat(second.shoppers).containsExactly("bob");
		});
	}

	@Test
	void requestScopedBeanWithoutAProxyIsLookedUpOnEveryCall() {
		this.contextRunner.withUserConfiguration(UnproxiedCart.class).run((context) -> {
			Cart first = inRequest(context, request("carol"), (instances) -> {
				instances.current("imports").call("set_many", 5L, 3);
				return ((Cart) context.getBean("cart")).snapshot();
			});
			Cart second = inRequest(context, request("dave"), (instances) -> {
				instances.current("imports").call("call_set", 7L);
				return ((Cart) context.getBean("cart")).snapshot();
			});
			assertThat(first.items).containsExactly(5L, 6L, 7L);
			assertThat(second.items).containsExactly(7L);
			assertThat(second.shoppers).containsExactly("dave");
		});
	}

	@Test
	void perRequestInstanceCarriesTheRequestAndTheCustomizersAttributes() {
		this.contextRunner.withUserConfiguration(TenantConfiguration.class).run((context) -> {
			MockHttpServletRequest request = request("erin");
			request.addHeader("X-Tenant", "acme");
			request.setAttribute("order", "A-17");
			TenantAudit audit = context.getBean(TenantAudit.class);
			inRequest(context, request, (instances) -> {
				WasmInstance instance = instances.current("imports");
				assertThat(instance.attributes().get(WasmInstances.REQUEST_ATTRIBUTE)).isSameAs(request);
				return instance.call("call_set", 3L);
			});
			assertThat(audit.entries).containsExactly("tenant=acme module=imports header=acme order=A-17 same=true");
		});
	}

	@Test
	void perRequestInstanceIsClosedWhenTheRequestEnds() {
		this.contextRunner.withUserConfiguration(TenantConfiguration.class).run((context) -> {
			WasmInstance instance = inRequest(context, request("frank"), (instances) -> {
				WasmInstance current = instances.current("imports");
				assertThat(instances.current("imports")).isSameAs(current);
				return current;
			});
			assertThat(instance.isOpen()).isFalse();
		});
	}

	@Test
	void hostMethodThatNeedsARequestFailsClearlyOutsideOne() {
		this.contextRunner.withUserConfiguration(TenantConfiguration.class).run((context) -> {
			try (WasmInstance instance = context.getBean(WasmRuntime.class).newInstance("imports")) {
				assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.call("call_set", 1L))
					.satisfies((thrown) -> assertThat(thrown.getReason())
						.isEqualTo(WasmCallException.Reason.HOST_FUNCTION_FAILED))
					.satisfies((ex) -> assertThat(ex.getCause()).isInstanceOf(IllegalStateException.class)
						.hasMessageStartingWith("A host function called by WASM module 'imports' needs the HTTP "
								+ "request, but the instance was not created for one and no request is bound to "
								+ "thread"));
			}
		});
	}

	@Test
	void requestBoundToTheCallingThreadIsFoundForInstancesCreatedOtherwise() {
		this.contextRunner.withUserConfiguration(TenantConfiguration.class).run((context) -> {
			MockHttpServletRequest request = request("grace");
			request.addHeader("X-Tenant", "globex");
			inRequest(context, request, (instances) -> {
				try (WasmInstance instance = context.getBean(WasmRuntime.class).newInstance("imports")) {
					return instance.call("call_set", 4L);
				}
			});
			assertThat(context.getBean(TenantAudit.class).entries)
				.containsExactly("tenant=null module=imports header=globex order=null same=true");
		});
	}

	private static MockHttpServletRequest request(String user) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/checkout");
		request.setRemoteUser(user);
		return request;
	}

	/**
	 * Handles one request on this thread the way the servlet framework does: bind, run,
	 * complete, unbind.
	 */
	private static <T> T inRequest(AssertableWebApplicationContext context, HttpServletRequest request,
			Function<WasmInstances, T> handler) {
		ServletRequestAttributes attributes = new ServletRequestAttributes(request);
		RequestContextHolder.setRequestAttributes(attributes);
		try {
			return handler.apply(context.getBean(WasmInstances.class));
		}
		finally {
			attributes.requestCompleted();
			RequestContextHolder.resetRequestAttributes();
		}
	}

	/** What one request put in its cart. */
	static class Cart {

		final List<Long> items = new CopyOnWriteArrayList<>();

		final List<String> shoppers = new CopyOnWriteArrayList<>();

		@WasmImport
		public void set(long item, HttpServletRequest request) {
			this.items.add(item);
			this.shoppers.add(request.getRemoteUser());
		}

		Cart snapshot() {
			Cart copy = new Cart();
			copy.items.addAll(this.items);
			copy.shoppers.addAll(this.shoppers);
			return copy;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ScopedProxyCart {

		@Bean
		@RequestScope
		Cart cart() {
			return new Cart();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnproxiedCart {

		@Bean
		@Scope(WebApplicationContext.SCOPE_REQUEST)
		Cart cart() {
			return new Cart();
		}

	}

	static class TenantAudit {

		final List<String> entries = new CopyOnWriteArrayList<>();

		@WasmImport
		public void set(long value, WasmCallContext context, HttpServletRequest request) {
			this.entries.add("tenant=" + context.attribute("tenant") + " module=" + context.moduleName() + " header="
					+ WasmHttpRequests.header(context, "X-Tenant").orElse(null) + " order="
					+ WasmHttpRequests.requestAttribute(context, "order").orElse(null) + " same="
					+ (WasmHttpRequests.get(context) == request));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TenantConfiguration {

		@Bean
		TenantAudit tenantAudit() {
			return new TenantAudit();
		}

		@Bean
		WasmRequestAttributesCustomizer tenantFromHeader() {
			return (moduleName, request, attributes) -> {
				String tenant = request.getHeader("X-Tenant");
				if (tenant != null) {
					attributes.put("tenant", tenant);
				}
			};
		}

	}

}
