/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.wasmspring.runtime.internal.wasi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An empty host directory one instance owns, deleted with its contents when the instance
 * closes. Links inside it are deleted, never followed.
 */
public final class ScratchDirectory implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ScratchDirectory.class);

	private final Path path;

	private ScratchDirectory(Path path) {
		this.path = path;
	}

	/**
	 * Create a new scratch directory for an instance of a module.
	 * @param moduleName the module, part of the directory's name
	 * @return the directory
	 */
	public static ScratchDirectory create(String moduleName) {
		try {
			return new ScratchDirectory(
					Files.createTempDirectory("wasm-" + moduleName.replaceAll("[^A-Za-z0-9_-]", "_") + "-scratch-"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create a scratch directory for an instance of WASM module '"
					+ moduleName + "' in " + System.getProperty("java.io.tmpdir") + ": " + ex.getMessage(), ex);
		}
	}

	public Path path() {
		return this.path;
	}

	@Override
	public void close() {
		try {
			Files.walkFileTree(this.path, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
					Files.deleteIfExists(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
					Files.deleteIfExists(directory);
					return FileVisitResult.CONTINUE;
				}

			});
		}
		catch (IOException ex) {
			logger.warn("Could not delete the scratch directory {} of a closed instance: {}", this.path, ex.toString());
		}
	}

}
