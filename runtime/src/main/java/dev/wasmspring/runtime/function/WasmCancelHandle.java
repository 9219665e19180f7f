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

package dev.wasmspring.runtime.function;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.exception.WasmCancelledException;
import dev.wasmspring.runtime.internal.limits.CallCancellation;
import dev.wasmspring.runtime.internal.limits.CallWatchdog;

/**
 * Stops an instance's running call from another thread, as Extism's cancel handle does:
 * the call is stopped on its own thread the way a timeout stops it (the guest at its next
 * loop or call, a host function by interrupts repeated until the call ends and at its
 * return), and fails with {@link WasmCancelledException}; the instance is then discarded.
 * Obtained from {@link WasmInstance#cancelHandle()} before the call starts; one handle
 * serves every call of its instance.
 * <p>
 * A handle holds nothing to close or release: it is not {@link AutoCloseable}, and it
 * keeps neither the instance's memory nor its thread. It is safe to keep after the
 * instance closes (or is discarded), for example in a request's timeout callback:
 * {@link #cancel()} then does nothing and returns {@code false}.
 * <p>
 * Thread-safe: meant to be used from any thread but the one running the call.
 */
public final class WasmCancelHandle {

	private final CallCancellation cancellation;

	private final CallWatchdog watchdog;

	private final String moduleName;

	WasmCancelHandle(CallCancellation cancellation, CallWatchdog watchdog, String moduleName) {
		this.cancellation = cancellation;
		this.watchdog = watchdog;
		this.moduleName = moduleName;
	}

	/**
	 * Stop the instance's running call. A call that is running when this is called fails
	 * with {@link WasmCancelledException}, even if it was about to return; between calls
	 * this does nothing (the next call runs normally).
	 * @return whether a call was running and is now stopping
	 */
	public boolean cancel() {
		return this.cancellation.cancel(this.watchdog);
	}

	/**
	 * Return the module whose instance this handle stops.
	 * @return the module name
	 */
	public String moduleName() {
		return this.moduleName;
	}

	@Override
	public String toString() {
		return "WasmCancelHandle[" + this.moduleName + "]";
	}

}
