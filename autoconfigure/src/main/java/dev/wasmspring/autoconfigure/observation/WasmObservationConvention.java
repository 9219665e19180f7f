package dev.wasmspring.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Tags the runtime's observations; define a bean of this type to replace
 * {@link DefaultWasmObservationConvention}. The observations are named as documented unless
 * {@link #getName()} returns a name. Implementations must be thread-safe.
 */
public interface WasmObservationConvention extends ObservationConvention<WasmObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof WasmObservationContext;
	}

}
