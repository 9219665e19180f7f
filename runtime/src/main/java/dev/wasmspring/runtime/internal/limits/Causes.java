package dev.wasmspring.runtime.internal.limits;

/**
 * Looks through a failure and its causes for a type. Allocates nothing, so the failure path can ask it while the
 * heap is exhausted.
 */
public final class Causes {

	private Causes() {
	}

	/**
	 * Return whether the failure, or one of its causes, is of either type.
	 * @param failure what was thrown
	 * @param type a type
	 * @param other another type, or the same
	 * @return whether one is found
	 */
	public static boolean has(Throwable failure, Class<? extends Throwable> type, Class<? extends Throwable> other) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate) || other.isInstance(candidate)) {
				return true;
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return false;
	}

	/**
	 * Return whether the failure, or one of its causes, is of the type.
	 * @param failure what was thrown
	 * @param type the type
	 * @return whether one is found
	 */
	public static boolean has(Throwable failure, Class<? extends Throwable> type) {
		return has(failure, type, type);
	}

}
