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

package dev.wasmspring.runtime.internal.net;

import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which resolved addresses count as public, and how locations are shown without their
 * password.
 */
@Timeout(10)
class AddressPolicyTests {

	@Test
	void loopbackPrivateLinkLocalUnspecifiedAndMetadataAddressesAreNotPublic() throws UnknownHostException {
		for (String address : List.of("127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.0.1", "172.31.255.255",
				"192.168.1.1", "169.254.169.254", "169.254.0.1", "0.0.0.0", "100.64.0.1", "224.0.0.1",
				"255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "::ffff:127.0.0.1",
				"::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "ff02::1")) {
			assertThat(AddressPolicy.isPublic(AddressPolicy.literal(address))).as(address).isFalse();
			assertThat(AddressPolicy.PUBLIC_ONLY.allows(AddressPolicy.literal(address))).as(address).isFalse();
			assertThat(AddressPolicy.ANY.allows(AddressPolicy.literal(address))).as(address).isTrue();
		}
	}

	@Test
	void publicAddressesArePublic() throws UnknownHostException {
		for (String address : List.of("93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
				"2a00:1450:4001::200e")) {
			assertThat(AddressPolicy.isPublic(AddressPolicy.literal(address))).as(address).isTrue();
		}
	}

	@Test
	void locationsAreShownWithoutTheirPassword() {
		assertThat(HttpExchange.redact("http://deploy:S3cretPassw0rd@host:8080/plugin.wasm?x=1"))
			.isEqualTo("http://deploy:****@host:8080/plugin.wasm?x=1");
		assertThat(HttpExchange.redact("https://ghp_token123@host/p.wasm")).isEqualTo("https://****@host/p.wasm");
		assertThat(HttpExchange.redact("https://host/a@b.wasm")).isEqualTo("https://host/a@b.wasm");
		assertThat(HttpExchange.redact("classpath:wasm/x.wasm")).isEqualTo("classpath:wasm/x.wasm");
		assertThat(HttpExchange.redact("file:/srv/plugins/p.wasm")).isEqualTo("file:/srv/plugins/p.wasm");
	}

}
