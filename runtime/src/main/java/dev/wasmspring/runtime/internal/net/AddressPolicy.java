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

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which resolved addresses a request may connect to: public addresses only, or any
 * address. Non-public are the unspecified, loopback, link-local (cloud metadata services
 * such as {@code 169.254.169.254} included), private (RFC 1918, the shared address space
 * of RFC 6598, IPv6 unique-local, which holds {@code fd00:ec2::254}), multicast,
 * broadcast and reserved addresses, and IPv6 addresses that embed one of those IPv4
 * addresses (mapped, compatible, NAT64, 6to4).
 */
public enum AddressPolicy {

	/** Only public addresses. */
	PUBLIC_ONLY,

	/** Any address (the operator allowed private addresses). */
	ANY;

	/**
	 * Whether a request may connect to an address.
	 * @param address the resolved address
	 * @return whether it may
	 */
	public boolean allows(InetAddress address) {
		return this == ANY || isPublic(address);
	}

	/**
	 * Whether an address is public: reachable on the internet, and none of the kinds
	 * listed on this type.
	 * @param address the address
	 * @return whether it is public
	 */
	public static boolean isPublic(InetAddress address) {
		if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return false;
		}
		byte[] bytes = address.getAddress();
		if (address instanceof Inet4Address) {
			return isPublicIpv4(bytes);
		}
		if (address instanceof Inet6Address) {
			return isPublicIpv6(bytes);
		}
		return false;
	}

	private static boolean isPublicIpv4(byte[] b) {
		int first = b[0] & 0xff;
		int second = b[1] & 0xff;
		if (first == 0 || first == 10 || first == 127 || first >= 224) {
			return false; // this network, private, loopback, multicast, reserved and
							// broadcast
		}
		if (first == 100 && (second & 0xc0) == 64) {
			return false; // shared address space (carrier-grade NAT)
		}
		if (first == 169 && second == 254) {
			return false; // link-local, cloud metadata
		}
		if (first == 172 && (second & 0xf0) == 16) {
			return false;
		}
		if (first == 192 && second == 168) {
			return false;
		}
		if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
			return false; // IETF protocol assignments
		}
		return !(first == 198 && (second & 0xfe) == 18); // benchmarking
	}

	private static boolean isPublicIpv6(byte[] b) {
		if ((b[0] & 0xfe) == 0xfc) {
			return false; // unique-local fc00::/7
		}
		if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
			return false; // link-local fe80::/10
		}
		if ((b[0] & 0xff) == 0xff) {
			return false; // multicast
		}
		boolean zeroPrefix = true;
		for (int i = 0; i < 10; i++) {
			zeroPrefix &= b[i] == 0;
		}
		if (zeroPrefix && ((b[10] == 0 && b[11] == 0) || ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff))) {
			return isPublicIpv4(new byte[] { b[12], b[13], b[14], b[15] }); // compatible
																			// or mapped
		}
		if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
			return isPublicIpv4(new byte[] { b[12], b[13], b[14], b[15] }); // NAT64
																			// 64:ff9b::/96
		}
		if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
			return isPublicIpv4(new byte[] { b[2], b[3], b[4], b[5] }); // 6to4 2002::/16
		}
		if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
			return false; // documentation 2001:db8::/32
		}
		return true;
	}

	/**
	 * Parse a literal address (for tests and messages); never looks a name up.
	 * @param literal the address as text
	 * @return the address
	 * @throws UnknownHostException if the text is no address
	 */
	static InetAddress literal(String literal) throws UnknownHostException {
		return InetAddress.getByName(literal);
	}

}
