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

package dev.wasmspring.autoconfigure.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of the WebAssembly runtime and their keys.
 */
public enum WasmObservationDocumentation implements ObservationDocumentation {

	/** A call into a module's export. */
	CALL {
		@Override
		public String getName() {
			return "wasm.call";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeys.MODULE, LowCardinalityKeys.EXPORT, LowCardinalityKeys.OUTCOME,
					LowCardinalityKeys.FAILURE };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { HighCardinalityKeys.FUEL };
		}
	},

	/**
	 * The creation of an instance: memory, initialisers, start function,
	 * {@code _initialize}.
	 */
	INSTANTIATE {
		@Override
		public String getName() {
			return "wasm.instantiate";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeys.MODULE, LowCardinalityKeys.OUTCOME, LowCardinalityKeys.FAILURE };
		}
	},

	/** Loading a module: reading, compiling or reusing its code, linking its imports. */
	LOAD {
		@Override
		public String getName() {
			return "wasm.load";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeys.MODULE, LowCardinalityKeys.OUTCOME, LowCardinalityKeys.FAILURE };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { HighCardinalityKeys.LOCATION };
		}
	};

	@Override
	public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
		return DefaultWasmObservationConvention.class;
	}

	/**
	 * Keys with few values, on metrics and spans.
	 */
	public enum LowCardinalityKeys implements KeyName {

		/** The module's configured name. */
		MODULE {
			@Override
			public String asString() {
				return "wasm.module";
			}
		},

		/** The export called. */
		EXPORT {
			@Override
			public String asString() {
				return "wasm.export";
			}
		},

		/** {@code SUCCESS} or {@code FAILURE}. */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		},

		/**
		 * The kind of failure: {@code none}, {@code timeout}, {@code trap},
		 * {@code resource-exhausted} (a trap for want of memory), {@code exit},
		 * {@code host-function}, {@code cancelled}, {@code interrupted},
		 * {@code bad-argument}, {@code instance-state}, {@code guest-error},
		 * {@code plugin-error}, {@code load}, {@code link} or {@code other}; the same
		 * names as an HTTP answer's {@code failure}.
		 */
		FAILURE {
			@Override
			public String asString() {
				return "wasm.failure";
			}
		}

	}

	/**
	 * Keys with many values, on spans only.
	 */
	public enum HighCardinalityKeys implements KeyName {

		/** Where the module is loaded from. */
		LOCATION {
			@Override
			public String asString() {
				return "wasm.location";
			}
		},

		/**
		 * The fuel a call consumed, on calls into modules with a fuel budget; also
		 * recorded in the {@code wasm.call.fuel} distribution per module.
		 */
		FUEL {
			@Override
			public String asString() {
				return "wasm.fuel";
			}

			@Override
			public boolean isRequired() {
				return false;
			}
		}

	}

}
