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

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

/**
 * Records the fuel of every call into a module with a fuel budget in the distribution
 * summary {@code wasm.call.fuel}, tagged with the module ({@code wasm.module}), so that a
 * service can see, bill or throttle what its plugins' calls cost. An observation handler
 * (of the {@code wasm.call} observations) bound to the application's meter registry; it
 * records nothing before it is bound. Thread-safe.
 */
public final class WasmFuelMetrics implements MeterBinder, ObservationHandler<WasmObservationContext> {

	/** The distribution summary's name. */
	public static final String METER_NAME = "wasm.call.fuel";

	private volatile @Nullable MeterRegistry registry;

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof WasmObservationContext wasm
				&& wasm.getObservation() == WasmObservationDocumentation.CALL;
	}

	@Override
	public void onStop(WasmObservationContext context) {
		MeterRegistry registry = this.registry;
		long fuel = context.getFuel();
		if (registry != null && fuel >= 0) {
			DistributionSummary.builder(METER_NAME)
				.description("Fuel consumed per call (WebAssembly instructions executed)")
				.baseUnit("fuel")
				.tag(WasmObservationDocumentation.LowCardinalityKeys.MODULE.asString(), context.getModule())
				.register(registry)
				.record(fuel);
		}
	}

}
