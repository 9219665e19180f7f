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

package dev.wasmspring.runtime.internal.host;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java method a missing import's message suggests has a name a Java programmer would
 * write.
 */
class ImportPlanNamingTests {

	@Test
	void importNamesBecomeCamelCaseMethodNames() {
		assertThat(ImportPlan.methodName("is_regular")).isEqualTo("isRegular");
		assertThat(ImportPlan.methodName("get-price-cents")).isEqualTo("getPriceCents");
		assertThat(ImportPlan.methodName("already")).isEqualTo("already");
		assertThat(ImportPlan.methodName("_private")).isEqualTo("private_");
		assertThat(ImportPlan.methodName("new")).isEqualTo("new_");
		assertThat(ImportPlan.methodName("2fast")).isEqualTo("_2fast");
		assertThat(ImportPlan.methodName("log.info")).isEqualTo("logInfo");
		assertThat(ImportPlan.methodName("___")).isEqualTo("hostFunction");
	}

}
