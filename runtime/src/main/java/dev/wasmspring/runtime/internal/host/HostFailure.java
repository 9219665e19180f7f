package dev.wasmspring.runtime.internal.host;

import dev.wasmspring.runtime.WasmCallContext;
import dev.wasmspring.runtime.WasmCallException;
import dev.wasmspring.runtime.WasmCallException.Reason;
import dev.wasmspring.runtime.WasmException;

/**
 * Carries a host function's failure through the engine to the call that made it, where it becomes a
 * {@link WasmCallException} (HOST_FUNCTION_FAILED) naming the export as well.
 */
public final class HostFailure extends RuntimeException {

	public final String importName;

	public HostFailure(String importName, Throwable cause) {
		super(importName, cause, false, false);
		this.importName = importName;
	}

	/**
	 * Decide how one of the runtime's own exceptions thrown by a host function reaches the calling instance.
	 * One that concerns the calling module's own call (a nested timeout, say) passes as it is; one that names
	 * another module, or misuse of another instance or export (for example a nested call given wrong
	 * arguments), is the host function's failure and is carried as such, naming the caller.
	 * @param importName the import whose host function threw
	 * @param context the calling instance's context
	 * @param thrown what the host function threw
	 * @return the exception to throw into the engine
	 */
	public static RuntimeException of(String importName, WasmCallContext context, WasmException thrown) {
		boolean misuse = thrown instanceof WasmCallException call
				&& (call.getReason() == Reason.ILLEGAL_ARGUMENT || call.getReason() == Reason.INSTANCE_UNUSABLE);
		boolean callersOwn = context.moduleName().equals(thrown.getModuleName()) && !misuse;
		return callersOwn ? thrown : new HostFailure(importName, thrown);
	}

}
