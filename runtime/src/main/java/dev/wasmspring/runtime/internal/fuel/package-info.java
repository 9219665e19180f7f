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

/**
 * Fuel: deterministic budgets of executed instructions. A module is rewritten before it
 * is compiled so that its code counts what it runs and stops itself when its budget is
 * spent; the instance sets the budget before each call and reads what is left after.
 * <p>
 * Internal to the runtime: not an API, may change in any release. Engine (Chicory) types
 * appear only in {@code dev.wasmspring.runtime.internal} packages.
 */
@NullMarked
package dev.wasmspring.runtime.internal.fuel;

import org.jspecify.annotations.NullMarked;
