package dev.wasmspring.runtime;

import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import org.jspecify.annotations.Nullable;

import dev.wasmspring.runtime.WasmModuleLoadException.Reason;

/**
 * Turns bytes into a parsed module, or into a {@link WasmModuleLoadException} that says why not.
 */
final class ModuleParser {

	private static final byte[] PREAMBLE = { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 };

	private ModuleParser() {
	}

	static WasmModule parse(byte[] bytes, @Nullable String moduleName, String location) {
		checkPreamble(bytes, moduleName, location);
		try {
			return Parser.parse(bytes);
		}
		catch (MalformedException ex) {
			throw new WasmModuleLoadException(moduleName, location, isTruncation(ex) ? Reason.TRUNCATED
					: Reason.MALFORMED, ex.getMessage(), ex);
		}
		catch (InvalidException ex) {
			throw new WasmModuleLoadException(moduleName, location, Reason.INVALID, ex.getMessage(), ex);
		}
		catch (RuntimeException | StackOverflowError | OutOfMemoryError ex) {
			// the parser meets arbitrary bytes here; whatever it throws means the bytes are not a module
			throw new WasmModuleLoadException(moduleName, location, Reason.MALFORMED, String.valueOf(ex), ex);
		}
	}

	private static void checkPreamble(byte[] bytes, @Nullable String moduleName, String location) {
		if (bytes.length == 0) {
			throw new WasmModuleLoadException(moduleName, location, Reason.EMPTY, null, null);
		}
		int prefix = Math.min(bytes.length, PREAMBLE.length);
		for (int i = 0; i < prefix; i++) {
			if (bytes[i] != PREAMBLE[i]) {
				throw new WasmModuleLoadException(moduleName, location, Reason.BAD_MAGIC,
						"found " + hex(bytes, prefix) + ", expected " + hex(PREAMBLE, PREAMBLE.length), null);
			}
		}
		if (bytes.length < PREAMBLE.length) {
			throw new WasmModuleLoadException(moduleName, location, Reason.TRUNCATED,
					"only " + bytes.length + " bytes", null);
		}
	}

	private static boolean isTruncation(MalformedException ex) {
		String message = String.valueOf(ex.getMessage()).toLowerCase(java.util.Locale.ROOT);
		return message.contains("unexpected end") || message.contains("length out of bounds")
				|| message.contains("eof") || message.contains("section size mismatch");
	}

	private static String hex(byte[] bytes, int length) {
		StringBuilder hex = new StringBuilder();
		for (int i = 0; i < length; i++) {
			hex.append(String.format("%02x", bytes[i]));
		}
		return hex.toString();
	}

}
