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

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * Enforces call timeouts without leaving the caller's thread: each thread that makes
 * timed calls owns one {@link Slot}; arming and disarming it are a few volatile writes
 * and one CAS, with no allocation and no task submission. One daemon thread sleeps until
 * the earliest armed deadline and interrupts the thread whose call ran past it, then
 * again every {@value #RESIGNAL_MILLIS} ms until the call ends, so that host code that
 * swallows one interrupt is interrupted again at its next wait. A call's end and the
 * watchdog race through the slot's state, so a thread is interrupted only while its call
 * is still running, and the caller clears those interrupts before it returns; an
 * interrupt the application had already sent when the deadline passed is kept. A call
 * nested in another on the same thread runs until the earlier of its own deadline and its
 * caller's; the caller's deadline applies again when it returns.
 * <p>
 * Thread-safe. Closing it lets the watchdog thread end once no call is armed; a timed
 * call made after that starts a watchdog thread again, so a deadline is never left
 * unenforced.
 */
public final class CallWatchdog implements AutoCloseable {

	private static final int IDLE = 0;

	private static final int ARMED = 1;

	private static final int FIRING = 2;

	private static final int FIRED = 3;

	/**
	 * No deadline is armed; compared with {@code ==}, never by subtraction, as nanoTime
	 * may be negative.
	 */
	private static final long NONE = Long.MAX_VALUE;

	private static final int NOT_CANCELLED = Integer.MAX_VALUE;

	/**
	 * The timeout a call without one is armed with when it must be cancellable: about 73
	 * years, far enough never to pass and near enough never to overflow a deadline.
	 */
	public static final long NO_TIMEOUT_NANOS = Long.MAX_VALUE / 4;

	/** How often a call past its deadline is interrupted again until it ends. */
	public static final long RESIGNAL_MILLIS = 10;

	private static final long RESIGNAL_NANOS = RESIGNAL_MILLIS * 1_000_000;

	/**
	 * Slots of ended threads are swept out after this many new registrations (one per new
	 * thread).
	 */
	private static final int SWEEP_EVERY = 512;

	/**
	 * Per-thread timing state. Fields other than {@code state} and {@code deadline} are
	 * owner-only.
	 */
	public static final class Slot {

		private static final VarHandle DEADLINE;

		static {
			try {
				DEADLINE = MethodHandles.lookup().findVarHandle(Slot.class, "deadline", long.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		public final Thread thread;

		public final AtomicInteger state = new AtomicInteger(IDLE);

		// written before the volatile write of state that arms the slot, read after
		// reading state: a release
		// store is enough and spares a full fence on every call
		@SuppressWarnings("unused") // accessed through DEADLINE
		private long deadline;

		public int depth;

		// owner-only: the deadlines of the enclosing calls, innermost last
		private long[] enclosing = new long[4];

		// written by the watchdog before the release store of FIRED, read by the owner
		// after acquiring it
		private boolean interruptedBefore;

		// when a fired call is interrupted again: written by whoever fires the slot (the
		// watchdog or a canceller) while it holds FIRING
		private long resignal;

		// the depth of the outermost call cancelled on this thread, NOT_CANCELLED for
		// none: written by a canceller while it holds FIRING, read by the owner after
		// acquiring FIRED, reset by the owner once that call has ended
		private int cancelledDepth = NOT_CANCELLED;

		// owner-only: whether the call disarmed last was cancelled rather than timed out
		private boolean lastCancelled;

		public Slot(Thread thread) {
			this.thread = thread;
		}

		public void deadline(long deadline) {
			DEADLINE.setRelease(this, deadline);
		}

		public long deadline() {
			return (long) DEADLINE.getAcquire(this);
		}

		/**
		 * Whether the current call has run past its deadline: one volatile read, for
		 * every host return.
		 */
		public boolean expired() {
			return this.state.get() >= FIRING;
		}

		/**
		 * Whether the call {@link CallWatchdog#disarm(Slot) disarmed} last on this thread
		 * was stopped by {@link CallWatchdog#cancel(Slot, int)} (its own cancel or an
		 * enclosing call's) rather than by its deadline. Owner-only.
		 */
		public boolean lastCancelled() {
			return this.lastCancelled;
		}

	}

	/**
	 * Thrown at a host function's return into a call that has run past its deadline, so
	 * that the guest never runs again; the call then fails with the module's timeout.
	 * Shared and without a stack trace: it carries nothing but the fact.
	 */
	public static final class DeadlinePassed extends RuntimeException {

		public static final DeadlinePassed INSTANCE = new DeadlinePassed();

		private static final long serialVersionUID = 1L;

		private DeadlinePassed() {
			super("the call ran past its deadline", null, false, false);
		}

	}

	private final String threadName;

	private final ThreadLocal<Slot> slots = ThreadLocal.withInitial(this::register);

	// O(1) registration: with a thread per request (virtual threads) every request
	// registers a slot
	private final ConcurrentLinkedQueue<Slot> registered = new ConcurrentLinkedQueue<>();

	private final AtomicLong registrations = new AtomicLong();

	private final Object lifecycle = new Object();

	private volatile long nextWake = NONE;

	private final AtomicLong failures = new AtomicLong();

	private volatile boolean closed;

	private volatile @Nullable Thread watcher;

	public CallWatchdog(String threadName) {
		this.threadName = threadName;
	}

	private Slot register() {
		Slot slot = new Slot(Thread.currentThread());
		this.registered.add(slot);
		if (this.registrations.incrementAndGet() % SWEEP_EVERY == 0) {
			wake();
		}
		return slot;
	}

	/**
	 * Start timing the current thread's call. A nested call runs until the earlier of its
	 * own deadline and the enclosing call's.
	 * @return the slot to pass to {@link #disarm(Slot)}
	 */
	public Slot arm(long timeoutNanos) {
		Slot slot = this.slots.get();
		long deadline = System.nanoTime() + timeoutNanos;
		int depth = slot.depth++;
		if (depth == 0) {
			slot.deadline(deadline);
			slot.state.set(ARMED);
			wakeFor(deadline);
			return slot;
		}
		if (depth > slot.enclosing.length) {
			slot.enclosing = java.util.Arrays.copyOf(slot.enclosing, depth * 2);
		}
		long current = slot.deadline();
		slot.enclosing[depth - 1] = current;
		if (deadline - current >= 0) {
			return slot;
		}
		for (;;) {
			int state = slot.state.get();
			if (state == ARMED && slot.state.compareAndSet(ARMED, IDLE)) {
				slot.deadline(deadline);
				slot.state.set(ARMED);
				wakeFor(deadline);
				return slot;
			}
			if (state == FIRED) {
				// the enclosing call has already run out: this one runs signalled as well
				return slot;
			}
			Thread.onSpinWait();
		}
	}

	/**
	 * Stop a running call as if its deadline had passed: the thread is interrupted now
	 * and again every {@value #RESIGNAL_MILLIS} ms until the call ends, its host-function
	 * returns fail, and {@link Slot#lastCancelled()} tells its owner why. The calls it
	 * made (nested on the same thread) are stopped with it; the calls enclosing it go on.
	 * The caller must make sure that the call is still running (armed on the slot) until
	 * this returns, as {@link CallCancellation} does.
	 * @param slot the slot the call was armed on
	 * @param depth the call's depth on the slot: 0 for the thread's outermost call
	 */
	public void cancel(Slot slot, int depth) {
		AtomicInteger state = slot.state;
		for (;;) {
			int current = state.get();
			if (current == ARMED && state.compareAndSet(ARMED, FIRING)) {
				slot.cancelledDepth = Math.min(slot.cancelledDepth, depth);
				slot.resignal = System.nanoTime() + RESIGNAL_NANOS;
				try {
					slot.interruptedBefore = slot.thread.isInterrupted();
					slot.thread.interrupt();
				}
				finally {
					state.set(FIRED);
				}
				// the watchdog signals it again until it ends
				wake();
				return;
			}
			if (current == FIRED && state.compareAndSet(FIRED, FIRING)) {
				// already stopping (its own deadline or an enclosing call's): it ends as
				// cancelled
				slot.cancelledDepth = Math.min(slot.cancelledDepth, depth);
				state.set(FIRED);
				return;
			}
			// IDLE while a nested call arms or disarms, FIRING while the watchdog signals
			Thread.onSpinWait();
		}
	}

	private void wakeFor(long deadline) {
		long wake = this.nextWake;
		if (wake == NONE || deadline - wake < 0) {
			wake();
		}
	}

	/**
	 * Stop timing. Returns whether the watchdog fired for this call; if so, its
	 * interrupts have been delivered and cleared again (an interrupt the application had
	 * sent before the deadline passed is set again).
	 */
	public boolean disarm(Slot slot) {
		int depth = --slot.depth;
		AtomicInteger state = slot.state;
		boolean fired;
		for (;;) {
			int current = state.get();
			if (current == ARMED && state.compareAndSet(ARMED, IDLE)) {
				fired = false;
				break;
			}
			if (current == FIRED && state.compareAndSet(FIRED, IDLE)) {
				fired = true;
				break;
			}
			// FIRING: the watchdog is delivering an interrupt right now
			Thread.onSpinWait();
		}
		// only a fired slot can carry a cancel: an unfired call ends with no write beyond
		// the CAS
		int cancelledDepth = fired ? slot.cancelledDepth : NOT_CANCELLED;
		slot.lastCancelled = cancelledDepth <= depth;
		if (fired) {
			Thread.interrupted();
			if (slot.interruptedBefore) {
				slot.thread.interrupt();
			}
		}
		if (depth == 0) {
			if (fired) {
				slot.interruptedBefore = false;
				slot.cancelledDepth = NOT_CANCELLED;
			}
			return fired;
		}
		if (cancelledDepth == depth) {
			// the cancelled call has ended: the calls enclosing it go on
			slot.cancelledDepth = NOT_CANCELLED;
		}
		// back in the enclosing call: its deadline applies again
		long enclosing = slot.enclosing[depth - 1];
		slot.deadline(enclosing);
		if (cancelledDepth < depth || enclosing - System.nanoTime() <= 0) {
			// it has passed too, or was cancelled: the enclosing call is stopped at once,
			// and signalled until it ends
			slot.thread.interrupt();
			state.set(FIRED);
			wake();
		}
		else {
			state.set(ARMED);
			wakeFor(enclosing);
		}
		return fired;
	}

	private void wake() {
		Thread current = this.watcher;
		if (current != null && current.isAlive()) {
			LockSupport.unpark(current);
			return;
		}
		synchronized (this.lifecycle) {
			Thread watcher = this.watcher;
			if (watcher == null || !watcher.isAlive()) {
				// none yet, or the last one was lost: deadlines are never left unenforced
				try {
					Thread thread = new Thread(this::watch, this.threadName);
					thread.setDaemon(true);
					thread.start();
					this.watcher = thread;
				}
				catch (Throwable ex) {
					// no thread could be made now (no heap, no native thread): the call
					// still stops at its next
					// host return past the deadline, and the next call that arms tries
					// again
					this.watcher = null;
					this.failures.incrementAndGet();
				}
			}
		}
	}

	private void watch() {
		Thread self = Thread.currentThread();
		for (;;) {
			try {
				if (watchOnce(self)) {
					return;
				}
			}
			catch (Throwable ex) {
				// nothing ends deadline enforcement, not even the heap running out while
				// the watchdog looks: it
				// looks again shortly, and the calls it could not signal now are
				// signalled then
				this.failures.incrementAndGet();
				LockSupport.parkNanos(this, RESIGNAL_NANOS);
			}
		}
	}

	/** One round of the watchdog: returns whether the thread should end. */
	private boolean watchOnce(Thread self) {
		long earliest = scan(System.nanoTime());
		this.nextWake = earliest;
		// a call armed during the scan may have read the old nextWake and not woken
		// us: look once more
		earliest = earlier(earliest, scan(System.nanoTime()));
		this.nextWake = earliest;
		if (earliest == NONE) {
			if (this.closed && retire(self)) {
				return true;
			}
			LockSupport.park(this);
		}
		else {
			long wait = earliest - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(this, wait);
			}
		}
		return false;
	}

	/**
	 * Ends the watchdog thread of a closed watchdog unless a call armed meanwhile. A call
	 * that arms after the thread left {@link #watcher} starts a new one, so either this
	 * thread resumes or a successor exists.
	 */
	private boolean retire(Thread self) {
		synchronized (this.lifecycle) {
			this.watcher = null;
		}
		if (scan(System.nanoTime()) == NONE) {
			return true;
		}
		synchronized (this.lifecycle) {
			if (this.watcher == null) {
				this.watcher = self;
				return false;
			}
			return true;
		}
	}

	/**
	 * Fires every expired slot, signals again the calls still running past their
	 * deadline, forgets ended threads; returns when to look again, or NONE.
	 */
	private long scan(long now) {
		long earliest = NONE;
		for (Iterator<Slot> slots = this.registered.iterator(); slots.hasNext();) {
			Slot slot = slots.next();
			int state = slot.state.get();
			if (state == FIRED) {
				if (slot.resignal - now <= 0 && slot.state.compareAndSet(FIRED, FIRING)) {
					try {
						slot.thread.interrupt();
					}
					finally {
						// whatever interrupting threw, the slot is never left FIRING,
						// which its owner waits out
						slot.resignal = now + RESIGNAL_NANOS;
						slot.state.set(FIRED);
					}
				}
				earliest = earlier(earliest, slot.resignal);
				continue;
			}
			if (state != ARMED) {
				if (state == IDLE && !slot.thread.isAlive()) {
					slots.remove();
				}
				continue;
			}
			long deadline = slot.deadline();
			if (deadline - now > 0) {
				earliest = earlier(earliest, deadline);
				continue;
			}
			if (slot.state.compareAndSet(ARMED, FIRING)) {
				long current = slot.deadline();
				if (current - now > 0) {
					// the call we saw ended and a new one armed in between: not expired
					slot.state.set(ARMED);
					earliest = earlier(earliest, current);
					continue;
				}
				slot.resignal = now + RESIGNAL_NANOS;
				try {
					slot.interruptedBefore = slot.thread.isInterrupted();
					slot.thread.interrupt();
				}
				finally {
					slot.state.set(FIRED);
				}
				earliest = earlier(earliest, slot.resignal);
			}
		}
		return earliest;
	}

	private static long earlier(long a, long b) {
		if (a == NONE) {
			return b;
		}
		if (b == NONE) {
			return a;
		}
		return (b - a < 0) ? b : a;
	}

	/**
	 * How often a round of the watchdog failed (and was retried) since it was created.
	 */
	public long failures() {
		return this.failures.get();
	}

	/** Whether a watchdog thread is alive now. */
	public boolean isWatching() {
		Thread current = this.watcher;
		return current != null && current.isAlive();
	}

	public int registeredThreads() {
		return this.registered.size();
	}

	@Override
	public void close() {
		this.closed = true;
		Thread current = this.watcher;
		if (current != null) {
			LockSupport.unpark(current);
		}
	}

}
