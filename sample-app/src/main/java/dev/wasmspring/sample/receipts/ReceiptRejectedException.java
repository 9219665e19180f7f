package dev.wasmspring.sample.receipts;

/**
 * The {@code receipt} command refused the order lines: it exited with a non-zero status and said why on its
 * standard error.
 */
public class ReceiptRejectedException extends RuntimeException {

	private final int exitCode;

	public ReceiptRejectedException(int exitCode, String reason) {
		super(reason);
		this.exitCode = exitCode;
	}

	public int getExitCode() {
		return this.exitCode;
	}

}
