package dev.wasmspring.runtime;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforces call timeouts without leaving the caller's thread: each thread that makes timed calls owns one
 * {@link Slot}; arming and disarming it are a few volatile writes and one CAS, with no allocation and no task
 * submission. One daemon thread sleeps until the earliest armed deadline and interrupts the thread whose call
 * ran past it. A call's end and the watchdog race through the slot's state, so a thread is interrupted only
 * while its call is still running, and the caller clears that interrupt before it returns.
 */
final class CallWatchdog implements AutoCloseable {

	private static final int IDLE = 0;

	private static final int ARMED = 1;

	private static final int FIRING = 2;

	private static final int FIRED = 3;

	/** Per-thread timing state. Fields other than {@code state} and {@code deadline} are owner-only. */
	static final class Slot {

		final Thread thread;

		final AtomicInteger state = new AtomicInteger(IDLE);

		volatile long deadline;

		int depth;

		Slot(Thread thread) {
			this.thread = thread;
		}

	}

	private final String threadName;

	private final ThreadLocal<Slot> slots = ThreadLocal.withInitial(this::register);

	private final CopyOnWriteArrayList<Slot> registered = new CopyOnWriteArrayList<>();

	private final Object lifecycle = new Object();

	private volatile long nextWake = Long.MAX_VALUE;

	private volatile boolean closed;

	private volatile Thread watcher;

	CallWatchdog(String threadName) {
		this.threadName = threadName;
	}

	private Slot register() {
		Slot slot = new Slot(Thread.currentThread());
		this.registered.add(slot);
		startIfNeeded();
		return slot;
	}

	private void startIfNeeded() {
		synchronized (this.lifecycle) {
			if (this.watcher == null && !this.closed) {
				Thread thread = new Thread(this::watch, this.threadName);
				thread.setDaemon(true);
				this.watcher = thread;
				thread.start();
			}
		}
	}

	/**
	 * Start timing the current thread's call. Nested calls on the same thread share the outermost deadline.
	 * @return the slot to pass to {@link #disarm(Slot)}
	 */
	Slot arm(long timeoutNanos) {
		Slot slot = this.slots.get();
		if (slot.depth++ == 0) {
			long deadline = System.nanoTime() + timeoutNanos;
			slot.deadline = deadline;
			slot.state.set(ARMED);
			if (deadline - this.nextWake < 0) {
				LockSupport.unpark(this.watcher);
			}
		}
		return slot;
	}

	/**
	 * Stop timing. Returns whether the watchdog fired for this call; if so, its interrupt has been delivered
	 * and cleared again.
	 */
	boolean disarm(Slot slot) {
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

	private void watch() {
		while (!this.closed) {
			long now = System.nanoTime();
			long earliest = scan(now);
			this.nextWake = earliest;
			// a call armed during the scan may have read the old nextWake and not woken us: look once more
			long again = scan(System.nanoTime());
			if (again - earliest < 0) {
				earliest = again;
				this.nextWake = earliest;
			}
			if (earliest == Long.MAX_VALUE) {
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

	/** Fires every expired slot; returns the earliest deadline still armed, or Long.MAX_VALUE. */
	private long scan(long now) {
		long earliest = Long.MAX_VALUE;
		for (Slot slot : this.registered) {
			if (slot.state.get() != ARMED) {
				if (!slot.thread.isAlive() && slot.state.get() == IDLE) {
					this.registered.remove(slot);
				}
				continue;
			}
			long deadline = slot.deadline;
			if (deadline - now > 0) {
				earliest = (earliest == Long.MAX_VALUE || deadline - earliest < 0) ? deadline : earliest;
				continue;
			}
			if (slot.state.compareAndSet(ARMED, FIRING)) {
				if (slot.deadline - now > 0) {
					// the call we saw ended and a new one armed in between: not expired
					slot.state.set(ARMED);
					earliest = (earliest == Long.MAX_VALUE || slot.deadline - earliest < 0) ? slot.deadline : earliest;
					continue;
				}
				slot.thread.interrupt();
				slot.state.set(FIRED);
			}
		}
		return earliest;
	}

	int registeredThreads() {
		return this.registered.size();
	}

	@Override
	public void close() {
		synchronized (this.lifecycle) {
			this.closed = true;
			Thread watcher = this.watcher;
			if (watcher != null) {
				LockSupport.unpark(watcher);
			}
		}
	}

}
