package dev.wasmspring.autoconfigure;

import java.util.Map;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

import dev.wasmspring.runtime.WasmInstance;

/**
 * Registers, for every module under {@code wasm.modules}, a {@link WasmModuleInstances} singleton and a
 * prototype {@link WasmInstance} bean, both qualified with the module's name.
 */
final class WasmInstanceBeanRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

	static final String MODULE_BEAN_PREFIX = "wasmModule.";

	static final String INSTANCE_BEAN_PREFIX = "wasmInstance.";

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		Map<String, Object> modules = Binder.get(this.environment)
			.bind("wasm.modules", Bindable.mapOf(String.class, Object.class))
			.orElse(Map.of());
		for (String moduleName : modules.keySet()) {
			registerModule(registry, moduleName);
		}
	}

	private void registerModule(BeanDefinitionRegistry registry, String moduleName) {
		String moduleBean = MODULE_BEAN_PREFIX + moduleName;
		if (registry.containsBeanDefinition(moduleBean)) {
			return;
		}
		// a constructor with an explicit name and an autowired runtime, not an instance supplier: Spring AOT can
		// write such a definition as code, so the AOT-processed (and native) application has the same beans
		RootBeanDefinition module = new RootBeanDefinition(WasmModuleInstances.class);
		module.getConstructorArgumentValues().addIndexedArgumentValue(0, moduleName);
		module.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
		qualify(module, moduleName);
		module.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
		registry.registerBeanDefinition(moduleBean, module);

		RootBeanDefinition instance = new RootBeanDefinition();
		instance.setTargetType(WasmInstance.class);
		instance.setFactoryBeanName(moduleBean);
		instance.setFactoryMethodName("newInstance");
		instance.setScope(BeanDefinition.SCOPE_PROTOTYPE);
		instance.setLazyInit(true);
		instance.setAutowireCandidate(true);
		qualify(instance, moduleName);
		registry.registerBeanDefinition(INSTANCE_BEAN_PREFIX + moduleName, instance);
	}

	private static void qualify(RootBeanDefinition definition, String moduleName) {
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, moduleName));
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
	}

}
