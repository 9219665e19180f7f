package dev.wasmspring.sample.tenant;

/**
 * Thrown when a tenant name is malformed or its rules are incomplete or out of range.
 */
public class InvalidTenantException extends RuntimeException {

	public InvalidTenantException(String message) {
		super(message);
	}

}
