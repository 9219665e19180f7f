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

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import dev.wasmspring.runtime.internal.instance.InstanceSetup;

/**
 * Watches the initialisation run a snapshot is taken from: which WASI functions it called
 * whose effect a snapshot would freeze into every instance (randomness, clocks), could
 * not carry over (open files), or that read an input an instance may be given its own of
 * (environment, arguments, preopened directories, standard input): what the run read of
 * those is in the snapshot's memory, so an instance with its own must not start from it.
 * One recorder per snapshot run, used by the thread that runs it.
 */
public final class SnapshotRecorder implements InstanceSetup {

	private static final String WASI = "wasi_snapshot_preview1";

	private static final Set<String> WATCHED = Set.of("random_get", "clock_time_get", "clock_res_get", "poll_oneoff",
			"path_open", "fd_close", "sock_accept", "environ_get", "environ_sizes_get", "args_get", "args_sizes_get",
			"fd_prestat_get", "fd_prestat_dir_name", "fd_read", "fd_pread");

	private static final int STDIN = 0;

	private final Map<String, Integer> calls = new TreeMap<>();

	private final Set<SnapshotInput> inputsRead = EnumSet.noneOf(SnapshotInput.class);

	private int openDescriptors;

	@Override
	public ImportValues imports(ImportValues imports) {
		List<ImportFunction> functions = new ArrayList<>();
		for (ImportFunction function : imports.functions()) {
			functions.add((WASI.equals(function.module()) && WATCHED.contains(function.name())) ? watched(function)
					: function);
		}
		return ImportValues.builder()
			.withFunctions(functions)
			.withGlobals(List.of(imports.globals()))
			.withMemories(List.of(imports.memories()))
			.withTables(List.of(imports.tables()))
			.withTags(List.of(imports.tags()))
			.build();
	}

	private ImportFunction watched(ImportFunction function) {
		String name = function.name();
		return new HostFunction(function.module(), name, function.functionType(), (instance, args) -> {
			long[] results = function.handle().apply(instance, args);
			boolean succeeded = results != null && results.length > 0 && results[0] == 0;
			SnapshotInput input = SnapshotInput.readBy(name);
			if (input == SnapshotInput.STDIN && (int) args[0] != STDIN) {
				// another descriptor: a file it opened, refused below if left open
				return results;
			}
			if (input != null) {
				this.inputsRead.add(input);
			}
			this.calls.merge(name, 1, Integer::sum);
			if (succeeded && (name.equals("path_open") || name.equals("sock_accept"))) {
				this.openDescriptors++;
			}
			else if (succeeded && name.equals("fd_close")) {
				this.openDescriptors--;
			}
			return results;
		});
	}

	/**
	 * Return how many times the run called each watched WASI function.
	 * @return the calls, by function name
	 */
	public Map<String, Integer> calls() {
		return Map.copyOf(this.calls);
	}

	/**
	 * Return the inputs of its own an instance may be given that the run read.
	 * @return the inputs read
	 */
	public Set<SnapshotInput> inputsRead() {
		return Set.copyOf(this.inputsRead);
	}

	/**
	 * Return how many files or sockets the run opened and did not close.
	 * @return the number of descriptors left open
	 */
	public int openDescriptors() {
		return Math.max(0, this.openDescriptors);
	}

}
