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

package dev.wasmspring.runtime.internal.snapshot;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException.Reason;
import dev.wasmspring.runtime.exception.WasmSettingNames;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact.ExportedFunction;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a module's snapshot: checks that the module can be snapshotted, has one instance
 * initialise itself under a recorder, refuses what instances started from it could not
 * share (open files) and warns of what they would all share (a random seed, the time).
 */
public final class SnapshotTaker {

	private static final Logger logger = LoggerFactory.getLogger("dev.wasmspring.runtime.WasmRuntime");

	private static final List<String> FROZEN = List.of("random_get", "clock_time_get", "clock_res_get", "poll_oneoff");

	private final WasmSettingNames settingNames;

	/**
	 * Create a taker.
	 * @param settingNames how messages name the settings
	 */
	public SnapshotTaker(WasmSettingNames settingNames) {
		this.settingNames = settingNames;
	}

	/**
	 * Take the snapshot of a module.
	 * @param definition the module's definition
	 * @param artifact the compiled module
	 * @param initialize runs the initialisation in one instance under the recorder given,
	 * calls the definition's initializer if it names one, and captures the instance
	 * @return the snapshot
	 * @throws WasmModuleLoadException if the module cannot be snapshotted or its
	 * initialisation failed
	 */
	public InstanceSnapshot take(WasmModuleDefinition definition, CompiledArtifact artifact,
			Function<SnapshotRecorder, InstanceSnapshot> initialize) {
		if (artifact.hasStartFunction()) {
			throw refused(definition, "it has a start function, which the engine would run again in every "
					+ "instance started from the snapshot; initialise it in _initialize or an export instead");
		}
		String initializer = definition.snapshot().initializer();
		if (initializer != null) {
			ExportedFunction export = artifact.export(initializer);
			if (export == null || export.paramCount() != 0) {
				throw refused(definition,
						"it exports no function '" + initializer
								+ "' without parameters to initialise it; its exports are "
								+ new TreeSet<>(artifact.exports().keySet()));
			}
		}
		else if (artifact.export("_initialize") == null) {
			logger.warn(
					"WASM module '{}' exports no _initialize: its snapshot holds only what instantiation gives "
							+ "it, so the snapshot saves nothing; turn off {}",
					definition.name(), this.settingNames.snapshot(definition.name()));
		}
		SnapshotRecorder recorder = new SnapshotRecorder();
		InstanceSnapshot snapshot;
		try {
			snapshot = initialize.apply(recorder);
		}
		catch (SnapshotRefusedException ex) {
			throw refused(definition, ex.getMessage());
		}
		catch (WasmException ex) {
			throw new WasmModuleLoadException(definition.name(), definition.source().location(), Reason.SNAPSHOT_FAILED,
					ex.getMessage(), ex);
		}
		if (recorder.openDescriptors() > 0) {
			throw refused(definition, "its initialisation left " + recorder.openDescriptors()
					+ " file(s) or socket(s) open, which instances started from the snapshot would not have; close "
					+ "them before initialisation ends");
		}
		if (!snapshot.inputsRead().isEmpty()) {
			logger.info(
					"WASM module '{}' read its {} while its snapshot was taken: instances given their own start "
							+ "without the snapshot and initialise themselves, so that they see only their own",
					definition.name(),
					snapshot.inputsRead().stream().map(SnapshotInput::description).sorted().toList());
		}
		Map<String, Integer> calls = recorder.calls();
		for (String frozen : FROZEN) {
			if (calls.containsKey(frozen)) {
				logger.warn("WASM module '{}' called {} {} time(s) during the initialisation its snapshot was taken "
						+ "from: whatever it derived from it (a random seed, the time) is the same in every "
						+ "instance", definition.name(), frozen, calls.get(frozen));
			}
		}
		return snapshot;
	}

	private WasmModuleLoadException refused(WasmModuleDefinition definition, String detail) {
		return new WasmModuleLoadException(definition.name(), definition.source().location(), Reason.SNAPSHOT_REFUSED,
				detail + " (snapshot set by " + this.settingNames.snapshot(definition.name()) + ")", null);
	}

}
