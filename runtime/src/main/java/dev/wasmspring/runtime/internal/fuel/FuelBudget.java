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

/**
 * A module's fuel budget per call (and per instance), and where its rewritten code keeps
 * the fuel left. Immutable.
 *
 * @param budget the fuel each outermost call starts with, positive
 * @param fuelGlobal the index of the global holding the fuel left
 * @param exhaustedGlobal the index of the global set when the code stopped for want of
 * fuel
 * @param setting how messages name the setting the budget came from
 * @param instanceBudget the fuel all calls of one instance may use together, 0 for no
 * such budget
 * @param instanceSetting how messages name the setting the budget per instance came from
 */
public record FuelBudget(long budget, int fuelGlobal, int exhaustedGlobal, String setting, long instanceBudget,
		String instanceSetting) {

	/**
	 * A budget per call only.
	 * @param budget the fuel each outermost call starts with, positive
	 * @param fuelGlobal the index of the global holding the fuel left
	 * @param exhaustedGlobal the index of the global set when the code stopped
	 * @param setting how messages name the setting the budget came from
	 */
	public FuelBudget(long budget, int fuelGlobal, int exhaustedGlobal, String setting) {
		this(budget, fuelGlobal, exhaustedGlobal, setting, 0, "");
	}

	/**
	 * Return the fuel a call may use when the instance has consumed {@code total} so far:
	 * the budget per call, or what is left of the budget per instance if less.
	 * @param total the fuel the instance's calls consumed so far
	 * @return the fuel the call starts with
	 */
	public long startingWith(long total) {
		return (this.instanceBudget > 0) ? Math.min(this.budget, this.instanceBudget - total) : this.budget;
	}

}
