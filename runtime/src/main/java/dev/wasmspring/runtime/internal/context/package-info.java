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

/**
 * What a call context sees of the instance it belongs to. The public
 * {@link dev.wasmspring.runtime.function.WasmCallContext} depends on this package alone,
 * so the host-call machinery, which hands contexts to host functions, never leads back to
 * the instance machinery that calls it.
 * <p>
 * Internal to the runtime: not an API, may change in any release.
 */
@NullMarked
package dev.wasmspring.runtime.internal.context;

import org.jspecify.annotations.NullMarked;
