package dev.wasmspring.sample.coupons;

import java.util.Locale;

import org.springframework.stereotype.Component;

import dev.wasmspring.host.WasmImport;

/**
 * The host function the {@code coupons} Extism plugin imports from {@code extism:host/user}: its text argument
 * and answer travel as Extism memory handles. Stateless; one bean serves every instance on every thread.
 */
@Component
public class CouponHostFunctions {

	/**
	 * Name the campaign a coupon code belongs to.
	 * @param code the coupon code, upper case
	 * @return the campaign's name
	 */
	@WasmImport(module = "extism:host/user", name = "campaign")
	public String campaign(String code) {
		String prefix = code.replaceAll("[0-9-]+$", "");
		return prefix.isEmpty() ? "general" : prefix.toLowerCase(Locale.ROOT) + " campaign";
	}

}
