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
 * Guest stack traces: the module's function names and DWARF line table, read once when a
 * module is loaded, and the translation of a trap's engine frames into Java stack frames
 * that name the guest's functions and source lines.
 * <p>
 * Internal to the runtime: not an API, may change in any release.
 */
@NullMarked
package dev.wasmspring.runtime.internal.trace;

import org.jspecify.annotations.NullMarked;
