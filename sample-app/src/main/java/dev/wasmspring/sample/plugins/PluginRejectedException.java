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

package dev.wasmspring.sample.plugins;

/**
 * Thrown when a plugin cannot be used where it was asked for: an upload that is not a
 * module or lacks the exports the service calls, or tenant rules that name a module that
 * is not a pricing plugin. Answered with 422; nothing changes.
 */
public class PluginRejectedException extends RuntimeException {

	private final String plugin;

	public PluginRejectedException(String plugin, String message) {
		super(message);
		this.plugin = plugin;
	}

	public String getPlugin() {
		return this.plugin;
	}

}
