/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.wasmspring.runtime.module;

/**
 * How much of the guest's call stack a module's failures show in their Java stack trace
 * (see {@link WasmModuleDefinition#withGuestFrames}). When a guest traps, fails in a host
 * function it called, or is stopped by its timeout, the engine's frames in the
 * exception's stack trace are replaced by one frame per guest function, innermost first,
 * interleaved with the Java frames of host functions, for example
 * {@code at wasm.pricing.apply_discount(pricing.c:42)}. The module's function names and
 * line table are read once, when it is loaded; a call that does not fail pays nothing.
 * Constants: immutable, safe to share between threads, nothing to close.
 */
public enum WasmGuestFrames {

	/**
	 * Function names and, where the module carries DWARF line information
	 * ({@code .debug_line}, for example C built with {@code -g}), the source file and
	 * line of the failing instruction and of each call site. The compiler engine gives
	 * each frame's source file without its line; the interpreter gives both. The default.
	 */
	LINES,

	/**
	 * Function names only, from the module's name section ({@code func[12]} for a
	 * function it does not name).
	 */
	NAMES,

	/** No guest frames: the stack trace shows the engine's own frames. */
	NONE

}
