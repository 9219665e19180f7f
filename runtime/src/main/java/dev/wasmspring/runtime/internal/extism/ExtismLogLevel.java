package dev.wasmspring.runtime.internal.extism;

import org.slf4j.Logger;

/**
 * Extism's log levels, in the order of the priorities its hosts report through {@code get_log_level}, each
 * logged at the SLF4J level of the same name.
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
