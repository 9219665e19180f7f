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

package dev.wasmspring.runtime.internal.instance;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;

/**
 * What an engine instance gets beyond its module's defaults: the points where a snapshot
 * watches an initialisation run or starts an instance from captured state.
 * Implementations are immutable and shared by the instances of one loaded module, unless
 * they say otherwise.
 */
public interface InstanceSetup {

	/** Nothing beyond the module's defaults. */
	InstanceSetup NONE = new InstanceSetup() {
	};

	/**
	 * Return the imports the instance links, given the module's linked imports.
	 * @param imports the module's imports, bound for this instance
	 * @return the imports to use
	 */
	default ImportValues imports(ImportValues imports) {
		return imports;
	}

	/**
	 * Adjust the engine's builder before the instance is built: its memory and globals,
	 * for example.
	 * @param builder the builder, already configured with the module's defaults
	 * @param account the instance's account, which pays for what the instance allocates
	 */
	default void configure(Instance.Builder builder, MemoryBudget.Account account) {
	}

	/**
	 * Bring a freshly initialised instance (initialisers run, no export called) into its
	 * starting state.
	 * @param instance the instance
	 */
	default void initialized(Instance instance) {
	}

	/**
	 * Return whether the instance starts initialised, so the module's {@code _initialize}
	 * must not run again.
	 * @return whether initialisation is already part of the starting state
	 */
	default boolean startsInitialized() {
		return false;
	}

}
