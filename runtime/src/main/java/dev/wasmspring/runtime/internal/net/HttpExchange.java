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

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 exchange, with redirects, whose every step ends by a deadline on any JDK:
 * the name lookup is waited for at most until the deadline, the connection is opened to
 * the address that was checked (so a name cannot resolve to one address for the check and
 * another for the connection), and each read of the TLS handshake, headers and body waits
 * only for the time left (a socket read timeout set before every read). A socket still
 * open at the deadline (a peer that stops reading a request body) is closed. The response
 * body stops at a byte limit.
 * <p>
 * Immutable settings; {@link #send} may be called from any thread, and blocks the caller.
 */
public final class HttpExchange {

	/** Methods a request may use. */
	public static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

	/** Headers the exchange writes itself and a caller may not set. */
	private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "transfer-encoding",
			"expect", "upgrade", "te", "trailer", "keep-alive", "proxy-connection");

	private static final int MAX_LINE = 16 * 1024;

	private static final int MAX_HEADER_BYTES = 256 * 1024;

	private static final int MAX_HEADERS = 500;

	private static final ScheduledThreadPoolExecutor CLOSER = closer();

	private static final ThreadPoolExecutor RESOLVER = resolver();

	private final long deadline;

	private final long maxBodyBytes;

	private final int maxRedirects;

	private final Predicate<String> hosts;

	private final Predicate<InetAddress> addresses;

	private final Resolver resolver;

	/**
	 * Create the settings of an exchange.
	 * @param deadline when it must have ended, in {@link System#nanoTime()} terms
	 * @param maxBodyBytes the largest response body accepted
	 * @param maxRedirects how many redirects are followed
	 * @param hosts which hosts a redirect may lead to (the first request's host is
	 * checked by the caller)
	 * @param addresses which resolved addresses may be connected to
	 */
	public HttpExchange(long deadline, long maxBodyBytes, int maxRedirects, Predicate<String> hosts,
			AddressPolicy addresses) {
		this(deadline, maxBodyBytes, maxRedirects, hosts, addresses::allows, InetAddress::getAllByName);
	}

	HttpExchange(long deadline, long maxBodyBytes, int maxRedirects, Predicate<String> hosts,
			Predicate<InetAddress> addresses, Resolver resolver) {
		this.deadline = deadline;
		this.maxBodyBytes = maxBodyBytes;
		this.maxRedirects = maxRedirects;
		this.hosts = hosts;
		this.addresses = addresses;
		this.resolver = resolver;
	}

	/** Looks a host name up; each hop of an exchange looks its host up once. */
	@FunctionalInterface
	interface Resolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	/**
	 * Send a request and read its response, following redirects.
	 * @param method the method, one of {@link #METHODS}
	 * @param uri an {@code http} or {@code https} URI; user-info in it is sent as Basic
	 * authentication to its own host only
	 * @param headers headers to send
	 * @param body the body, or {@code null}
	 * @return the response of the last request
	 * @throws Refused if a host or address is not allowed, or a redirect goes where it
	 * may not
	 * @throws DeadlineExceeded if the deadline passed
	 * @throws BoundedRead.LimitExceeded if the response body is larger than the limit
	 * @throws IOException if the exchange fails otherwise
	 * @throws IllegalArgumentException if the method or a header cannot be sent
	 */
	public Response send(String method, URI uri, Map<String, String> headers, byte @Nullable [] body)
			throws IOException {
		if (!METHODS.contains(method)) {
			throw new IllegalArgumentException("the method '" + printable(method) + "' is not one of " + METHODS);
		}
		Map<String, String> sent = new LinkedHashMap<>();
		headers.forEach((name, value) -> {
			checkHeader(name, value);
			sent.put(name, value);
		});
		String userInfo = uri.getRawUserInfo();
		if (userInfo != null && sent.keySet().stream().noneMatch("authorization"::equalsIgnoreCase)) {
			String decoded = java.net.URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
			sent.put("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8)));
		}
		URI current = uri;
		String currentMethod = method;
		byte[] currentBody = body;
		for (int hop = 0;; hop++) {
			Response response = exchange(currentMethod, current, sent, currentBody);
			String location = response.firstHeader("Location");
			if (!isRedirect(response.status()) || location == null) {
				return response;
			}
			if (hop >= this.maxRedirects) {
				throw new IOException("more than " + this.maxRedirects + " redirects, the last from " + redact(current)
						+ " to " + printable(location));
			}
			URI next;
			try {
				next = current.resolve(location.trim());
			}
			catch (IllegalArgumentException ex) {
				throw new IOException(redact(current) + " redirected to a malformed location: " + printable(location));
			}
			String scheme = (next.getScheme() != null) ? next.getScheme().toLowerCase(Locale.ROOT) : "";
			if (next.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
				throw new Refused(redact(current) + " redirected to " + printable(location)
						+ ", which is not an http or https URL with a host");
			}
			if (!this.hosts.test(next.getHost())) {
				throw new Refused(redact(current) + " redirected to host '" + next.getHost()
						+ "', which is not among the allowed hosts");
			}
			if (!sameOrigin(current, next)) {
				sent.keySet()
					.removeIf((name) -> name.equalsIgnoreCase("authorization") || name.equalsIgnoreCase("cookie")
							|| name.equalsIgnoreCase("proxy-authorization"));
			}
			int status = response.status();
			if (status == 303 || ((status == 301 || status == 302) && currentMethod.equals("POST"))) {
				currentMethod = currentMethod.equals("HEAD") ? "HEAD" : "GET";
				currentBody = null;
			}
			current = next;
		}
	}

	private Response exchange(String method, URI uri, Map<String, String> headers, byte @Nullable [] body)
			throws IOException {
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		boolean tls = scheme.equals("https");
		String host = uri.getHost();
		if (host == null) {
			throw new IOException("the URL has no host");
		}
		String bareHost = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		int port = (uri.getPort() >= 0) ? uri.getPort() : (tls ? 443 : 80);
		InetAddress[] resolved = resolve(bareHost);
		List<InetAddress> allowed = new ArrayList<>();
		for (InetAddress address : resolved) {
			if (this.addresses.test(address)) {
				allowed.add(address);
			}
		}
		if (allowed.isEmpty()) {
			throw new Refused("host '" + bareHost + "' resolves only to addresses that are not public ("
					+ describe(resolved) + ")");
		}
		Socket socket = connect(allowed, port, bareHost);
		ScheduledFuture<?> closing = closeAtDeadline(socket);
		try {
			if (tls) {
				socket = handshake(socket, bareHost, port);
			}
			writeRequest(socket.getOutputStream(), method, uri, host, port, tls, headers, body);
			InputStream in = new java.io.BufferedInputStream(new DeadlineInput(socket, this), 8192);
			return readResponse(in, method, uri);
		}
		catch (SocketTimeoutException ex) {
			throw expired(uri);
		}
		catch (IOException ex) {
			if (remainingNanos() <= 0) {
				throw expired(uri);
			}
			throw ex;
		}
		finally {
			closing.cancel(false);
			closeQuietly(socket);
		}
	}

	private InetAddress[] resolve(String host) throws IOException {
		Future<InetAddress[]> lookup;
		try {
			lookup = RESOLVER.submit(() -> this.resolver.resolve(host));
		}
		catch (RejectedExecutionException ex) {
			throw new IOException("too many name lookups are waiting; '" + host + "' was not looked up");
		}
		try {
			return lookup.get(Math.max(1, remainingNanos()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			lookup.cancel(true);
			throw new DeadlineExceeded("the name lookup of '" + host + "' did not end before the deadline");
		}
		catch (InterruptedException ex) {
			lookup.cancel(true);
			Thread.currentThread().interrupt();
			throw new java.io.InterruptedIOException("interrupted while looking up '" + host + "'");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownHostException unknown) {
				throw new UnknownHostException("unknown host '" + host + "'");
			}
			throw new IOException("the name lookup of '" + host + "' failed: " + ex.getCause(), ex.getCause());
		}
	}

	private Socket connect(List<InetAddress> addresses, int port, String host) throws IOException {
		IOException last = null;
		for (InetAddress address : addresses) {
			Socket socket = new Socket();
			try {
				socket.setTcpNoDelay(true);
				socket.connect(new InetSocketAddress(address, port), remainingMillis(host));
				return socket;
			}
			catch (SocketTimeoutException ex) {
				closeQuietly(socket);
				throw new DeadlineExceeded("connecting to '" + host + "' (" + address.getHostAddress() + ":" + port
						+ ") did not succeed before the deadline");
			}
			catch (IOException ex) {
				closeQuietly(socket);
				last = new IOException("cannot connect to '" + host + "' (" + address.getHostAddress() + ":" + port
						+ "): " + ex.getMessage(), ex);
			}
		}
		throw (last != null) ? last : new IOException("no address to connect to for '" + host + "'");
	}

	private Socket handshake(Socket plain, String host, int port) throws IOException {
		SSLSocketFactory factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
		SSLSocket socket = (SSLSocket) factory.createSocket(plain, host, port, true);
		SSLParameters parameters = socket.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		if (!isLiteral(host)) {
			parameters.setServerNames(List.of(new SNIHostName(IDN.toASCII(host))));
		}
		socket.setSSLParameters(parameters);
		socket.setSoTimeout(remainingMillis(host));
		socket.startHandshake();
		return socket;
	}

	private static void writeRequest(OutputStream out, String method, URI uri, String host, int port, boolean tls,
			Map<String, String> headers, byte @Nullable [] body) throws IOException {
		StringBuilder head = new StringBuilder(256);
		String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath();
		head.append(method).append(' ').append(path);
		if (uri.getRawQuery() != null) {
			head.append('?').append(uri.getRawQuery());
		}
		head.append(" HTTP/1.1\r\nHost: ")
			.append((host.contains(":") && !host.startsWith("[")) ? "[" + host + "]" : host);
		if (uri.getPort() >= 0 && uri.getPort() != (tls ? 443 : 80)) {
			head.append(':').append(port);
		}
		head.append("\r\nConnection: close\r\n");
		boolean agent = false;
		boolean accept = false;
		for (Map.Entry<String, String> header : headers.entrySet()) {
			head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
			agent |= header.getKey().equalsIgnoreCase("user-agent");
			accept |= header.getKey().equalsIgnoreCase("accept-encoding");
		}
		if (!agent) {
			head.append("User-Agent: wasm-spring-boot\r\n");
		}
		if (!accept) {
			head.append("Accept-Encoding: identity\r\n");
		}
		if (body != null) {
			head.append("Content-Length: ").append(body.length).append("\r\n");
		}
		else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
			head.append("Content-Length: 0\r\n");
		}
		head.append("\r\n");
		out.write(head.toString().getBytes(StandardCharsets.UTF_8));
		if (body != null) {
			out.write(body);
		}
		out.flush();
	}

	private Response readResponse(InputStream in, String method, URI uri) throws IOException {
		int[] headerBytes = { 0 };
		String statusLine;
		int status;
		Map<String, List<String>> headers;
		do {
			statusLine = readLine(in, headerBytes);
			status = parseStatus(statusLine, uri);
			headers = readHeaders(in, headerBytes);
		}
		while (status >= 100 && status < 200 && status != 101);
		byte[] body;
		if (method.equals("HEAD") || status == 204 || status == 304 || status < 200) {
			body = new byte[0];
		}
		else if (headerContains(headers, "transfer-encoding", "chunked")) {
			body = BoundedRead.read(new ChunkedInput(in, headerBytes), this.maxBodyBytes);
		}
		else if (first(headers, "content-length") != null) {
			long length;
			try {
				length = Long.parseLong(first(headers, "content-length").trim());
			}
			catch (NumberFormatException ex) {
				throw new IOException(redact(uri) + " answered a malformed Content-Length");
			}
			if (length < 0) {
				throw new IOException(redact(uri) + " answered a negative Content-Length");
			}
			body = BoundedRead.readExactly(in, length, this.maxBodyBytes);
		}
		else {
			body = BoundedRead.read(in, this.maxBodyBytes);
		}
		return new Response(uri, status, headers, body);
	}

	private static int parseStatus(String line, URI uri) throws IOException {
		if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
			throw new IOException(redact(uri) + " did not answer HTTP/1.x: " + printable(abbreviate(line)));
		}
		try {
			return Integer.parseInt(line.substring(9, 12));
		}
		catch (NumberFormatException ex) {
			throw new IOException(redact(uri) + " answered a malformed status line: " + printable(abbreviate(line)));
		}
	}

	private static Map<String, List<String>> readHeaders(InputStream in, int[] headerBytes) throws IOException {
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		int count = 0;
		while (true) {
			String line = readLine(in, headerBytes);
			if (line.isEmpty()) {
				return headers;
			}
			if (++count > MAX_HEADERS) {
				throw new IOException("the response has more than " + MAX_HEADERS + " headers");
			}
			int colon = line.indexOf(':');
			if (colon <= 0) {
				continue;
			}
			headers.computeIfAbsent(line.substring(0, colon).trim(), (key) -> new ArrayList<>(1))
				.add(line.substring(colon + 1).trim());
		}
	}

	static String readLine(InputStream in, int[] headerBytes) throws IOException {
		StringBuilder line = new StringBuilder(64);
		while (true) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("the connection closed in the middle of the response head");
			}
			if (++headerBytes[0] > MAX_HEADER_BYTES) {
				throw new IOException("the response head is larger than " + MAX_HEADER_BYTES + " bytes");
			}
			if (b == '\n') {
				int end = line.length();
				return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
			}
			if (line.length() >= MAX_LINE) {
				throw new IOException("a line of the response head is longer than " + MAX_LINE + " bytes");
			}
			line.append((char) b);
		}
	}

	private static boolean isRedirect(int status) {
		return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
	}

	private static boolean sameOrigin(URI a, URI b) {
		return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
				&& a.getPort() == b.getPort();
	}

	private static boolean headerContains(Map<String, List<String>> headers, String name, String token) {
		List<String> values = headers.get(name);
		if (values == null) {
			return false;
		}
		for (String value : values) {
			if (value.toLowerCase(Locale.ROOT).contains(token)) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable String first(Map<String, List<String>> headers, String name) {
		List<String> values = headers.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	private static void checkHeader(String name, String value) {
		if (name.isEmpty()) {
			throw new IllegalArgumentException("a header has an empty name");
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
				throw new IllegalArgumentException("the header name '" + printable(name) + "' is not an HTTP token");
			}
		}
		if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
			throw new IllegalArgumentException("the header '" + name + "' is set by the host and cannot be given");
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\r' || c == '\n' || c == 0) {
				throw new IllegalArgumentException("the value of header '" + name + "' holds a line break or NUL");
			}
		}
	}

	long remainingNanos() {
		return this.deadline - System.nanoTime();
	}

	int remainingMillis(String host) throws DeadlineExceeded {
		long nanos = remainingNanos();
		if (nanos <= 0) {
			throw new DeadlineExceeded("the request to '" + host + "' did not end before the deadline");
		}
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos) + 1));
	}

	private DeadlineExceeded expired(URI uri) {
		return new DeadlineExceeded("the request to " + redact(uri) + " did not end before the deadline");
	}

	private ScheduledFuture<?> closeAtDeadline(Socket socket) {
		return CLOSER.schedule(() -> closeQuietly(socket), Math.max(0, remainingNanos()) + 50_000_000L,
				TimeUnit.NANOSECONDS);
	}

	private static boolean isLiteral(String host) {
		return host.indexOf(':') >= 0 || host.chars().allMatch((c) -> c == '.' || (c >= '0' && c <= '9'));
	}

	private static String describe(InetAddress[] addresses) {
		StringBuilder text = new StringBuilder();
		for (InetAddress address : addresses) {
			text.append((text.length() > 0) ? ", " : "").append(address.getHostAddress());
		}
		return text.toString();
	}

	/**
	 * Describe a URI with its user-info hidden: {@code http://deploy:****@host/path}.
	 * @param uri the URI
	 * @return the description
	 */
	public static String redact(URI uri) {
		return redact(uri.toString());
	}

	/**
	 * Describe a location with the password in its user-info hidden
	 * ({@code http://deploy:****@host/path}); any other text is returned as it is.
	 * @param location the location
	 * @return the description
	 */
	public static String redact(String location) {
		return Redaction.redact(location);
	}

	private static String abbreviate(String text) {
		return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
	}

	private static String printable(String text) {
		StringBuilder printable = new StringBuilder(Math.min(text.length(), 200));
		for (int i = 0; i < text.length() && i < 200; i++) {
			char c = text.charAt(i);
			if (c < ' ' || c == 127) {
				printable.append(String.format("\\x%02x", (int) c));
			}
			else {
				printable.append(c);
			}
		}
		return (text.length() > 200) ? printable + "..." : printable.toString();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing is best effort
		}
	}

	private static ScheduledThreadPoolExecutor closer() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, daemon("wasm-http-deadline"));
		executor.setRemoveOnCancelPolicy(true);
		return executor;
	}

	private static ThreadPoolExecutor resolver() {
		ThreadPoolExecutor executor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(1024), daemon("wasm-http-resolve"));
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	private static ThreadFactory daemon(String name) {
		return (task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * A response.
	 *
	 * @param uri the URI that answered it (the last of any redirects)
	 * @param status its status code
	 * @param headers its headers, names compared without case
	 * @param body its body
	 */
	public record Response(URI uri, int status, Map<String, List<String>> headers, byte[] body) {

		/**
		 * Return the first value of a header.
		 * @param name its name
		 * @return the value, or {@code null}
		 */
		public @Nullable String firstHeader(String name) {
			return first(this.headers, name);
		}

	}

	/**
	 * A host or address the exchange may not reach.
	 */
	public static final class Refused extends IOException {

		private static final long serialVersionUID = 1L;

		Refused(String message) {
			super(message);
		}

	}

	/**
	 * The deadline passed before the exchange ended.
	 */
	public static final class DeadlineExceeded extends IOException {

		private static final long serialVersionUID = 1L;

		DeadlineExceeded(String message) {
			super(message);
		}

	}

	/** Each read waits at most until the deadline. */
	private static final class DeadlineInput extends FilterInputStream {

		private final Socket socket;

		private final HttpExchange exchange;

		DeadlineInput(Socket socket, HttpExchange exchange) throws IOException {
			super(socket.getInputStream());
			this.socket = socket;
			this.exchange = exchange;
		}

		@Override
		public int read() throws IOException {
			this.socket.setSoTimeout(this.exchange.remainingMillis("the peer"));
			return super.read();
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			this.socket.setSoTimeout(this.exchange.remainingMillis("the peer"));
			return super.read(b, off, len);
		}

	}

	/** A chunked body, decoded. */
	private static final class ChunkedInput extends InputStream {

		private final InputStream in;

		private final int[] headerBytes;

		private long left;

		private boolean done;

		ChunkedInput(InputStream in, int[] headerBytes) {
			this.in = in;
			this.headerBytes = headerBytes;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int read = read(one, 0, 1);
			return (read < 0) ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (this.done) {
				return -1;
			}
			if (this.left == 0) {
				String line = readLine(this.in, new int[1]);
				int extension = line.indexOf(';');
				String size = ((extension >= 0) ? line.substring(0, extension) : line).trim();
				try {
					this.left = Long.parseLong(size, 16);
				}
				catch (NumberFormatException ex) {
					throw new IOException("the response has a malformed chunk size: " + printable(abbreviate(line)));
				}
				if (this.left < 0) {
					throw new IOException("the response has a negative chunk size");
				}
				if (this.left == 0) {
					while (!readLine(this.in, this.headerBytes).isEmpty()) {
						// trailers are not kept
					}
					this.done = true;
					return -1;
				}
			}
			int read = this.in.read(b, off, (int) Math.min(len, this.left));
			if (read < 0) {
				throw new IOException("the connection closed in the middle of a chunk");
			}
			this.left -= read;
			if (this.left == 0) {
				readLine(this.in, new int[1]);
			}
			return read;
		}

	}

}
