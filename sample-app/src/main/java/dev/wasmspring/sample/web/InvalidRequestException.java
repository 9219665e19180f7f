package dev.wasmspring.sample.web;

/**
 * Thrown when a request is malformed in a way the framework does not catch itself; answered with 400.
 */
public class InvalidRequestException extends RuntimeException {

	public InvalidRequestException(String message) {
		super(message);
	}

}
