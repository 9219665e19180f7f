package dev.wasmspring.test;

import java.util.Set;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;

/**
 * Keeps only the {@link WasmTest#hostFunctions() host function beans} a {@link WasmTest @WasmTest} names, and
 * what its filters add, from the components the application's scan finds.
 */
final class WasmTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<WasmTest> {

	private final Set<Class<?>> hostFunctions;

	WasmTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
		this.hostFunctions = Set.of(getAnnotation().getValue("hostFunctions", Class[].class).orElse(new Class<?>[0]));
	}

	@Override
	protected Set<Class<?>> getKnownIncludes() {
		return this.hostFunctions;
	}

}
