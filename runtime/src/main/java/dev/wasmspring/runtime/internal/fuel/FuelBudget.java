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
}
