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

package dev.wasmspring.runtime.exception;

import java.util.List;

/**
 * Thrown when a module's imports cannot be satisfied: no host function provides an
 * import, a host function has another signature, two host functions claim the same
 * import, the module is not allowed to link the import's module, or the module lacks an
 * export that a host function it imports needs.
 */
public class WasmLinkException extends WasmException {

	/**
	 * Why an import could not be linked.
	 */
	public enum Reason {

		/** No host function provides the import. */
		MISSING,

		/** A host function provides the import with another signature. */
		SIGNATURE_MISMATCH,

		/** Two or more host functions claim the same import. */
		DUPLICATE,

		/** The module is not allowed to link the import's module. */
		NOT_ALLOWED,

		/**
		 * The import is of a kind (memory, table, global, tag) that host functions cannot
		 * provide.
		 */
		UNSUPPORTED_KIND,

		/**
		 * The host function that provides the import needs the module to export a
		 * function (such as the allocator {@code alloc}) that it does not export.
		 */
		MISSING_EXPORT

	}

	private final Reason reason;

	private final String importName;

	private final List<String> candidates;

	public WasmLinkException(String moduleName, Reason reason, String importName, String message,
			List<String> candidates) {
		super(moduleName, message, null);
		this.reason = reason;
		this.importName = importName;
		this.candidates = List.copyOf(candidates);
	}

	/**
	 * Return why linking failed.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Return the import that could not be linked, as {@code module.name}.
	 * @return the import
	 */
	public String getImportName() {
		return this.importName;
	}

	/**
	 * Return descriptions of the host functions that came close (same name, or same
	 * import with another signature).
	 * @return the candidates, possibly empty
	 */
	public List<String> getCandidates() {
		return this.candidates;
	}

}
