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

import java.util.concurrent.atomic.AtomicReference;

/**
 * Which call of an instance a cancel handle stops: the instance's outermost running call,
 * armed on its thread's watchdog slot. A cancel and the call's end race through one
 * reference, so a cancel stops the call that was running when it came, never a later one
 * and never another instance's call on the same thread; the call's end waits out a cancel
 * in progress (a few volatile writes and an interrupt). One per instance.
 * <p>
 * Thread-safe: {@link #cancel(CallWatchdog)} from any thread, the rest from the thread
 * running the instance's call.
 */
public final class CallCancellation {

	private static final Object CANCELLING = new Object();

	private static final Object CANCELLED = new Object();

	// the slot the running call is armed on, CANCELLING, CANCELLED, or null between calls
	private final AtomicReference<Object> running = new AtomicReference<>();

	// the running call's depth on its slot: written before the slot is published
	private int depth;

	private volatile boolean wanted;

	/**
	 * Make every later call cancellable: a call without a timeout is armed on the
	 * watchdog all the same (a few volatile writes), so a cancel can reach it.
	 */
	public void want() {
		this.wanted = true;
	}

	/**
	 * Whether calls must be armed so that a cancel can reach them.
	 * @return whether a cancel handle was taken
	 */
	public boolean wanted() {
		return this.wanted;
	}

	/**
	 * The instance's outermost call has been armed on {@code slot}: a cancel from now on
	 * stops it.
	 * @param slot the slot returned by {@link CallWatchdog#arm(long)}
	 */
	public void begin(CallWatchdog.Slot slot) {
		this.depth = slot.depth - 1;
		this.running.set(slot);
	}

	/**
	 * The call is ending, before it is disarmed: a cancel from now on does nothing. Waits
	 * for a cancel in progress to have signalled the call.
	 */
	public void end() {
		Object current = this.running.get();
		if (current instanceof CallWatchdog.Slot && this.running.compareAndSet(current, null)) {
			return;
		}
		while (this.running.get() == CANCELLING) {
			Thread.onSpinWait();
		}
		this.running.set(null);
	}

	/**
	 * Stop the running call, if there is one.
	 * @param watchdog the watchdog the call is armed on
	 * @return whether a call was running and is now stopping; {@code false} between calls
	 * and for a call already cancelled
	 */
	public boolean cancel(CallWatchdog watchdog) {
		Object current = this.running.get();
		if (!(current instanceof CallWatchdog.Slot slot) || !this.running.compareAndSet(slot, CANCELLING)) {
			return false;
		}
		try {
			watchdog.cancel(slot, this.depth);
		}
		finally {
			this.running.set(CANCELLED);
		}
		return true;
	}

}
