package dev.wasmspring.autoconfigure;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one attempt to reload a module from its source. Immutable.
 *
 * @param module the module's name
 * @param result what happened
 * @param at when it happened
 * @param digest the SHA-256 digest of the bytes read, or {@code null} if they could not be read
 * @param failure why the reload failed, or {@code null} if it did not
 */
public record WasmReloadOutcome(String module, Result result, Instant at, @Nullable String digest,
		@Nullable String failure) {

	/**
	 * What a reload did.
	 */
	public enum Result {

		/** New bytes were compiled and swapped in; new instances run them. */
		RELOADED,

		/** The source's bytes are the ones already served; nothing changed. */
		UNCHANGED,

		/** The new bytes could not be read, verified, compiled or linked; the previous version keeps serving. */
		FAILED

	}

}
