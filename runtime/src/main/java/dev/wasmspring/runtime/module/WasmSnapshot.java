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

package dev.wasmspring.runtime.module;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Whether a module's instances start from a snapshot taken after its initialisation, and
 * which initialisation. With a snapshot, the runtime runs the initialisation once when it
 * loads the module (the start function is refused, {@code _initialize} runs if the module
 * exports it, then the named initialisation export if one is given), captures the
 * instance's memory, globals and tables, and starts every instance from that state
 * instead of initialising it again. A reload or a change of host functions takes the
 * snapshot again.
 * <p>
 * A snapshot is shared by every instance, so whatever the initialisation captured is the
 * same in all of them: it must not capture open files, random seeds or the time (see the
 * performance guide). Immutable and safe to share between threads.
 */
public final class WasmSnapshot {

	/**
	 * No snapshot: every instance runs the module's initialisation itself. The default.
	 */
	public static final WasmSnapshot NONE = new WasmSnapshot(false, null);

	/**
	 * A snapshot taken after the module's {@code _initialize} (a reactor's
	 * initialisation), if it has one.
	 */
	public static final WasmSnapshot AFTER_INITIALIZE = new WasmSnapshot(true, null);

	private final boolean enabled;

	private final @Nullable String initializer;

	private WasmSnapshot(boolean enabled, @Nullable String initializer) {
		this.enabled = enabled;
		this.initializer = initializer;
	}

	/**
	 * Return a snapshot taken after {@code _initialize} (if exported) and then the named
	 * export have run.
	 * @param export the name of an exported function without parameters that initialises
	 * the module
	 * @return the snapshot setting
	 */
	public static WasmSnapshot afterExport(String export) {
		if (Objects.requireNonNull(export, "export").isBlank()) {
			throw new IllegalArgumentException("The name of a snapshot's initialisation export must not be blank");
		}
		return new WasmSnapshot(true, export);
	}

	/**
	 * Parse a setting: {@code none}, {@code after-initialize}, or the name of an
	 * initialisation export.
	 * @param value the setting
	 * @return the snapshot setting
	 */
	public static WasmSnapshot parse(String value) {
		String trimmed = value.trim();
		if (trimmed.isEmpty() || trimmed.equals("none")) {
			return NONE;
		}
		if (trimmed.equals("after-initialize")) {
			return AFTER_INITIALIZE;
		}
		return afterExport(trimmed);
	}

	/**
	 * Return whether instances start from a snapshot.
	 * @return whether a snapshot is taken
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Return the initialisation export run after {@code _initialize} before the snapshot
	 * is taken.
	 * @return the export's name, or {@code null} for {@code _initialize} alone
	 */
	public @Nullable String initializer() {
		return this.initializer;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof WasmSnapshot that && this.enabled == that.enabled
				&& Objects.equals(this.initializer, that.initializer);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.enabled, this.initializer);
	}

	@Override
	public String toString() {
		return !this.enabled ? "none" : (this.initializer != null) ? this.initializer : "after-initialize";
	}

}
