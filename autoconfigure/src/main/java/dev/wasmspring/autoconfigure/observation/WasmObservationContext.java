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

package dev.wasmspring.autoconfigure.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The context of one observation of the runtime: which work, on which module and export.
 * Not thread-safe; belongs to its observation, on the thread doing the work.
 */
public class WasmObservationContext extends Observation.Context {

	private final WasmObservationDocumentation observation;

	private final String module;

	private final @Nullable String export;

	private final @Nullable String location;

	private long fuel = -1;

	/**
	 * Create a context.
	 * @param observation the kind of work
	 * @param module the module's name
	 * @param export the export called, or {@code null} if the work is not a call
	 * @param location where the module is loaded from, or {@code null} if the work is not
	 * a load
	 */
	public WasmObservationContext(WasmObservationDocumentation observation, String module, @Nullable String export,
			@Nullable String location) {
		this.observation = observation;
		setName(observation.getName());
		this.module = module;
		this.export = export;
		this.location = location;
	}

	/**
	 * Return the kind of work observed.
	 * @return the kind
	 */
	public WasmObservationDocumentation getObservation() {
		return this.observation;
	}

	/**
	 * Return the module's name.
	 * @return the name
	 */
	public String getModule() {
		return this.module;
	}

	/**
	 * Return the export called.
	 * @return the export, or {@code null} if the work is not a call
	 */
	public @Nullable String getExport() {
		return this.export;
	}

	/**
	 * Return where the module is loaded from.
	 * @return the location, or {@code null} if the work is not a load
	 */
	public @Nullable String getLocation() {
		return this.location;
	}

	/**
	 * Return the fuel the call consumed, once it ended.
	 * @return the fuel, or -1 if the work is not a call into a module with a fuel budget
	 * (or has not ended)
	 */
	public long getFuel() {
		return this.fuel;
	}

	/**
	 * Set the fuel the call consumed.
	 * @param fuel the fuel
	 */
	public void setFuel(long fuel) {
		this.fuel = fuel;
	}

}
