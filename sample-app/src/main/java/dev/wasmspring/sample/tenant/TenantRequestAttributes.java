package dev.wasmspring.sample.tenant;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

import dev.wasmspring.autoconfigure.WasmRequestAttributesCustomizer;

/**
 * Hands the tenant named in the request's {@code X-Tenant} header to the plugin instances created for that
 * request, as the attribute {@value #TENANT}; host functions read it from their call context. Stateless, so
 * one bean serves every request.
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
