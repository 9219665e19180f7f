package dev.wasmspring.autoconfigure;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IDEs learn the {@code wasm.*} keys from the generated configuration metadata: every key must be there with
 * a description.
 */
class WasmPropertiesMetadataTests {

	@Test
	void everyPropertyHasADescriptionAndMapKeysHaveHints() throws Exception {
		String json;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		List<Map<String, Object>> properties = JsonPath.read(json, "$.properties[*]");
		assertThat(properties).extracting((property) -> property.get("name"))
			.contains("wasm.engine", "wasm.timeout", "wasm.max-memory", "wasm.shared-cache", "wasm.modules");
		assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description"))
			.as((String) property.get("name"))
			.isNotBlank());
		List<String> hints = JsonPath.read(json, "$.hints[*].name");
		assertThat(hints).contains("wasm.modules.keys", "wasm.engine", "wasm.modules.values.wasi.stdout");
	}

}
