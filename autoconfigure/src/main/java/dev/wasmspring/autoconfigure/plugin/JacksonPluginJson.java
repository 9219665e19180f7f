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

package dev.wasmspring.autoconfigure.plugin;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Set;

import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * {@link PluginJson} with a Jackson {@link JsonMapper}, by default the application's,
 * made strict for reading what a guest answers: a duplicate key fails rather than the
 * last one winning, a fraction does not become an integer, and a number too large for a
 * {@link Duration} or a point in time fails rather than becoming zero or the epoch (as
 * the lenient readers make of {@code 1e999999999}). Writing is the application's mapper
 * as it is. Thread-safe.
 */
final class JacksonPluginJson implements PluginJson {

	/** The largest number of seconds a duration or a point in time is read from. */
	private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Long.MAX_VALUE);

	private static final Set<Class<?>> TIME_TYPES = Set.of(Duration.class, Instant.class, OffsetDateTime.class,
			ZonedDateTime.class);

	private final JsonMapper mapper;

	private final JsonMapper reader;

	JacksonPluginJson(JsonMapper mapper) {
		this.mapper = mapper;
		this.reader = mapper.rebuild()
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.addModule(new SimpleModule("wasm-plugin-strict-numbers").setDeserializerModifier(new FittingTimes()))
			.build();
	}

	@Override
	public byte[] write(Object value) {
		return this.mapper.writeValueAsBytes(value);
	}

	@Override
	public Object read(byte[] json, Type type) {
		return this.reader.readValue(json, this.reader.constructType(type));
	}

	/**
	 * Puts {@link FittingTime} in front of the readers of durations and points in time.
	 */
	private static final class FittingTimes extends ValueDeserializerModifier {

		@Override
		public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config,
				BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
			return TIME_TYPES.contains(description.getBeanClass()) ? new FittingTime(deserializer) : deserializer;
		}

	}

	/**
	 * Refuses a number whose seconds do not fit a {@code long}, then reads as the wrapped
	 * reader does.
	 */
	private static final class FittingTime extends DelegatingDeserializer {

		FittingTime(ValueDeserializer<?> delegate) {
			super(delegate);
		}

		@Override
		protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
			return new FittingTime(delegate);
		}

		@Override
		public Object deserialize(JsonParser parser, DeserializationContext context) {
			if (parser.currentToken() != null && parser.currentToken().isNumeric()) {
				BigDecimal value = parser.getDecimalValue();
				// compares exponents first, so 1e999999999 costs nothing
				if (value.abs().compareTo(MAX_SECONDS) > 0) {
					return context.handleWeirdNumberValue(handledType(), value,
							"the number %s does not fit a %s " + "(at most %s seconds either way)", abbreviated(value),
							handledType().getSimpleName(), Long.MAX_VALUE);
				}
			}
			return super.deserialize(parser, context);
		}

		private static String abbreviated(BigDecimal value) {
			String text = value.toString();
			return (text.length() > 40) ? text.substring(0, 40) + "..." : text;
		}

	}

}
