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

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The runtime's memory accountant: one budget of heap bytes from which every byte a
 * plugin can make the host hold is reserved <em>before</em> it is allocated (pages an
 * instance copies or touches, its tables and globals, Extism blocks and variables,
 * captured output, answers copied into Java, module bytes being read) and to which it is
 * returned when released. A reservation that does not fit is refused; the operation that
 * asked fails on its own, and nothing else is affected.
 * <p>
 * Reserving is one compare-and-set on a shared counter; nothing is allocated, so a
 * refusal is safe to report when the heap is nearly full. Thread-safe.
 */
public final class MemoryBudget {

	/** The share of the JVM's maximum heap a budget gets unless configured: one half. */
	public static final int DEFAULT_HEAP_PERCENT = 50;

	/**
	 * The last tenth of the budget is kept for holders that hold little: a holder past a
	 * sixteenth of the budget reserves only up to nine tenths of it, so that a few
	 * plugins that take all they can (memory bombs) leave room for the ordinary instances
	 * of everyone else.
	 */
	private static final int LARGE_HOLDER_DIVISOR = 16;

	private final long capacity;

	private final AtomicLong reserved = new AtomicLong();

	private final AtomicLong peak = new AtomicLong();

	private final LongAdder refusals = new LongAdder();

	/**
	 * Create a budget.
	 * @param capacity the bytes it holds, at least 1
	 */
	public MemoryBudget(long capacity) {
		if (capacity <= 0) {
			throw new IllegalArgumentException("A memory budget must be positive: " + capacity);
		}
		this.capacity = capacity;
	}

	/**
	 * Return the default capacity: {@value #DEFAULT_HEAP_PERCENT}% of the JVM's maximum
	 * heap.
	 * @return the bytes
	 */
	public static long defaultCapacity() {
		return Runtime.getRuntime().maxMemory() / 100 * DEFAULT_HEAP_PERCENT;
	}

	/**
	 * Reserve bytes if they fit.
	 * @param bytes the bytes, not negative
	 * @return whether they were reserved
	 */
	public boolean tryReserve(long bytes) {
		return tryReserve(bytes, this.capacity);
	}

	private boolean tryReserve(long bytes, long ceiling) {
		if (bytes <= 0) {
			return true;
		}
		for (;;) {
			long current = this.reserved.get();
			long next = current + bytes;
			if (next > ceiling || next < 0) {
				this.refusals.increment();
				return false;
			}
			if (this.reserved.compareAndSet(current, next)) {
				if (next > this.peak.get()) {
					this.peak.accumulateAndGet(next, Math::max);
				}
				return true;
			}
		}
	}

	/**
	 * Return bytes reserved earlier.
	 * @param bytes the bytes
	 */
	public void release(long bytes) {
		if (bytes > 0) {
			this.reserved.addAndGet(-bytes);
		}
	}

	/**
	 * Open an account for one holder, such as an instance, whose reservations are
	 * returned together when it closes.
	 * @return the account
	 */
	public Account open() {
		return new Account(this);
	}

	public long capacity() {
		return this.capacity;
	}

	public long reserved() {
		return this.reserved.get();
	}

	public long available() {
		return Math.max(0, this.capacity - this.reserved.get());
	}

	/** The most bytes reserved at once since the budget was created. */
	public long peak() {
		return this.peak.get();
	}

	/** How many reservations were refused since the budget was created. */
	public long refusals() {
		return this.refusals.sum();
	}

	/**
	 * The reservations of one holder. Reserving and releasing happen on the holder's
	 * thread (an instance is confined to one thread); {@link #close()} may come from any
	 * thread, once the holder is done or unreachable, and returns whatever is still held.
	 * A reservation after closing is refused.
	 */
	public static final class Account implements AutoCloseable {

		private final MemoryBudget budget;

		private final AtomicLong held = new AtomicLong();

		private volatile boolean closed;

		Account(MemoryBudget budget) {
			this.budget = budget;
		}

		/**
		 * Reserve bytes or fail.
		 * @param bytes the bytes
		 * @throws Exhausted if the budget cannot hold them
		 */
		public void reserve(long bytes) {
			if (!tryReserve(bytes)) {
				throw Exhausted.INSTANCE;
			}
		}

		/**
		 * Reserve bytes if they fit.
		 * @param bytes the bytes
		 * @return whether they were reserved
		 */
		public boolean tryReserve(long bytes) {
			if (bytes <= 0) {
				return true;
			}
			if (this.closed || !this.budget.tryReserve(bytes, ceilingFor(this.held.get() + bytes))) {
				return false;
			}
			this.held.addAndGet(bytes);
			if (this.closed) {
				// closed meanwhile: whatever the close returned, these bytes are returned
				// here
				release(bytes);
				return false;
			}
			return true;
		}

		/**
		 * Return bytes this account reserved.
		 * @param bytes the bytes
		 */
		public void release(long bytes) {
			if (bytes <= 0) {
				return;
			}
			for (;;) {
				long current = this.held.get();
				long returned = Math.min(current, bytes);
				if (this.held.compareAndSet(current, current - returned)) {
					this.budget.release(returned);
					return;
				}
			}
		}

		private long ceilingFor(long holding) {
			long capacity = this.budget.capacity;
			return (holding > capacity / LARGE_HOLDER_DIVISOR) ? capacity - capacity / 10 : capacity;
		}

		/** The bytes this account holds now. */
		public long held() {
			return this.held.get();
		}

		public MemoryBudget budget() {
			return this.budget;
		}

		/**
		 * Return everything still held; later reservations are refused. Idempotent, from
		 * any thread.
		 */
		@Override
		public void close() {
			this.closed = true;
			this.budget.release(this.held.getAndSet(0));
		}

	}

	/**
	 * Thrown where a reservation that does not fit ends the operation that asked for it,
	 * typically inside a guest's call, which then fails as {@code RESOURCE_EXHAUSTED}.
	 * Shared and without a stack trace, so that throwing it allocates nothing.
	 */
	public static final class Exhausted extends RuntimeException {

		public static final Exhausted INSTANCE = new Exhausted();

		private static final long serialVersionUID = 1L;

		private Exhausted() {
			super("the runtime's memory budget is used up", null, false, false);
		}

	}

}
