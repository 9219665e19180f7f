package dev.wasmspring.runtime.internal.extism;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.wasmspring.runtime.WasmCallException;

/**
 * Extism's {@code http_request}: sends the request a plugin describes in JSON
 * ({@code {"url", "method", "headers"}}), only to hosts its module allows, and keeps the status and headers of
 * the last response for {@code http_status_code} and {@code http_headers}. The request runs on the calling
 * thread, so the call's timeout interrupts it.
 */
final class ExtismHttp {

	private static final Set<String> WITHOUT_BODY = Set.of("GET", "HEAD");

	private static volatile @Nullable HttpClient client;

	private int statusCode;

	private @Nullable String headers;

	long request(ExtismKernel kernel, long requestHandle, long bodyHandle) {
		this.statusCode = 0;
		this.headers = null;
		String description = new String(kernel.block(requestHandle, 0), StandardCharsets.UTF_8);
		Map<String, Object> request;
		try {
			request = ExtismJson.parseObject(description);
		}
		catch (IllegalArgumentException ex) {
			throw callFailure(kernel, "its HTTP request is not the JSON object Extism describes ({\"url\", \"method\", "
					+ "\"headers\"}): " + ex.getMessage());
		}
		Object url = request.get("url");
		if (!(url instanceof String text)) {
			throw callFailure(kernel, "its HTTP request names no \"url\"");
		}
		URI uri;
		try {
			uri = URI.create(text);
		}
		catch (IllegalArgumentException ex) {
			throw callFailure(kernel, "its HTTP request's url '" + text + "' is malformed");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
			throw callFailure(kernel, "its HTTP request's url '" + text + "' is not an http or https URL with a host");
		}
		if (!kernel.settings().allowsHost(uri.getHost())) {
			throw callFailure(kernel, "it sent an HTTP request to '" + uri.getHost() + "', which is not among the hosts "
					+ "it may reach " + kernel.settings().allowedHosts() + ". Allow the host in the module's Extism "
					+ "allowed-hosts if it should (none are allowed by default)");
		}
		String method = (request.get("method") instanceof String m) ? m.toUpperCase(Locale.ROOT) : "GET";
		HttpRequest.BodyPublisher body = (bodyHandle == 0 || WITHOUT_BODY.contains(method))
				? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofByteArray(kernel.block(bodyHandle, 0).clone());
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri).method(method, body);
		Object headers = request.get("headers");
		if (headers instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> header : map.entrySet()) {
				try {
					builder.header(String.valueOf(header.getKey()), String.valueOf(header.getValue()));
				}
				catch (IllegalArgumentException ex) {
					throw callFailure(kernel, "its HTTP request has a header the JDK refuses to send: "
							+ header.getKey() + " (" + ex.getMessage() + ")");
				}
			}
		}
		HttpResponse<InputStream> response;
		byte[] responseBody;
		try {
			response = client().send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
			try (InputStream in = response.body()) {
				long max = kernel.settings().maxHttpResponseBytes();
				responseBody = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
				if (responseBody.length > max) {
					throw callFailure(kernel, "the HTTP response from '" + uri.getHost() + "' exceeded " + max
							+ " bytes");
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw WasmCallException.interrupted(kernel.moduleName(), kernel.exportName());
		}
		catch (IOException ex) {
			kernel.logger().warn("HTTP request of Extism plugin '{}' to {} failed: {}", kernel.moduleName(), uri, ex.toString());
			return 0;
		}
		this.statusCode = response.statusCode();
		Map<String, String> received = new TreeMap<>();
		response.headers().map().forEach((name, values) -> received.put(name, String.join(", ", values)));
		this.headers = ExtismJson.writeObject(received);
		return kernel.store(responseBody);
	}

	int statusCode() {
		return this.statusCode;
	}

	long headers(ExtismKernel kernel) {
		String headers = this.headers;
		return (headers != null) ? kernel.store(headers.getBytes(StandardCharsets.UTF_8)) : 0;
	}

	private static WasmCallException callFailure(ExtismKernel kernel, String detail) {
		return new WasmCallException(kernel.moduleName(), kernel.exportName(), "Extism plugin '" + kernel.moduleName()
				+ "' failed in '" + kernel.exportName() + "' because " + detail + ".", null);
	}

	private static HttpClient client() {
		HttpClient shared = client;
		if (shared == null) {
			synchronized (ExtismHttp.class) {
				shared = client;
				if (shared == null) {
					shared = HttpClient.newBuilder()
						.connectTimeout(Duration.ofSeconds(10))
						.followRedirects(HttpClient.Redirect.NEVER)
						.build();
					client = shared;
				}
			}
		}
		return shared;
	}

}
