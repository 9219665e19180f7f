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

package dev.wasmspring.runtime.internal.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The accountant: reservations never exceed the budget, even from many threads at once; a
 * closed account returns everything and refuses more; a holder past a sixteenth of the
 * budget cannot take its last tenth.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class MemoryBudgetTests {

	@Test
	void reservationsNeverExceedTheBudgetAndAreReturned() {
		MemoryBudget budget = new MemoryBudget(1000);
		MemoryBudget.Account a = budget.open();
		MemoryBudget.Account b = budget.open();
		assertThat(a.tryReserve(50)).isTrue();
		assertThat(b.tryReserve(50)).isTrue();
		assertThat(budget.reserved()).isEqualTo(100);
		a.release(30);
		assertThat(a.held()).isEqualTo(20);
		// releasing more than held returns only what is held
		a.release(1000);
		assertThat(a.held()).isZero();
		assertThat(budget.reserved()).isEqualTo(50);
		b.close();
		assertThat(budget.reserved()).isZero();
		assertThat(b.tryReserve(1)).isFalse();
		assertThatExceptionOfType(MemoryBudget.Exhausted.class).isThrownBy(() -> b.reserve(1));
		assertThat(budget.reserved()).isZero();
	}

	@Test
	void aLargeHolderLeavesTheLastTenthToSmallOnes() {
		MemoryBudget budget = new MemoryBudget(1600);
		MemoryBudget.Account bomb = budget.open();
		// past a sixteenth (100 bytes) the bomb may reach nine tenths (1440), not more
		assertThat(bomb.tryReserve(1440)).isTrue();
		assertThat(bomb.tryReserve(1)).isFalse();
		MemoryBudget.Account ordinary = budget.open();
		assertThat(ordinary.tryReserve(100)).isTrue();
		assertThat(ordinary.tryReserve(60)).isFalse();
		assertThat(budget.refusals()).isEqualTo(2);
		assertThat(budget.peak()).isEqualTo(1540);
	}

	@Test
	void concurrentReservationsStayWithinTheBudget() throws Exception {
		MemoryBudget budget = new MemoryBudget(64 * 1024);
		AtomicLong granted = new AtomicLong();
		AtomicLong overBudget = new AtomicLong();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			Thread thread = new Thread(() -> {
				MemoryBudget.Account account = budget.open();
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					return;
				}
				for (int n = 0; n < 10_000; n++) {
					if (account.tryReserve(64)) {
						granted.addAndGet(64);
						overBudget.accumulateAndGet(budget.reserved(), Math::max);
						account.release(64);
						granted.addAndGet(-64);
					}
				}
				account.close();
			});
			thread.start();
			threads.add(thread);
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(granted.get()).isZero();
		assertThat(overBudget.get()).isPositive().isLessThanOrEqualTo(budget.capacity());
		assertThat(budget.reserved()).isZero();
		assertThat(budget.peak()).isLessThanOrEqualTo(budget.capacity());
	}

}
