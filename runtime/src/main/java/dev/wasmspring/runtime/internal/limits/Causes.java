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

package dev.wasmspring.runtime.internal.limits;

/**
 * Looks through a failure and its causes for a type. Allocates nothing, so the failure
 * path can ask it while the heap is exhausted.
 */
public final class Causes {

	private Causes() {
	}

	/**
	 * Return whether the failure, or one of its causes, is of either type.
	 * @param failure what was thrown
	 * @param type a type
	 * @param other another type, or the same
	 * @return whether one is found
	 */
	public static boolean has(Throwable failure, Class<? extends Throwable> type, Class<? extends Throwable> other) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate) || other.isInstance(candidate)) {
				return true;
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return false;
	}

	/**
	 * Return whether the failure, or one of its causes, is of the type.
	 * @param failure what was thrown
	 * @param type the type
	 * @return whether one is found
	 */
	public static boolean has(Throwable failure, Class<? extends Throwable> type) {
		return has(failure, type, type);
	}

	/**
	 * Return what a task failed with, ready to throw: a runtime exception or an error is
	 * thrown as it is, anything else is wrapped.
	 * @param cause what the task threw
	 * @return the exception to throw, if {@code cause} is checked
	 */
	public static RuntimeException unchecked(Throwable cause) {
		if (cause instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (cause instanceof Error error) {
			throw error;
		}
		return new IllegalStateException(cause);
	}

}
