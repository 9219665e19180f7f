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

/**
 * Hides the password in a location's user-info, for messages and logs. A class of its
 * own, apart from {@link HttpExchange}: every module source describes its location
 * through it, and most are never downloaded, so describing one must not load the HTTP
 * client and start its executors.
 */
public final class Redaction {

	private Redaction() {
	}

	/**
	 * Describe a location with the password in its user-info hidden
	 * ({@code http://deploy:****@host/path}); any other text is returned as it is.
	 * @param location the location
	 * @return the description
	 */
	public static String redact(String location) {
		int scheme = location.indexOf("://");
		if (scheme < 0) {
			return location;
		}
		int start = scheme + 3;
		int end = start;
		while (end < location.length() && "/?#".indexOf(location.charAt(end)) < 0) {
			end++;
		}
		int at = location.lastIndexOf('@', end - 1);
		if (at < start) {
			return location;
		}
		String userInfo = location.substring(start, at);
		int colon = userInfo.indexOf(':');
		// a user-info without a colon is often a token: hide all of it
		String shown = (colon >= 0) ? userInfo.substring(0, colon) + ":****" : "****";
		return location.substring(0, start) + shown + location.substring(at);
	}

}
