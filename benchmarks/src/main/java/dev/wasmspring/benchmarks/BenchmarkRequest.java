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

package dev.wasmspring.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.AbstractRequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * A request bound to the calling thread without a servlet container: request-scoped
 * attributes and destruction callbacks, which is what per-request instances use. Confined
 * to the thread that begins it.
 */
final class BenchmarkRequest extends AbstractRequestAttributes {

	private final Map<String, Object> attributes = new HashMap<>();

	private final List<Runnable> callbacks = new ArrayList<>();

	static BenchmarkRequest begin() {
		BenchmarkRequest request = new BenchmarkRequest();
		RequestContextHolder.setRequestAttributes(request);
		return request;
	}

	/** Ends the request: closes what it holds and unbinds it. */
	void end() {
		RequestContextHolder.resetRequestAttributes();
		this.callbacks.forEach(Runnable::run);
		this.callbacks.clear();
		requestCompleted();
	}

	@Override
	public @Nullable Object getAttribute(String name, int scope) {
		return this.attributes.get(name);
	}

	@Override
	public void setAttribute(String name, Object value, int scope) {
		this.attributes.put(name, value);
	}

	@Override
	public void removeAttribute(String name, int scope) {
		this.attributes.remove(name);
	}

	@Override
	public String[] getAttributeNames(int scope) {
		return this.attributes.keySet().toArray(new String[0]);
	}

	@Override
	public void registerDestructionCallback(String name, Runnable callback, int scope) {
		this.callbacks.add(callback);
	}

	@Override
	protected void updateAccessedSessionAttributes() {
	}

	@Override
	public @Nullable Object resolveReference(String key) {
		return null;
	}

	@Override
	public String getSessionId() {
		throw new UnsupportedOperationException("No session");
	}

	@Override
	public Object getSessionMutex() {
		throw new UnsupportedOperationException("No session");
	}

}
