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

import java.io.IOException;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.function.WasmCancelHandle;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Ties a request's instance to the servlet request's whole life: closed when the request
 * ends, or, for an async request, when the async request completes, times out or fails,
 * whichever dispatch or thread created it. When an async request times out
 * ({@code spring.mvc.async.request-timeout}, or the timeout of a {@code WebAsyncTask} or
 * {@code DeferredResult}), the call its instance is running is cancelled through the
 * instance's {@link WasmCancelHandle}, whichever thread runs it: nobody is waiting for
 * its answer any more. Kept apart from {@link WasmInstances} so that the Servlet API is
 * only loaded where it is present.
 */
final class ServletRequestInstances {

	private ServletRequestInstances() {
	}

	static @Nullable WasmInstance find(ServletRequestAttributes attributes, String key) {
		// from the servlet request itself: the dispatch's attributes object may be
		// completed (async thread)
		return (WasmInstance) attributes.getRequest().getAttribute(key);
	}

	static void bind(ServletRequestAttributes attributes, String key, WasmInstance instance) {
		HttpServletRequest request = attributes.getRequest();
		request.setAttribute(key, instance);
		if (request.isAsyncStarted()) {
			closeWhenAsyncEnds(request, instance, instance.cancelHandle());
		}
		else if (request.isAsyncSupported()) {
			// taken before the instance's first call, so that every call can be
			// cancelled if the request goes async and times out: the handler may hand
			// the instance to another thread that calls it before the dispatch ends
			WasmCancelHandle cancel = instance.cancelHandle();
			attributes.registerDestructionCallback(key, () -> dispatchEnded(request, instance, cancel),
					RequestAttributes.SCOPE_REQUEST);
		}
		else {
			attributes.registerDestructionCallback(key, instance::close, RequestAttributes.SCOPE_REQUEST);
		}
	}

	/**
	 * At the end of a dispatch: close, unless the handler started async processing that
	 * may still use it.
	 */
	private static void dispatchEnded(HttpServletRequest request, WasmInstance instance, WasmCancelHandle cancel) {
		if (request.isAsyncStarted()) {
			closeWhenAsyncEnds(request, instance, cancel);
		}
		else {
			instance.close();
		}
	}

	private static void closeWhenAsyncEnds(HttpServletRequest request, WasmInstance instance, WasmCancelHandle cancel) {
		try {
			request.getAsyncContext().addListener(new Closer(instance, cancel));
		}
		catch (IllegalStateException ex) {
			// the async request ended in the meantime
			instance.close();
		}
	}

	private record Closer(WasmInstance instance, WasmCancelHandle cancel) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			this.instance.close();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			// the answer of a call still running is no longer wanted: it fails with
			// WasmCancelledException and the instance is discarded; onComplete follows
			this.cancel.cancel();
		}

		@Override
		public void onError(AsyncEvent event) {
			this.instance.close();
		}

		@Override
		public void onStartAsync(AsyncEvent event) throws IOException {
			// async processing started again: listeners are dropped unless they register
			// anew
			event.getAsyncContext().addListener(this);
		}

	}

}
