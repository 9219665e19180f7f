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

package dev.wasmspring.sample.receipts;

/**
 * The {@code receipt} command refused the order lines: it exited with a non-zero status
 * and said why on its standard error.
 */
public class ReceiptRejectedException extends RuntimeException {

	private final int exitCode;

	public ReceiptRejectedException(int exitCode, String reason) {
		super(reason);
		this.exitCode = exitCode;
	}

	public int getExitCode() {
		return this.exitCode;
	}

}
