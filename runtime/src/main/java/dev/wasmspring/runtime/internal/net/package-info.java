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
 * Bounded network and stream reads: every read of module bytes or of a plugin's HTTP
 * response stops at a byte limit, and every network read has a deadline that holds on
 * Java 17 (a socket read timeout set to the time left before each read), connecting to
 * the address that was checked.
 */
@NullMarked
package dev.wasmspring.runtime.internal.net;

import org.jspecify.annotations.NullMarked;
