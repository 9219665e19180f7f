package dev.wasmspring.runtime.internal.host;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java method a missing import's message suggests has a name a Java programmer would write. */
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
