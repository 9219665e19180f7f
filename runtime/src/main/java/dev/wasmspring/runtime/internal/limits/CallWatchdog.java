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
 * Enforces call timeouts without leaving the caller's thread: each thread that makes timed calls owns one
 * {@link Slot}; arming and disarming it are a few volatile writes and one CAS, with no allocation and no task
 * submission. One daemon thread sleeps until the earliest armed deadline and interrupts the thread whose call
 * ran past it. A call's end and the watchdog race through the slot's state, so a thread is interrupted only
 * while its call is still running, and the caller clears that interrupt before it returns.
 * <p>
 * Thread-safe. Closing it lets the watchdog thread end once no call is armed; a timed call made after that
 * starts a watchdog thread again, so a deadline is never left unenforced.
 */
public final class CallWatchdog implements AutoCloseable {

	private static final int IDLE = 0;

	private static final int ARMED = 1;

	private static final int FIRING = 2;

	private static final int FIRED = 3;

	/** No deadline is armed; compared with {@code ==}, never by subtraction, as nanoTime may be negative. */
	private static final long NONE = Long.MAX_VALUE;

	/** Slots of ended threads are swept out after this many new registrations (one per new thread). */
	private static final int SWEEP_EVERY = 512;

	/** Per-thread timing state. Fields other than {@code state} and {@code deadline} are owner-only. */
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

		// written before the volatile write of state that arms the slot, read after reading state: a release
		// store is enough and spares a full fence on every call
		@SuppressWarnings("unused") // accessed through DEADLINE
		private long deadline;

		public int depth;

		public Slot(Thread thread) {
			this.thread = thread;
		}

		public void deadline(long deadline) {
			DEADLINE.setRelease(this, deadline);
		}

		public long deadline() {
			return (long) DEADLINE.getAcquire(this);
		}

	}

	private final String threadName;

	private final ThreadLocal<Slot> slots = ThreadLocal.withInitial(this::register);

	// O(1) registration: with a thread per request (virtual threads) every request registers a slot
	private final ConcurrentLinkedQueue<Slot> registered = new ConcurrentLinkedQueue<>();

	private final AtomicLong registrations = new AtomicLong();

	private final Object lifecycle = new Object();

	private volatile long nextWake = NONE;

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
	 * Start timing the current thread's call. Nested calls on the same thread share the outermost deadline.
	 * @return the slot to pass to {@link #disarm(Slot)}
	 */
	public Slot arm(long timeoutNanos) {
		Slot slot = this.slots.get();
		if (slot.depth++ == 0) {
			long deadline = System.nanoTime() + timeoutNanos;
			slot.deadline(deadline);
			slot.state.set(ARMED);
			long wake = this.nextWake;
			if (wake == NONE || deadline - wake < 0) {
				wake();
			}
		}
		return slot;
	}

	/**
	 * Stop timing. Returns whether the watchdog fired for this call; if so, its interrupt has been delivered
	 * and cleared again.
	 */
	public boolean disarm(Slot slot) {
		if (--slot.depth > 0) {
			return false;
		}
		AtomicInteger state = slot.state;
		for (;;) {
			int current = state.get();
			if (current == ARMED && state.compareAndSet(ARMED, IDLE)) {
				return false;
			}
			if (current == FIRED) {
				Thread.interrupted();
				state.set(IDLE);
				return true;
			}
			// FIRING: the watchdog is delivering the interrupt right now
			Thread.onSpinWait();
		}
	}

	private void wake() {
		Thread current = this.watcher;
		if (current != null) {
			LockSupport.unpark(current);
			return;
		}
		synchronized (this.lifecycle) {
			if (this.watcher == null) {
				Thread thread = new Thread(this::watch, this.threadName);
				thread.setDaemon(true);
				this.watcher = thread;
				thread.start();
			}
		}
	}

	private void watch() {
		Thread self = Thread.currentThread();
		for (;;) {
			long earliest = scan(System.nanoTime());
			this.nextWake = earliest;
			// a call armed during the scan may have read the old nextWake and not woken us: look once more
			earliest = earlier(earliest, scan(System.nanoTime()));
			this.nextWake = earliest;
			if (earliest == NONE) {
				if (this.closed && retire(self)) {
					return;
				}
				LockSupport.park(this);
			}
			else {
				long wait = earliest - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(this, wait);
				}
			}
		}
	}

	/**
	 * Ends the watchdog thread of a closed watchdog unless a call armed meanwhile. A call that arms after the
	 * thread left {@link #watcher} starts a new one, so either this thread resumes or a successor exists.
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

	/** Fires every expired slot, forgets ended threads; returns the earliest deadline still armed, or NONE. */
	private long scan(long now) {
		long earliest = NONE;
		for (Iterator<Slot> slots = this.registered.iterator(); slots.hasNext();) {
			Slot slot = slots.next();
			if (slot.state.get() != ARMED) {
				if (slot.state.get() == IDLE && !slot.thread.isAlive()) {
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
				slot.thread.interrupt();
				slot.state.set(FIRED);
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
