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

package dev.wasmspring.autoconfigure.actuate;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Bounds the request body of the {@code wasm} endpoint's operations: the reload takes no
 * body, yet the endpoint machinery reads any body it is sent as JSON, so a body announced
 * larger than {@value #MAX_BODY_BYTES} bytes is answered 413 at once, and a body sent
 * without a length stops being read there.
 * <p>
 * Stateless and thread-safe.
 */
final class WasmEndpointRequestLimit implements Filter {

	/** The largest request body the endpoint reads. */
	static final int MAX_BODY_BYTES = 1024;

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse answer)) {
			chain.doFilter(request, response);
			return;
		}
		if (http.getContentLengthLong() > MAX_BODY_BYTES) {
			answer.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "The wasm endpoint reads at most "
					+ MAX_BODY_BYTES + " bytes of request body; its operations take none");
			return;
		}
		chain.doFilter(new Bounded(http), response);
	}

	/** A request whose body stops being read after the limit. */
	private static final class Bounded extends HttpServletRequestWrapper {

		private ServletInputStream bounded;

		Bounded(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.bounded == null) {
				this.bounded = new BoundedInput(super.getInputStream());
			}
			return this.bounded;
		}

	}

	private static final class BoundedInput extends ServletInputStream {

		private final ServletInputStream in;

		private int read;

		BoundedInput(ServletInputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b >= 0 && ++this.read > MAX_BODY_BYTES) {
				throw tooLarge();
			}
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int count = this.in.read(b, off, Math.min(len, MAX_BODY_BYTES + 1 - this.read));
			if (count > 0) {
				this.read += count;
				if (this.read > MAX_BODY_BYTES) {
					throw tooLarge();
				}
			}
			return count;
		}

		private static IOException tooLarge() {
			return new IOException("The wasm endpoint reads at most " + MAX_BODY_BYTES + " bytes of request body");
		}

		@Override
		public boolean isFinished() {
			return this.read > MAX_BODY_BYTES || this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

	}

}
