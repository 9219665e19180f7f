package dev.wasmspring.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when a {@code wasm.*} property has a value outside its accepted range, or a key that is
 * not a setting at all. Names the property, the value and what is accepted.
 */
public class InvalidWasmPropertyException extends IllegalStateException {

	private final String property;

	private final @Nullable String value;

	private final String accepted;

	/**
	 * Create an exception.
	 * @param property the full property name, for example {@code wasm.modules.greeter.timeout}
	 * @param value the value as configured, or {@code null} for a key that is not a setting
	 * @param accepted what the property accepts
	 */
	public InvalidWasmPropertyException(String property, @Nullable String value, String accepted) {
		super(message(property, value, accepted));
		this.property = property;
		this.value = value;
		this.accepted = accepted;
	}

	private static String message(String property, @Nullable String value, String accepted) {
		return (value != null) ? "Property '" + property + "' has the value '" + value + "', which is not accepted: "
				+ accepted : "Property '" + property + "' is not a setting: " + accepted;
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
