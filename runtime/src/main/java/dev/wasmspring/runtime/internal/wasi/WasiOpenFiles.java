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

package dev.wasmspring.runtime.internal.wasi;

import java.io.FileInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The files the WASI guests of one runtime hold open together, against one limit: each
 * instance's own limit bounds one guest, this one bounds them all, so that many guests
 * cannot use up the process's descriptors and make the application's own file opens fail.
 * An open beyond it answers the guest {@code ENFILE}.
 * <p>
 * Thread-safe; one per runtime, shared by its instances' WASI sessions.
 */
public final class WasiOpenFiles {

	/** What a runtime allows when nothing is set and the process's limit is unknown. */
	public static final int FALLBACK_LIMIT = 1024;

	private final int limit;

	private final String settingName;

	private final AtomicInteger open = new AtomicInteger();

	/**
	 * Create the count of a runtime's open WASI descriptors.
	 * @param limit the most files all guests may hold open at once
	 * @param settingName how messages name the setting that changes the limit
	 */
	public WasiOpenFiles(int limit, String settingName) {
		if (limit < 1) {
			throw new IllegalArgumentException("A limit of open WASI files must be at least 1: " + limit);
		}
		this.limit = limit;
		this.settingName = settingName;
	}

	/**
	 * Create the count of a runtime's open WASI descriptors against the
	 * {@link #defaultLimit() default limit}, which is worked out when first needed, when
	 * a guest first opens a file.
	 * @param settingName how messages name the setting that changes the limit
	 * @return the count
	 */
	public static WasiOpenFiles withDefaultLimit(String settingName) {
		return new WasiOpenFiles(settingName);
	}

	private WasiOpenFiles(String settingName) {
		this.limit = 0;
		this.settingName = settingName;
	}

	/** The default limit, read once, when first needed. */
	private static final class DefaultLimit {

		static final int VALUE = defaultLimit();

	}

	/**
	 * Return the default limit: half of the process's open-file limit
	 * ({@code ulimit -n}), so the other half stays the application's, or
	 * {@value #FALLBACK_LIMIT} where the JVM does not report that limit.
	 * @return the default limit
	 */
	public static int defaultLimit() {
		long max = processLimit();
		if (max < 0) {
			max = managementLimit();
		}
		return (max > 1) ? (int) Math.min(Integer.MAX_VALUE, max / 2) : FALLBACK_LIMIT;
	}

	/**
	 * The process's open-file limit as Linux reports it in {@value #LIMITS} (the limit in
	 * force, which the JVM raised to the hard limit when it started), read without the
	 * JVM's management interface: loading that interface and the JVM's cgroup readers
	 * costs a fresh JVM's first file open about a hundred classes.
	 * @return the limit, {@link Long#MAX_VALUE} if unlimited, or -1 if not known here
	 */
	static long processLimit() {
		byte[] limits;
		try (FileInputStream in = new FileInputStream(LIMITS)) {
			limits = in.readAllBytes();
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
		for (String line : new String(limits, StandardCharsets.US_ASCII).split("\n")) {
			if (line.startsWith("Max open files")) {
				// the soft limit is the first field after the name
				String rest = line.substring("Max open files".length()).trim();
				int end = 0;
				while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) {
					end++;
				}
				String soft = rest.substring(0, end);
				if (soft.equals("unlimited")) {
					return Long.MAX_VALUE;
				}
				try {
					return Long.parseLong(soft);
				}
				catch (NumberFormatException ex) {
					return -1;
				}
			}
		}
		return -1;
	}

	private static final String LIMITS = "/proc/self/limits";

	/** The process's open-file limit as the JVM's management interface reports it. */
	private static long managementLimit() {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
			return unix.getMaxFileDescriptorCount();
		}
		return -1;
	}

	/** Reserve one file, or answer false if all guests together hold the limit. */
	boolean tryOpen() {
		while (true) {
			int current = this.open.get();
			if (current >= limit()) {
				return false;
			}
			if (this.open.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	/** Give back files that were reserved. */
	void closed(int count) {
		if (count > 0) {
			this.open.addAndGet(-count);
		}
	}

	/**
	 * Return how many files the guests hold open now.
	 * @return the count
	 */
	public int open() {
		return this.open.get();
	}

	/**
	 * Return the limit.
	 * @return the most files all guests may hold open at once
	 */
	public int limit() {
		return (this.limit > 0) ? this.limit : DefaultLimit.VALUE;
	}

	String settingName() {
		return this.settingName;
	}

}
