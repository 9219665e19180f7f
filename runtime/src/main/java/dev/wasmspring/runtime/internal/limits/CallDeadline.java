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

package dev.wasmspring.runtime.internal.limits;

import org.jspecify.annotations.Nullable;

/**
 * The deadline of the call an instance is running, as its host-function handles see it:
 * checked at every return from a host function, so that a guest never runs on past its
 * deadline, whatever the host function did with the watchdog's interrupt. One per
 * instance, confined to its thread like the instance.
 */
public final class CallDeadline {

	private CallWatchdog.@Nullable Slot timing;

	/**
	 * Set the timing of the call starting on the instance.
	 * @param timing the caller's slot, or {@code null} when the call has no timeout
	 */
	public void timing(CallWatchdog.@Nullable Slot timing) {
		this.timing = timing;
	}

	/**
	 * Stop the guest if its call has run past its deadline: one volatile read when it has
	 * not.
	 * @throws CallWatchdog.DeadlinePassed if it has
	 */
	public void check() {
		CallWatchdog.Slot timing = this.timing;
		if (timing != null && timing.expired()) {
			throw CallWatchdog.DeadlinePassed.INSTANCE;
		}
	}

	/**
	 * Return the time left before the running call's deadline.
	 * @return nanoseconds left (zero or less once passed), or {@link Long#MAX_VALUE} when
	 * the call has no timeout
	 */
	public long remainingNanos() {
		CallWatchdog.Slot timing = this.timing;
		if (timing == null) {
			return Long.MAX_VALUE;
		}
		return timing.expired() ? 0 : timing.deadline() - System.nanoTime();
	}

}
