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

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.wasmspring.host.WasmImport;
import dev.wasmspring.host.WasmImportBinder;
import dev.wasmspring.host.WasmImportBindingException;
import dev.wasmspring.runtime.function.WasmHostFunction;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedObject;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * Finds the {@link WasmImport @WasmImport} methods of every bean and binds them as host
 * functions. Beans are scanned once every singleton exists, by name, the way
 * {@code @EventListener} methods are found, so that proxied beans and beans of any scope
 * work: a singleton's method is bound to the bean (through its proxy, so that advice such
 * as {@code @Transactional} applies); a prototype bean is created once per WASM instance,
 * on its first call, and destroyed when the instance ends; a bean of any other scope is
 * looked up again on every call, so a request-scoped bean is the calling request's.
 * <p>
 * Thread-safe; the host functions it returns are too.
 */
final class WasmImportMethodRegistrar implements WasmHostFunctionSource, BeanFactoryAware {

	private static final Log logger = LogFactory.getLog(WasmImportMethodRegistrar.class);

	private static final String SERVLET_REQUEST = "jakarta.servlet.http.HttpServletRequest";

	private static final String REQUEST_CONTEXT_HOLDER = "org.springframework.web.context.request.RequestContextHolder";

	private final WasmImportBinder binder;

	private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet();

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	private volatile @Nullable List<WasmHostFunction> functions;

	WasmImportMethodRegistrar(WasmImportBinder binder) {
		this.binder = binder;
	}

	/**
	 * Create a registrar with the standard binder and, when the Servlet API and Spring
	 * Web are present, the injection of the calling {@code HttpServletRequest}.
	 * @param classLoader the class loader to look for the Servlet API with
	 * @return the registrar
	 */
	static WasmImportMethodRegistrar create(@Nullable ClassLoader classLoader) {
		WasmImportBinder binder = WasmImportBinder.standard();
		if (ClassUtils.isPresent(SERVLET_REQUEST, classLoader)
				&& ClassUtils.isPresent(REQUEST_CONTEXT_HOLDER, classLoader)) {
			binder = WasmHttpRequests.injectInto(binder);
		}
		return new WasmImportMethodRegistrar(binder);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		Assert.isInstanceOf(ConfigurableListableBeanFactory.class, beanFactory,
				"WasmImportMethodRegistrar needs a ConfigurableListableBeanFactory");
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public Collection<WasmHostFunction> hostFunctions() {
		List<WasmHostFunction> functions = this.functions;
		if (functions == null) {
			synchronized (this) {
				functions = this.functions;
				if (functions == null) {
					functions = List.copyOf(scan());
					this.functions = functions;
				}
			}
		}
		return functions;
	}

	private List<WasmHostFunction> scan() {
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		Assert.state(beanFactory != null, "No bean factory set");
		List<WasmHostFunction> functions = new ArrayList<>();
		for (String beanName : beanFactory.getBeanNamesForType(Object.class)) {
			if (ScopedProxyUtils.isScopedTarget(beanName)) {
				// found through its scoped proxy, which is what other beans call too
				continue;
			}
			Class<?> type = targetClass(beanFactory, beanName);
			if (type != null && ScopedObject.class.isAssignableFrom(type)) {
				Class<?> scopedType = targetClass(beanFactory, ScopedProxyUtils.getTargetBeanName(beanName));
				type = (scopedType != null) ? scopedType : type;
			}
			if (type != null) {
				bindMethods(beanFactory, beanName, type, functions);
			}
		}
		return functions;
	}

	private static @Nullable Class<?> targetClass(ConfigurableListableBeanFactory beanFactory, String beanName) {
		try {
			return AutoProxyUtils.determineTargetClass(beanFactory, beanName);
		}
		catch (Throwable ex) {
			// an unresolvable bean type cannot declare host functions we could call
			if (logger.isDebugEnabled()) {
				logger.debug("Could not resolve the type of bean '" + beanName + "'", ex);
			}
			return null;
		}
	}

	private void bindMethods(ConfigurableListableBeanFactory beanFactory, String beanName, Class<?> type,
			List<WasmHostFunction> functions) {
		if (this.nonAnnotatedClasses.contains(type) || !AnnotationUtils.isCandidateClass(type, WasmImport.class)
				|| type.getName().startsWith("org.springframework.")) {
			return;
		}
		Map<Method, WasmImport> annotated = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<WasmImport>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, WasmImport.class));
		if (annotated.isEmpty()) {
			this.nonAnnotatedClasses.add(type);
			return;
		}
		Class<?> beanType = beanFactory.getType(beanName);
		boolean singleton = beanFactory.isSingleton(beanName);
		boolean prototype = !singleton && beanFactory.isPrototype(beanName);
		Object bean = singleton ? beanFactory.getBean(beanName) : null;
		PrototypeKey key = new PrototypeKey(beanName);
		Class<?> userType = ClassUtils.getUserClass(type);
		annotated.forEach((method, imported) -> {
			String description = WasmImportBinder.describe(userType, method) + " (bean '" + beanName + "')";
			Method invocable = invocableMethod(method, (bean != null) ? bean.getClass() : beanType, description);
			if (bean != null) {
				functions.add(this.binder.bind(invocable, imported, bean, description));
			}
			else if (prototype) {
				// one bean per WASM instance, shared by its methods, destroyed when the
				// instance ends
				functions.add(this.binder.bindPerInstance(invocable, imported, (context) -> context.instanceObject(key,
						() -> beanFactory.getBean(beanName), (created) -> beanFactory.destroyBean(beanName, created)),
						description));
			}
			else {
				functions.add(
						this.binder.bindPerCall(invocable, imported, () -> beanFactory.getBean(beanName), description));
			}
			if (logger.isDebugEnabled()) {
				logger.debug("Bound " + imported.module() + "."
						+ (imported.name().isEmpty() ? method.getName() : imported.name()) + " to " + description);
			}
		});
	}

	/** The key of a prototype bean kept per WASM instance. */
	private record PrototypeKey(String beanName) {
	}

	private static Method invocableMethod(Method method, @Nullable Class<?> beanType, String description) {
		if (beanType == null) {
			return method;
		}
		try {
			return AopUtils.selectInvocableMethod(method, beanType);
		}
		catch (IllegalStateException ex) {
			throw new WasmImportBindingException(description, "@WasmImport method " + description
					+ " cannot be called through the bean's proxy: " + ex.getMessage(), ex);
		}
	}

}
