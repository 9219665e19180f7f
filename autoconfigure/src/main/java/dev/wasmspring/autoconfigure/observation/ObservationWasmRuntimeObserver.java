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

import dev.wasmspring.runtime.statistics.WasmRuntimeObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Observes the runtime with Micrometer's Observation API: one observation per load,
 * instantiation and call, each in scope while its work runs, so that what the guest's
 * host functions observe nests under it and the call nests under the caller's current
 * observation (the request's span, with Micrometer Tracing). Thread-safe.
 */
public final class ObservationWasmRuntimeObserver implements WasmRuntimeObserver {

	private final ObservationRegistry registry;

	private final @Nullable WasmObservationConvention convention;

	/**
	 * Create an observer.
	 * @param registry the registry to observe with
	 * @param convention a convention replacing the default one, or {@code null}
	 */
	public ObservationWasmRuntimeObserver(ObservationRegistry registry,
			@Nullable WasmObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public Scope loadStarted(String module, String location) {
		return start(new WasmObservationContext(WasmObservationDocumentation.LOAD, module, null, location));
	}

	@Override
	public Scope instantiationStarted(String module) {
		return start(new WasmObservationContext(WasmObservationDocumentation.INSTANTIATE, module, null, null));
	}

	@Override
	public Scope callStarted(String module, String export) {
		return start(new WasmObservationContext(WasmObservationDocumentation.CALL, module, export, null));
	}

	private Scope start(WasmObservationContext context) {
		Observation observation = context.getObservation()
			.observation(this.convention, DefaultConvention.INSTANCE, () -> context, this.registry)
			.start();
		Observation.Scope scope = observation.openScope();
		return new Scope() {

			@Override
			public void fuelConsumed(long fuel) {
				context.setFuel(fuel);
			}

			@Override
			public void end(@Nullable Throwable failure) {
				scope.close();
				if (failure != null) {
					observation.error(failure);
				}
				observation.stop();
			}

		};
	}

	private static final class DefaultConvention {

		static final DefaultWasmObservationConvention INSTANCE = new DefaultWasmObservationConvention();

	}

}
