package dev.wasmspring.runtime.internal.snapshot;

/**
 * A module's state cannot be captured faithfully; the message says what the module did and what to change.
 */
public final class SnapshotRefusedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public SnapshotRefusedException(String message) {
		super(message);
	}

}
