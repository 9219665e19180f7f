package dev.wasmspring.autoconfigure.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The context of one observation of the runtime: which work, on which module and export. Not thread-safe;
 * belongs to its observation, on the thread doing the work.
 */
public class WasmObservationContext extends Observation.Context {

	private final WasmObservationDocumentation observation;

	private final String module;

	private final @Nullable String export;

	private final @Nullable String location;

	/**
	 * Create a context.
	 * @param observation the kind of work
	 * @param module the module's name
	 * @param export the export called, or {@code null} if the work is not a call
	 * @param location where the module is loaded from, or {@code null} if the work is not a load
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

}
