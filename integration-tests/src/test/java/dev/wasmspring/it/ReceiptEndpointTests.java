package dev.wasmspring.it;

import org.junit.jupiter.api.Test;

import dev.wasmspring.it.SampleClient.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /receipts}: a WASI command reads the request's order lines from its standard input, gets the
 * currency as its argument, and prints the receipt; a complaint on its standard error with a non-zero exit is
 * answered 422. Each request runs its own instance, with its own input.
 */
class ReceiptEndpointTests extends SampleApplicationTests {

	@Test
	void printsAReceiptForTheOrderLinesOnItsStandardInput() {
		Answer answer = this.client.postText("/receipts?currency=USD", "BOOK-1 3 1299\nPEN-7 10 150\n");

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.text()).isEqualTo("""
				BOOK-1               3 x       12.99 =         38.97 USD
				PEN-7               10 x        1.50 =         15.00 USD
				TOTAL                                                       53.97 USD
				""");
	}

	@Test
	void eachRequestHasItsOwnInput() {
		for (int i = 1; i <= 5; i++) {
			Answer answer = this.client.postText("/receipts", "ITEM " + i + " 100\n");
			assertThat(answer.text()).endsWith(String.format("%13d.00 EUR%n", i));
		}
		assertThat(this.client.awaitNoLiveInstances()).isZero();
	}

	@Test
	void aMalformedLineIsAnswered422WithTheCommandsComplaint() {
		Answer answer = this.client.postText("/receipts", "BOOK-1 3 1299\nPEN-7 lots\n");

		assertThat(answer.status()).isEqualTo(422);
		assertThat(answer.string("title")).isEqualTo("Order lines rejected");
		assertThat(answer.string("detail"))
			.isEqualTo("line 2: expected \"SKU QUANTITY UNIT_CENTS\" with a positive quantity");
		assertThat(answer.number("exitCode")).isEqualTo(2);
		assertThat(this.client.postText("/receipts", "A 1 1\n").status()).isEqualTo(200);
	}

}
