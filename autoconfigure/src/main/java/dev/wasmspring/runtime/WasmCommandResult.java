package dev.wasmspring.runtime;

/**
 * What a WASI command ({@code _start}) produced: its exit code and, for streams configured as
 * {@link WasiConfig.Output#CAPTURE captured}, its output. Immutable.
 *
 * @param exitCode the exit code (0 when the command returned from {@code main} normally)
 * @param stdout the captured standard output, empty unless captured
 * @param stderr the captured standard error, empty unless captured
 */
public record WasmCommandResult(int exitCode, String stdout, String stderr) {
}
