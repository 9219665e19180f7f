package dev.wasmspring.autoconfigure;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WasmInstances} is a bean in applications without Spring Web or the Servlet API too: Spring introspects
 * a bean class's declared methods, which fails if one names a missing type.
 */
class WasmInstancesWithoutWebTests {

	@Test
	void noDeclaredMethodNamesAWebOrServletType() {
		List<String> offending = new ArrayList<>();
		for (Method method : WasmInstances.class.getDeclaredMethods()) {
			List<Class<?>> types = new ArrayList<>(List.of(method.getParameterTypes()));
			types.add(method.getReturnType());
			for (Class<?> type : types) {
				if (type.getName().startsWith("org.springframework.web.") || type.getName().startsWith("jakarta.")) {
					offending.add(method.toString());
				}
			}
		}
		assertThat(offending).isEmpty();
	}

}
