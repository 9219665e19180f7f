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
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wasmspring.host.WasmImport;
import dev.wasmspring.host.WasmImportBindingException;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.function.WasmCallContext;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @WasmImport} methods on proxied beans are called through the proxy, so advice
 * such as {@code @Transactional} applies to calls that come from the guest.
 */
class WasmImportProxiedBeanTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class))
		.withPropertyValues("wasm.modules.imports.location=classpath:wasm/imports.wasm")
		.withBean("envImports", EnvImports.class);

	@Test
	void transactionalClassProxiedBeanRunsEachCallInATransaction() {
		this.contextRunner.withUserConfiguration(ClassProxyTransactions.class).run((context) -> {
			assertThat(AopUtils.isCglibProxy(context.getBean(TransactionalLedger.class))).isTrue();
			RecordingTransactionManager transactions = context.getBean(RecordingTransactionManager.class);
			Ledger ledger = new Ledger();
			WasmRuntime runtime = context.getBean(WasmRuntime.class);
			try (WasmInstance instance = runtime.newInstance("imports", Map.of("ledger", ledger))) {
				instance.call("set_many", 1L, 3);
			}
			assertThat(ledger.entries).containsExactly(1L, 2L, 3L);
			assertThat(ledger.inTransaction).containsExactly(true, true, true);
			assertThat(transactions.commits).hasValue(3);
			assertThat(transactions.rollbacks).hasValue(0);
		});
	}

	@Test
	void failingTransactionalCallRollsBackAndFailsTheGuestsCall() {
		this.contextRunner.withUserConfiguration(ClassProxyTransactions.class).run((context) -> {
			RecordingTransactionManager transactions = context.getBean(RecordingTransactionManager.class);
			try (WasmInstance instance = context.getBean(WasmRuntime.class)
				.newInstance("imports", Map.of("ledger", new Ledger()))) {
				assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.call("call_set", -1L))
					.satisfies((thrown) -> assertThat(thrown.getReason())
						.isEqualTo(WasmCallException.Reason.HOST_FUNCTION_FAILED))
					.satisfies((ex) -> assertThat(ex.getCause()).hasMessage("negative entry -1"));
			}
			assertThat(transactions.rollbacks).hasValue(1);
			assertThat(transactions.commits).hasValue(0);
		});
	}

	@Test
	void transactionalInterfaceProxiedBeanIsCalledThroughTheInterfaceMethod() {
		this.contextRunner.withUserConfiguration(InterfaceProxyTransactions.class).run((context) -> {
			assertThat(AopUtils.isJdkDynamicProxy(context.getBean(LedgerPort.class))).isTrue();
			Ledger ledger = new Ledger();
			try (WasmInstance instance = context.getBean(WasmRuntime.class)
				.newInstance("imports", Map.of("ledger", ledger))) {
				instance.call("call_set", 5L);
			}
			assertThat(ledger.entries).containsExactly(5L);
			assertThat(ledger.inTransaction).containsExactly(true);
			assertThat(context.getBean(RecordingTransactionManager.class).commits).hasValue(1);
		});
	}

	@Test
	void methodMissingFromTheInterfaceOfAnInterfaceProxyIsABindingError() {
		this.contextRunner.withUserConfiguration(InterfaceProxyTransactions.class)
			.withBean("hiddenLedger", HiddenLedger.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).isInstanceOf(WasmImportBindingException.class)
					.hasMessageStartingWith("@WasmImport method HiddenLedger#get_i32() (bean 'hiddenLedger') "
							+ "cannot be called through the bean's proxy: ");
			});
	}

	@Test
	void aspectAdviceAppliesToCallsFromTheGuest() {
		this.contextRunner.withUserConfiguration(CountingAspectConfiguration.class).run((context) -> {
			Ledger ledger = new Ledger();
			try (WasmInstance instance = context.getBean(WasmRuntime.class)
				.newInstance("imports", Map.of("ledger", ledger))) {
				instance.call("set_many", 10L, 4);
			}
			assertThat(ledger.entries).containsExactly(10L, 11L, 12L, 13L);
			assertThat(context.getBean(CountingAspect.class).calls).hasValue(4);
		});
	}

	/** What the guest wrote, and whether each write ran in a transaction. */
	static final class Ledger {

		final List<Long> entries = new CopyOnWriteArrayList<>();

		final List<Boolean> inTransaction = new CopyOnWriteArrayList<>();

	}

	static class TransactionalLedger {

		@Transactional
		@WasmImport
		public void set(long value, WasmCallContext context) {
			if (value < 0) {
				throw new IllegalArgumentException("negative entry " + value);
			}
			Ledger ledger = context.attribute("ledger", Ledger.class);
			ledger.entries.add(value);
			ledger.inTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
		}

	}

	interface LedgerPort {

		void set(long value, WasmCallContext context);

	}

	static class InterfaceLedger implements LedgerPort {

		@Override
		@Transactional
		@WasmImport
		public void set(long value, WasmCallContext context) {
			Ledger ledger = context.attribute("ledger", Ledger.class);
			ledger.entries.add(value);
			ledger.inTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
		}

	}

	interface Auditable {

		void audit();

	}

	/** Proxied through its interface, but its host method is not on that interface. */
	static class HiddenLedger implements Auditable {

		@Override
		@Transactional
		public void audit() {
		}

		@WasmImport
		public int get_i32() {
			return 0;
		}

	}

	static class AdvisedLedger {

		@WasmImport
		public void set(long value, WasmCallContext context) {
			context.attribute("ledger", Ledger.class).entries.add(value);
		}

	}

	@Aspect
	static class CountingAspect {

		final AtomicInteger calls = new AtomicInteger();

		@Around("@annotation(dev.wasmspring.host.WasmImport) && execution(* set(..))")
		Object count(ProceedingJoinPoint call) throws Throwable {
			this.calls.incrementAndGet();
			return call.proceed();
		}

	}

	/** Counts transactions; holds no resources. */
	static class RecordingTransactionManager extends AbstractPlatformTransactionManager {

		final AtomicInteger commits = new AtomicInteger();

		final AtomicInteger rollbacks = new AtomicInteger();

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
			this.commits.incrementAndGet();
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
			this.rollbacks.incrementAndGet();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement(proxyTargetClass = true)
	static class ClassProxyTransactions {

		@Bean
		RecordingTransactionManager transactionManager() {
			return new RecordingTransactionManager();
		}

		@Bean
		TransactionalLedger transactionalLedger() {
			return new TransactionalLedger();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement(proxyTargetClass = false)
	static class InterfaceProxyTransactions {

		@Bean
		RecordingTransactionManager transactionManager() {
			return new RecordingTransactionManager();
		}

		@Bean
		LedgerPort interfaceLedger() {
			return new InterfaceLedger();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAspectJAutoProxy(proxyTargetClass = true)
	static class CountingAspectConfiguration {

		@Bean
		CountingAspect countingAspect() {
			return new CountingAspect();
		}

		@Bean
		AdvisedLedger advisedLedger() {
			return new AdvisedLedger();
		}

	}

}
