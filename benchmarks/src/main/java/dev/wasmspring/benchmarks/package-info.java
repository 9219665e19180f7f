/**
 * JMH benchmarks of the starter's per-request path side by side with raw Chicory, and the
 * {@link dev.wasmspring.benchmarks.BenchmarkSuite} that runs them and writes the Markdown report.
 */
package dev.wasmspring.benchmarks;
