package dev.wasmspring.autoconfigure.plugin;

import java.util.function.Function;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestContextHolder;

import dev.wasmspring.autoconfigure.WasmRequestInstances;
import dev.wasmspring.plugin.WasmPlugin;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;

/**
 * Finds the instance a plugin call runs in: the current HTTP request's when the policy allows and a request is
 * being handled on the calling thread, otherwise a new one closed after the call. The one place plugin calls
 * meet the instance beans. Thread-safe.
 */
final class PluginInstances {

	private static final boolean WEB_PRESENT = ClassUtils.isPresent(
			"org.springframework.web.context.request.RequestContextHolder", PluginInstances.class.getClassLoader());

	private final WasmRuntime runtime;

	private final ObjectProvider<WasmRequestInstances> requestInstances;

	PluginInstances(WasmRuntime runtime, ObjectProvider<WasmRequestInstances> requestInstances) {
		this.runtime = runtime;
		this.requestInstances = requestInstances;
	}

	WasmRuntime runtime() {
		return this.runtime;
	}

	<R> R call(String moduleName, WasmPlugin.Instances policy, Function<WasmInstance, R> call) {
		if (policy == WasmPlugin.Instances.REQUEST && WEB_PRESENT
				&& RequestContextHolder.getRequestAttributes() != null) {
			WasmRequestInstances requestInstances = this.requestInstances.getIfAvailable();
			if (requestInstances != null) {
				return call.apply(requestInstances.get(moduleName));
			}
		}
		try (WasmInstance instance = this.runtime.newInstance(moduleName)) {
			return call.apply(instance);
		}
	}

}
