package dev.wasmspring.autoconfigure.plugin;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import dev.wasmspring.plugin.WasmPlugin;

/**
 * Finds {@code @WasmPlugin} interfaces in packages, for {@link WasmPluginBean} to register. Used while bean
 * definitions are registered, on one thread.
 */
final class WasmPluginScanner {

	private final Environment environment;

	private final ResourceLoader resourceLoader;

	WasmPluginScanner(Environment environment, ResourceLoader resourceLoader) {
		this.environment = environment;
		this.resourceLoader = resourceLoader;
	}

	Set<Class<?>> scan(Iterable<String> packages) {
		ClassPathScanningCandidateComponentProvider provider = new ClassPathScanningCandidateComponentProvider(false,
				this.environment) {

			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
				return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent();
			}

		};
		provider.setResourceLoader(this.resourceLoader);
		provider.addIncludeFilter(new AnnotationTypeFilter(WasmPlugin.class, true, true));
		Set<Class<?>> types = new LinkedHashSet<>();
		ClassLoader classLoader = this.resourceLoader.getClassLoader();
		for (String basePackage : packages) {
			for (BeanDefinition candidate : provider.findCandidateComponents(basePackage)) {
				types.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), classLoader));
			}
		}
		return types;
	}

}
