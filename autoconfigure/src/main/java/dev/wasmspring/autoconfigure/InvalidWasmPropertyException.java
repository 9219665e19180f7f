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

package dev.wasmspring.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when a {@code wasm.*} property has a value outside its accepted
 * range, or a key that is not a setting at all. Names the property, the value and what is
 * accepted.
 */
public class InvalidWasmPropertyException extends IllegalStateException {

	private final String property;

	private final @Nullable String value;

	private final String accepted;

	/**
	 * Create an exception.
	 * @param property the full property name, for example
	 * {@code wasm.modules.greeter.timeout}
	 * @param value the value as configured, or {@code null} for a key that is not a
	 * setting
	 * @param accepted what the property accepts
	 */
	public InvalidWasmPropertyException(String property, @Nullable String value, String accepted) {
		super(message(property, value, accepted));
		this.property = property;
		this.value = value;
		this.accepted = accepted;
	}

	private static String message(String property, @Nullable String value, String accepted) {
		return (value != null)
				? "Property '" + property + "' has the value '" + value + "', which is not accepted: " + accepted
				: "Property '" + property + "' is not a setting: " + accepted;
	}

	/**
	 * Return the property's full name.
	 * @return the name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return the value as configured, or {@code null} for a key that is not a setting.
	 * @return the value
	 */
	public @Nullable String getValue() {
		return this.value;
	}

	/**
	 * Return what the property accepts (for an unknown key: the settings that exist).
	 * @return the accepted values
	 */
	public String getAccepted() {
		return this.accepted;
	}

}
