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

import dev.wasmspring.autoconfigure.observation.WasmObservationDocumentation.HighCardinalityKeys;
import dev.wasmspring.autoconfigure.observation.WasmObservationDocumentation.LowCardinalityKeys;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmLinkException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The default tags of the runtime's observations, as {@link WasmObservationDocumentation}
 * lists them. The observations keep their documented names ({@code wasm.call},
 * {@code wasm.instantiate}, {@code wasm.load}), which the context carries. Stateless and
 * thread-safe.
 */
public class DefaultWasmObservationConvention implements WasmObservationConvention {

	@Override
	public @Nullable String getContextualName(WasmObservationContext context) {
		String name = context.getObservation().getName() + " " + context.getModule();
		return (context.getExport() != null) ? name + "." + context.getExport() : name;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(WasmObservationContext context) {
		Throwable error = context.getError();
		KeyValues values = KeyValues.of(KeyValue.of(LowCardinalityKeys.MODULE, context.getModule()),
				KeyValue.of(LowCardinalityKeys.OUTCOME, (error != null) ? "FAILURE" : "SUCCESS"),
				KeyValue.of(LowCardinalityKeys.FAILURE, failure(error)));
		if (context.getExport() != null) {
			values = values.and(KeyValue.of(LowCardinalityKeys.EXPORT, context.getExport()));
		}
		return values;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(WasmObservationContext context) {
		KeyValues values = (context.getLocation() != null)
				? KeyValues.of(KeyValue.of(HighCardinalityKeys.LOCATION, context.getLocation())) : KeyValues.empty();
		if (context.getFuel() >= 0) {
			values = values.and(KeyValue.of(HighCardinalityKeys.FUEL, Long.toString(context.getFuel())));
		}
		return values;
	}

	/**
	 * Return the kind of failure, as the {@code wasm.failure} key's value.
	 * @param error the failure, or {@code null}
	 * @return the kind
	 */
	protected String failure(@Nullable Throwable error) {
		if (error == null) {
			return "none";
		}
		if (error instanceof WasmTrapException trap && trap.getKind() == WasmTrapException.Kind.RESOURCE_EXHAUSTED) {
			// the memory budget or the heap was short: a passing condition, not the
			// plugin's fault
			return "resource-exhausted";
		}
		if (error instanceof WasmTrapException trap && trap.getKind() == WasmTrapException.Kind.FUEL_EXHAUSTED) {
			return "fuel-exhausted";
		}
		if (error instanceof WasmCallException call) {
			return switch (call.getReason()) {
				case TIMED_OUT -> "timeout";
				case CANCELLED -> "cancelled";
				case TRAPPED -> "trap";
				case EXITED -> "exit";
				case HOST_FUNCTION_FAILED -> "host-function";
				case INTERRUPTED -> "interrupted";
				case ILLEGAL_ARGUMENT -> "bad-argument";
				case INSTANCE_UNUSABLE -> "instance-state";
				case GUEST_ERROR -> "guest-error";
				case PLUGIN_ERROR -> "plugin-error";
			};
		}
		if (error instanceof WasmModuleLoadException) {
			return "load";
		}
		if (error instanceof WasmLinkException) {
			return "link";
		}
		return "other";
	}

}
