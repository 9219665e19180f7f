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

package dev.wasmspring.sample.tenant;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.wasmspring.sample.web.InvalidRequestException;

import org.springframework.stereotype.Component;

/**
 * The tenants and their rules, in memory: seeded from {@code pricing.tenants}, changed
 * through {@code PUT /tenants/{tenant}}, and joined by every tenant with a plugin of its
 * own in {@code pricing.tenant-plugins} (see {@link TenantPlugins}), whose rules name
 * that plugin and give no discount until replaced. Thread-safe: every request reads it,
 * and rules are replaced whole.
 */
@Component
public class Tenants {

	/** The request header that names the tenant. */
	public static final String HEADER = "X-Tenant";

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	private final Map<String, TenantRules> rules = new ConcurrentHashMap<>();

	private final TenantPlugins plugins;

	public Tenants(TenantProperties properties, TenantPlugins plugins) {
		this.plugins = plugins;
		properties.getTenants()
			.forEach((tenant, seed) -> save(tenant,
					new TenantRules(seed.getPlugin(), seed.getDefaultDiscountPercent(), seed.getDiscountPercents())));
	}

	/**
	 * Return a tenant's rules.
	 * @param tenant the tenant's name
	 * @return the rules
	 * @throws UnknownTenantException if there is no such tenant
	 */
	public TenantRules rules(String tenant) {
		return find(tenant).orElseThrow(() -> new UnknownTenantException(tenant));
	}

	/**
	 * Return a tenant's rules, if the tenant exists.
	 * @param tenant the tenant's name
	 * @return the rules
	 */
	public Optional<TenantRules> find(String tenant) {
		TenantRules found = this.rules.get(tenant);
		if (found == null) {
			String plugin = this.plugins.moduleOf(tenant);
			if (plugin != null) {
				// kept once seen, so later requests of the tenant find it in the map
				found = this.rules.computeIfAbsent(tenant, (name) -> new TenantRules(plugin, 0, null));
			}
		}
		return Optional.ofNullable(found);
	}

	/**
	 * Create a tenant or replace its rules.
	 * @param tenant the tenant's name
	 * @param rules the rules
	 * @return whether the tenant is new
	 */
	public boolean save(String tenant, TenantRules rules) {
		checkName(tenant);
		return this.rules.put(tenant, rules) == null;
	}

	/**
	 * Check that a tenant name is well formed.
	 * @param tenant the name
	 * @return the name
	 * @throws InvalidRequestException if it is not
	 */
	public static String checkName(String tenant) {
		if (!isWellFormed(tenant)) {
			throw new InvalidRequestException("Tenant name '" + tenant + "' is not valid: use 1 to 63 lowercase "
					+ "letters, digits and '-', starting with a letter or digit");
		}
		return tenant;
	}

	/**
	 * Return whether a tenant name is well formed.
	 * @param tenant the name
	 * @return whether it is
	 */
	public static boolean isWellFormed(String tenant) {
		return NAME.matcher(tenant).matches();
	}

}
