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

package dev.wasmspring.it;

import dev.wasmspring.it.SampleClient.Answer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /receipts}: a WASI command reads the request's order lines from its
 * standard input, gets the currency as its argument, and prints the receipt; a complaint
 * on its standard error with a non-zero exit is answered 422. Each request runs its own
 * instance, with its own input.
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
