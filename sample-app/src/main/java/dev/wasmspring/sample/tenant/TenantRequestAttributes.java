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

import dev.wasmspring.autoconfigure.WasmRequestAttributesCustomizer;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

/**
 * Hands the tenant named in the request's {@code X-Tenant} header to the plugin instances
 * created for that request, as the attribute {@value #TENANT}; host functions read it
 * from their call context. Stateless, so one bean serves every request.
 */
@Component
public class TenantRequestAttributes implements WasmRequestAttributesCustomizer {

	/** The call-context attribute that holds the tenant's name. */
	public static final String TENANT = "tenant";

	@Override
	public void customize(String moduleName, HttpServletRequest request, Map<String, Object> attributes) {
		String tenant = request.getHeader(Tenants.HEADER);
		if (tenant != null) {
			attributes.put(TENANT, tenant);
		}
	}

}
