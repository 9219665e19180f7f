package dev.wasmspring.benchmarks;

/**
 * What the measured host function {@code env.set(i64)} does: add its argument to a running total, so the
 * call has an effect the JIT cannot drop and a test can check. Used by one benchmark thread.
 */
final class HostSink {

	private long total;

	void set(long value) {
		this.total += value;
	}

	long total() {
		return this.total;
	}

	void reset() {
		this.total = 0;
	}

	/** The total after {@code set_many(start, count)} on a reset sink. */
	static long totalOfSetMany(long start, int count) {
		return start * count + (long) count * (count - 1) / 2;
	}

}
