package dev.wasmspring.test.example;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.wasmspring.plugin.ImportWasmPlugins;

/**
 * An application with two plugins (see {@code application.properties}), a host function bean and a web layer.
 */
@SpringBootApplication
@ImportWasmPlugins(basePackageClasses = ExampleApplication.class)
public class ExampleApplication {

}
