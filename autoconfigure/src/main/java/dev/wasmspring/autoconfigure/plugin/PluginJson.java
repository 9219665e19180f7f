package dev.wasmspring.autoconfigure.plugin;

import java.lang.reflect.Type;

/**
 * Writes and reads the JSON that plugin methods exchange with guests for records and other objects.
 * Thread-safe.
 */
interface PluginJson {

	byte[] write(Object value);

	Object read(byte[] json, Type type);

}
