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

package dev.wasmspring.runtime.internal.extism;

import org.slf4j.Logger;

/**
 * Extism's log levels, in the order of the priorities its hosts report through
 * {@code get_log_level}, each logged at the SLF4J level of the same name.
 */
enum ExtismLogLevel {

	TRACE, DEBUG, INFO, WARN, ERROR;

	/** The priority reported when the plugin's logger logs nothing. */
	static final int SILENT = Integer.MAX_VALUE;

	boolean isEnabled(Logger logger) {
		return switch (this) {
			case TRACE -> logger.isTraceEnabled();
			case DEBUG -> logger.isDebugEnabled();
			case INFO -> logger.isInfoEnabled();
			case WARN -> logger.isWarnEnabled();
			case ERROR -> logger.isErrorEnabled();
		};
	}

	void log(Logger logger, String message) {
		switch (this) {
			case TRACE -> logger.trace(message);
			case DEBUG -> logger.debug(message);
			case INFO -> logger.info(message);
			case WARN -> logger.warn(message);
			case ERROR -> logger.error(message);
		}
	}

	static int lowestEnabled(Logger logger) {
		for (ExtismLogLevel level : values()) {
			if (level.isEnabled(logger)) {
				return level.ordinal();
			}
		}
		return SILENT;
	}

}
