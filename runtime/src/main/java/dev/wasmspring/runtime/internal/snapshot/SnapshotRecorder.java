package dev.wasmspring.runtime.internal.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;

import dev.wasmspring.runtime.internal.instance.InstanceSetup;

/**
 * Watches the initialisation run a snapshot is taken from: which WASI functions it called whose effect a
 * snapshot would freeze into every instance (randomness, clocks) or could not carry over (open files).
 * One recorder per snapshot run, used by the thread that runs it.
 */
public final class SnapshotRecorder implements InstanceSetup {

	private static final String WASI = "wasi_snapshot_preview1";

	private static final Set<String> WATCHED = Set.of("random_get", "clock_time_get", "clock_res_get",
			"poll_oneoff", "path_open", "fd_close", "sock_accept");

	private final Map<String, Integer> calls = new TreeMap<>();

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
	 * Return how many files or sockets the run opened and did not close.
	 * @return the number of descriptors left open
	 */
	public int openDescriptors() {
		return Math.max(0, this.openDescriptors);
	}

}
