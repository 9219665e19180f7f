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

package dev.wasmspring.runtime.exception;

/**
 * Not API: the runtime's own way to the members of this package that users do not see,
 * handed only to the runtime's builder in {@code dev.wasmspring.runtime}, which passes it
 * on to the machinery through {@code internal.module.ApiAccess}.
 */
public final class ExceptionAccess {

	/**
	 * Hand the access to the runtime's builder, its one caller.
	 * @return the access
	 * @throws IllegalCallerException when called from anywhere but the package
	 * {@code dev.wasmspring.runtime}
	 */
	public static ExceptionAccess grant() {
		Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
		if (!caller.getPackageName().equals("dev.wasmspring.runtime")) {
			throw new IllegalCallerException("ExceptionAccess is the runtime's own access to its API types, not API; "
					+ caller.getName() + " may not use it");
		}
		return INSTANCE;
	}

	private static final ExceptionAccess INSTANCE = new ExceptionAccess();

	private ExceptionAccess() {
	}

	/**
	 * Prepare the failure calls end with when even reporting a failure finds no memory.
	 * @param moduleName the module's name
	 * @param budgetSetting the name of the memory budget's setting
	 * @return the failure
	 */
	public WasmTrapException outOfMemory(String moduleName, String budgetSetting) {
		return WasmTrapException.outOfMemory(moduleName, budgetSetting);
	}

	/**
	 * Return a trap with a note added to its message.
	 * @param trap the trap
	 * @param note the note
	 * @return the new trap
	 */
	public WasmTrapException withNote(WasmTrapException trap, String note) {
		return trap.withNote(note);
	}

}
