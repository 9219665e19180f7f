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

import com.dylibso.chicory.runtime.GlobalFactory;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.ValType;

/**
 * Creates a metered module's globals as the engine would, but its fuel and flag globals,
 * which are another instance's: so that the code of two metered modules counts in the
 * same place, as one call, whichever of them runs (an Extism plugin's main module and the
 * modules it links). The engine creates a module's globals in index order; one factory
 * serves one instantiation.
 */
public final class SharedFuelGlobals implements GlobalFactory {

	private final int fuelIndex;

	private final GlobalInstance fuel;

	private final GlobalInstance exhausted;

	private int created;

	/**
	 * Create the factory for one instantiation.
	 * @param fuelIndex the index of the module's fuel global among the globals it defines
	 * (its flag global follows it)
	 * @param fuel the fuel global to use instead
	 * @param exhausted the flag global to use instead
	 */
	public SharedFuelGlobals(int fuelIndex, GlobalInstance fuel, GlobalInstance exhausted) {
		this.fuelIndex = fuelIndex;
		this.fuel = fuel;
		this.exhausted = exhausted;
	}

	@Override
	public GlobalInstance create(long low, long high, ValType type, MutabilityType mutability) {
		int index = this.created++;
		if (index == this.fuelIndex) {
			return this.fuel;
		}
		if (index == this.fuelIndex + 1) {
			return this.exhausted;
		}
		return new GlobalInstance(low, high, type, mutability);
	}

}
