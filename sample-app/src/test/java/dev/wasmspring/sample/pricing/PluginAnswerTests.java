package dev.wasmspring.sample.pricing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading what a pricing plugin answers. The shipped plugins always answer well; these cases are the contract a
 * replacement plugin can break.
 */
class PluginAnswerTests {

	@Test
	void readsTheAmountsOfAQuote() {
		PluginAnswer answer = PluginAnswer.parse("pricing", "sku=BOOK-1;qty=3;subtotal=3897;discount=390;total=3507");

		assertThat(answer.cents("subtotal")).isEqualTo(3897);
		assertThat(answer.cents("discount")).isEqualTo(390);
		assertThat(answer.cents("total")).isEqualTo(3507);
	}

	@Test
	void anErrorFieldIsTheOrdersRejection() {
		assertThatExceptionOfType(OrderRejectedException.class)
			.isThrownBy(() -> PluginAnswer.parse("pricing", "error=missing qty"))
			.satisfies((ex) -> {
				assertThat(ex.getPlugin()).isEqualTo("pricing");
				assertThat(ex.getReason()).isEqualTo("missing qty");
			});
	}

	@Test
	void textThatIsNotFieldsBreaksTheContract() {
		assertThatExceptionOfType(PluginAnswerException.class)
			.isThrownBy(() -> PluginAnswer.parse("tenant-plugin", "42"))
			.withMessage("WASM module 'tenant-plugin' export 'quote' answered '42', which is not a quote. A pricing "
					+ "plugin answers subtotal=<cents>;discount=<cents>;total=<cents> or error=<reason>; fix the plugin.");
	}

	@Test
	void aMissingOrNonNumericAmountBreaksTheContract() {
		PluginAnswer answer = PluginAnswer.parse("tenant-plugin", "subtotal=lots;total=12");

		assertThatExceptionOfType(PluginAnswerException.class).isThrownBy(() -> answer.cents("subtotal"))
			.withMessageContaining("answered 'subtotal=lots;total=12', which is not a quote");
		assertThatExceptionOfType(PluginAnswerException.class).isThrownBy(() -> answer.cents("discount"));
	}

	@Test
	void aLongAnswerIsShortenedInTheMessage() {
		assertThatExceptionOfType(PluginAnswerException.class)
			.isThrownBy(() -> PluginAnswer.parse("tenant-plugin", "x".repeat(500)))
			.withMessageContaining("x".repeat(200) + "...'");
	}

}
