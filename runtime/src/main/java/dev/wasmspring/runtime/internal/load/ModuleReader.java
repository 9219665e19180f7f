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

package dev.wasmspring.runtime.internal.load;

import java.io.IOException;

import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException.Reason;
import dev.wasmspring.runtime.exception.WasmSettingNames;
import dev.wasmspring.runtime.internal.compile.ContentDigest;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import dev.wasmspring.runtime.internal.net.BoundedRead;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;

/**
 * Reads a module's bytes from its source within the module size limit and the memory
 * budget, and checks them against the digest the definition pins.
 */
public final class ModuleReader {

	private final long maxModuleSize;

	private final WasmSettingNames settingNames;

	/**
	 * Create a reader.
	 * @param maxModuleSize the largest module, in bytes
	 * @param settingNames how messages name the settings
	 */
	public ModuleReader(long maxModuleSize, WasmSettingNames settingNames) {
		this.maxModuleSize = maxModuleSize;
		this.settingNames = settingNames;
	}

	/**
	 * Read a module's bytes, charging what reading holds to an account of the budget.
	 * @param definition the module's definition
	 * @param reading the account
	 * @return the bytes
	 * @throws WasmModuleLoadException if the source fails, or the bytes exceed the size
	 * limit or the budget
	 */
	public byte[] read(WasmModuleDefinition definition, MemoryBudget.Account reading) {
		String name = definition.name();
		String location = definition.source().location();
		try {
			return BoundedRead.charging(reading, () -> definition.source().read(this.maxModuleSize));
		}
		catch (BoundedRead.BudgetExceeded ex) {
			throw new WasmModuleLoadException(name, location, Reason.TOO_LARGE,
					"the runtime's memory budget of " + ex.budget() + " bytes (" + this.settingNames.memoryBudget()
							+ ") could not hold its bytes while "
							+ "they were read; retry when plugins hold less, or raise the budget",
					null);
		}
		catch (ModuleSource.SizeExceededException ex) {
			String size = (ex.size() >= 0)
					? "it has " + ex.size() + " bytes, above the module size limit of " + this.maxModuleSize + " bytes"
					: "it has more than " + this.maxModuleSize
							+ " bytes, the module size limit (reading stopped there)";
			throw new WasmModuleLoadException(name, location, Reason.TOO_LARGE,
					size + "; raise " + this.settingNames.maxModuleSize() + " if the module is trusted", null);
		}
		catch (IOException | RuntimeException ex) {
			throw new WasmModuleLoadException(name, location, Reason.NOT_FOUND, String.valueOf(ex.getMessage()), ex);
		}
	}

	/**
	 * Check bytes read against the size limit and the definition's digest pin.
	 * @param definition the module's definition
	 * @param bytes the bytes
	 * @param checkPin whether to check the digest pin (not for a manifest's main module,
	 * whose manifest was checked)
	 * @return the bytes' SHA-256 digest
	 * @throws WasmModuleLoadException if the bytes are too large or their digest is not
	 * the pinned one
	 */
	public String verify(WasmModuleDefinition definition, byte[] bytes, boolean checkPin) {
		String name = definition.name();
		String location = definition.source().location();
		if (bytes.length > this.maxModuleSize) {
			throw new WasmModuleLoadException(name, location, Reason.TOO_LARGE,
					"it has " + bytes.length + " bytes, above the module size limit of " + this.maxModuleSize
							+ " bytes; raise " + this.settingNames.maxModuleSize() + " if the module is trusted",
					null);
		}
		String digest = ContentDigest.sha256(bytes);
		if (checkPin) {
			checkPinned(definition, digest);
		}
		return digest;
	}

	/**
	 * Check a digest against the one the definition pins.
	 * @param definition the module's definition
	 * @param digest the digest of what was read
	 * @throws WasmModuleLoadException if the definition pins another digest
	 */
	public void checkPinned(WasmModuleDefinition definition, String digest) {
		String pinned = definition.sha256();
		if (pinned != null && !pinned.equals(digest)) {
			throw new WasmModuleLoadException(definition.name(), definition.source().location(), Reason.DIGEST_MISMATCH,
					"expected " + pinned + ", found " + digest, null);
		}
	}

}
