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
 * The Spring-free runtime core: the {@link dev.wasmspring.runtime.WasmRuntime}, its
 * registry of compiled modules and per-call {@link dev.wasmspring.runtime.WasmInstance
 * instances}: the façade a newcomer starts from. The types the runtime's machinery uses
 * live in packages of their own that lead back to neither: {@code exception},
 * {@code source}, {@code function}, {@code module}, {@code compile}, {@code value},
 * {@code extism}, {@code wasi} and {@code statistics}.
 * <p>
 * Nothing in this package depends on Spring; the auto-configuration builds on it.
 */
@NullMarked
package dev.wasmspring.runtime;

import org.jspecify.annotations.NullMarked;
