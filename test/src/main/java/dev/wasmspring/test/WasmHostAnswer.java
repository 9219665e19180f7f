package dev.wasmspring.test;

import org.jspecify.annotations.Nullable;

/**
 * What a stubbed host function answers the guest. Called on the thread of the guest's call, possibly from
 * several threads at once, so implementations must be thread-safe.
 */
@FunctionalInterface
public interface WasmHostAnswer {

	/**
	 * Answer a call.
	 * @param call the call, whose arguments and guest memory can be read while it runs
	 * @return the result: {@code null} for none, an {@code Integer}, {@code Long}, {@code Float}, {@code Double}
	 * or {@code Boolean} for the import's single result, or a {@code long[]} of raw WebAssembly values
	 * @throws Exception any failure, which fails the guest's call as a failing host function does
	 */
	@Nullable Object answer(WasmHostCall call) throws Exception;

}
