package dev.wasmspring.autoconfigure.plugin;

import java.lang.reflect.Type;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@link PluginJson} with a Jackson {@link JsonMapper}, by default the application's. Thread-safe.
 */
final class JacksonPluginJson implements PluginJson {

	private final JsonMapper mapper;

	JacksonPluginJson(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public byte[] write(Object value) {
		return this.mapper.writeValueAsBytes(value);
	}

	@Override
	public Object read(byte[] json, Type type) {
		return this.mapper.readValue(json, this.mapper.constructType(type));
	}

}
