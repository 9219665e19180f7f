package dev.wasmspring.runtime.internal.engine;

import org.jspecify.annotations.Nullable;

/**
 * Recognises the engine's own types by package, so that they can be kept out of what the runtime hands to
 * callers (for example an exception's cause). Stateless.
 */
public final class EngineTypes {

	private static final String ENGINE_PACKAGE = "com.dylibso.chicory.";

	private EngineTypes() {
	}

	/**
	 * Return whether a throwable, or any throwable in its cause chain, is one of the engine's.
	 * @param failure the throwable, or {@code null}
	 * @return whether the engine's types are reachable from it
	 */
	public static boolean reachesEngine(@Nullable Throwable failure) {
		int depth = 0;
		for (Throwable candidate = failure; candidate != null && depth < 64; candidate = candidate.getCause()) {
			if (candidate.getClass().getName().startsWith(ENGINE_PACKAGE)) {
				return true;
			}
			if (candidate.getCause() == candidate) {
				break;
			}
			depth++;
		}
		return false;
	}

}
