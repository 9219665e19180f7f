package dev.wasmspring.benchmarks;

/**
 * One instance of a module whose {@code set_many(i64 start, i32 count)} export calls the host's
 * {@code env.set(i64)} once per iteration. Kept for a whole benchmark trial, since the loop changes no guest
 * state. Used by one thread; whoever opens it closes it.
 */
interface HostLoop extends AutoCloseable {

	/**
	 * Make the guest call {@code env.set(start + i)} for i in 0..count-1.
	 * @param start the first value
	 * @param count how many host calls
	 */
	void setMany(long start, int count);

	/**
	 * Call another export.
	 * @param export the export
	 * @param args raw arguments
	 * @return the first result, or 0 if it has none
	 */
	long call(String export, long... args);

	@Override
	void close();

}
