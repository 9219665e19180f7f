package dev.wasmspring.test;

import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;

/**
 * Bootstraps a {@link WasmTest @WasmTest}, adding its {@code properties} to the environment.
 */
class WasmTestContextBootstrapper extends TestSliceTestContextBootstrapper<WasmTest> {

}
