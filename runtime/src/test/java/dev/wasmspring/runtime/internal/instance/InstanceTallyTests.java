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

package dev.wasmspring.runtime.internal.instance;

import java.util.concurrent.TimeUnit;

import dev.wasmspring.runtime.statistics.WasmInstanceCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instances are counted in all and per module name; a name's counts outlive the module
 * version they were made with.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class InstanceTallyTests {

	@Test
	void createdAndEndedInstancesAreCountedInAllAndPerName() {
		InstanceTally tally = new InstanceTally();
		assertThat(tally.counts("add")).isEqualTo(new WasmInstanceCounts(0, 0));
		InstanceTally.Counters add = tally.countersFor("add");
		InstanceTally.Counters other = tally.countersFor("other");
		tally.created(add);
		tally.created(add);
		tally.created(other);
		tally.ended(add);
		assertThat(tally.counts("add")).isEqualTo(new WasmInstanceCounts(1, 2));
		assertThat(tally.counts("other")).isEqualTo(new WasmInstanceCounts(1, 1));
		assertThat(tally.total()).isEqualTo(new WasmInstanceCounts(2, 3));
		// a redefined module keeps counting under its name
		assertThat(tally.countersFor("add")).isSameAs(add);
	}

}
