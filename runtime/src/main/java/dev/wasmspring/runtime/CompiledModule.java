package dev.wasmspring.runtime;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;

/**
 * A handle on a compiled module: the parsed module and its compiled code, shared by everyone who compiled the
 * same bytes. Safe to share between threads. The handle keeps the compiled module in its
 * {@link CompilationCache} until it is closed; closing it never affects other handles or instances, which
 * stay valid as long as they are used. Closing twice is harmless.
 */
public final class CompiledModule implements AutoCloseable {

	private final CompilationCache cache;

	private final CompilationCache.Entry entry;

	private final CompiledArtifact artifact;

	private final AtomicBoolean closed = new AtomicBoolean();

	CompiledModule(CompilationCache cache, CompilationCache.Entry entry, CompiledArtifact artifact) {
		this.cache = cache;
		this.entry = entry;
		this.artifact = artifact;
	}

	/** Returns another handle on the same artifact; the caller must hold this one open meanwhile. */
	CompiledModule share() {
		if (!this.entry.retain()) {
			throw new IllegalStateException("Compiled module " + digest() + " was released");
		}
		return new CompiledModule(this.cache, this.entry, this.artifact);
	}

	CompiledArtifact artifact() {
		return this.artifact;
	}

	/**
	 * Return the SHA-256 digest of the module's bytes, in hex.
	 * @return the digest
	 */
	public String digest() {
		return this.artifact.digest();
	}

	/**
	 * Return the engine the module was compiled for.
	 * @return the engine
	 */
	public WasmEngine engine() {
		return this.artifact.engine();
	}

	/**
	 * Return the exported functions and their signatures.
	 * @return the exports, by name
	 */
	public Map<String, WasmFunctionType> exports() {
		return Collections.unmodifiableMap(this.artifact.exports()
			.values()
			.stream()
			.collect(Collectors.toMap(CompiledArtifact.ExportedFunction::name,
					CompiledArtifact.ExportedFunction::type)));
	}

	/**
	 * Return the functions the module imports.
	 * @return the imports, in declaration order
	 */
	public List<WasmImportDescriptor> imports() {
		return this.artifact.functionImports();
	}

	/**
	 * Return the initial size of the module's memory in 64 KiB pages (0 without memory).
	 * @return the initial pages
	 */
	public int initialMemoryPages() {
		return this.artifact.minPages();
	}

	/**
	 * Return whether the handle was closed.
	 * @return whether it is closed
	 */
	public boolean isClosed() {
		return this.closed.get();
	}

	/**
	 * Release this handle's hold on the compiled module.
	 */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.cache.release(this.entry);
		}
	}

	@Override
	public String toString() {
		return "CompiledModule[" + digest() + ", " + engine() + (isClosed() ? ", closed" : "") + "]";
	}

}
