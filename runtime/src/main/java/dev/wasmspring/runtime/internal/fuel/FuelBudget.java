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

package dev.wasmspring.runtime.internal.fuel;

import dev.wasmspring.runtime.WasmModuleLoadException;
import dev.wasmspring.runtime.WasmModuleLoadException.Reason;
import dev.wasmspring.runtime.internal.compile.ModuleParser;
import org.jspecify.annotations.Nullable;

/**
 * A module's fuel budget per call, and where its rewritten code keeps the fuel left.
 * Immutable.
 *
 * @param budget the fuel each outermost call starts with, positive
 * @param fuelGlobal the index of the global holding the fuel left
 * @param exhaustedGlobal the index of the global set when the code stopped for want of
 * fuel
 * @param setting how messages name the setting the budget came from
 */
public record FuelBudget(long budget, int fuelGlobal, int exhaustedGlobal, String setting) {

	/**
	 * Rewrite a module's bytes so that they meter themselves, or say why they cannot be.
	 * @param bytes the module's bytes
	 * @param moduleName the module's name for messages
	 * @param location where the bytes came from, for messages
	 * @param setting how messages name the fuel setting
	 * @return the rewritten bytes
	 * @throws WasmModuleLoadException if the bytes are no module (as the parser says) or
	 * use what the rewrite does not support
	 */
	public static byte[] meter(byte[] bytes, @Nullable String moduleName, String location, String setting) {
		try {
			return FuelInstrumenter.instrument(bytes).bytes();
		}
		catch (FuelInstrumenter.UnsupportedModuleException ex) {
			// bytes that are no module fail as they fail without fuel
			ModuleParser.parse(bytes, moduleName, location);
			throw new WasmModuleLoadException(
					moduleName, location, Reason.UNSUPPORTED, "fuel metering cannot rewrite it: " + ex.getMessage()
							+ "; turn " + setting + " off for this module (0) and bound it with its timeout alone",
					null);
		}
	}

}
