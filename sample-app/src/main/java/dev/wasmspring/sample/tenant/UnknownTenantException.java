package dev.wasmspring.sample.tenant;

/**
 * Thrown when a request names a tenant the service does not know.
 */
public class UnknownTenantException extends RuntimeException {

	private final String tenant;

	public UnknownTenantException(String tenant) {
		super("Unknown tenant '" + tenant + "'. Create it with PUT /tenants/" + tenant + ".");
		this.tenant = tenant;
	}

	public String getTenant() {
		return this.tenant;
	}

}
