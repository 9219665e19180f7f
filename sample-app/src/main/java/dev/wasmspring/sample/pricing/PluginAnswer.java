package dev.wasmspring.sample.pricing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text a pricing plugin's {@code quote} export answers: {@code key=value} fields separated by {@code ;}
 * ({@code sku=BOOK-1;qty=3;subtotal=3897;discount=390;total=3507}), or {@code error=<reason>}.
 */
final class PluginAnswer {

	static final String EXPECTED = "subtotal=<cents>;discount=<cents>;total=<cents> or error=<reason>";

	private final String plugin;

	private final String text;

	private final Map<String, String> fields;

	private PluginAnswer(String plugin, String text, Map<String, String> fields) {
		this.plugin = plugin;
		this.text = text;
		this.fields = fields;
	}

	/**
	 * Parse an answer.
	 * @param plugin the plugin that answered, for messages
	 * @param text the answer
	 * @return the answer's fields
	 * @throws OrderRejectedException if the plugin refused the order
	 * @throws PluginAnswerException if the text is not an answer
	 */
	static PluginAnswer parse(String plugin, String text) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String field : text.split(";")) {
			int equals = field.indexOf('=');
			if (equals <= 0) {
				throw malformed(plugin, text);
			}
			fields.put(field.substring(0, equals), field.substring(equals + 1));
		}
		String error = fields.get("error");
		if (error != null) {
			throw new OrderRejectedException(plugin, error);
		}
		return new PluginAnswer(plugin, text, fields);
	}

	/**
	 * Return an amount in cents.
	 * @param name the field
	 * @return the amount
	 * @throws PluginAnswerException if the field is missing or not a whole number
	 */
	long cents(String name) {
		String value = this.fields.get(name);
		try {
			if (value != null) {
				return Long.parseLong(value);
			}
		}
		catch (NumberFormatException ex) {
			// reported below, with the whole answer
		}
		throw malformed(this.plugin, this.text);
	}

	private static PluginAnswerException malformed(String plugin, String text) {
		String shown = (text.length() > 200) ? text.substring(0, 200) + "..." : text;
		return new PluginAnswerException(plugin, "WASM module '" + plugin + "' export 'quote' answered '" + shown
				+ "', which is not a quote. A pricing plugin answers " + EXPECTED + "; fix the plugin.");
	}

}
