package dev.wasmspring.runtime;

/**
 * What one run of a WASI command ({@code _start}, through {@link WasmInstance#runCommand()}) produced: its
 * exit code and, for streams configured as {@link WasiConfig.Output#CAPTURE captured}, what it printed
 * during that run. Immutable and safe to share between threads.
 *
 * @param exitCode the exit code: 0 when the command returned from {@code main} or called {@code exit(0)}
 * @param stdout the standard output of this run, empty unless captured; ends with a note if the capture
 * limit was reached
 * @param stderr the standard error of this run, empty unless captured; ends with a note if the capture limit
 * was reached
 */
public record WasmCommandResult(int exitCode, String stdout, String stderr) {
}
