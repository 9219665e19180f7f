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

package dev.wasmspring.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw HTTP server on 127.0.0.1 for tests, which answers every request the same way: a
 * fixed answer, a body trickled at 5 bytes a second, or an endless body. Records the
 * request heads it received.
 */
final class LocalHttpServer implements AutoCloseable {

	/** How a connection is answered. */
	interface Answer {

		void write(OutputStream out) throws IOException, InterruptedException;

	}

	private final ServerSocket socket;

	private final ExecutorService threads = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "local-http-server");
		thread.setDaemon(true);
		return thread;
	});

	final List<String> heads = new CopyOnWriteArrayList<>();

	final AtomicInteger connections = new AtomicInteger();

	LocalHttpServer(Answer answer) throws IOException {
		this.socket = new ServerSocket();
		this.socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		this.threads.execute(() -> {
			while (!this.socket.isClosed()) {
				try {
					Socket connection = this.socket.accept();
					this.connections.incrementAndGet();
					this.threads.execute(() -> serve(connection, answer));
				}
				catch (IOException ex) {
					return;
				}
			}
		});
	}

	private void serve(Socket connection, Answer answer) {
		try (connection) {
			this.heads.add(readHead(connection.getInputStream()));
			OutputStream out = connection.getOutputStream();
			answer.write(out);
			out.flush();
		}
		catch (IOException | InterruptedException ex) {
			// the client went away
		}
	}

	private static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				break;
			}
			head.append((char) b);
		}
		return head.toString();
	}

	int port() {
		return this.socket.getLocalPort();
	}

	String url(String path) {
		return "http://127.0.0.1:" + port() + path;
	}

	static Answer fixed(int status, String extraHeaders, String body) {
		return (out) -> {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: " + bytes.length + "\r\n" + extraHeaders
					+ "Connection: close\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			out.write(bytes);
		};
	}

	/** A body announced as a megabyte and sent at 5 bytes a second. */
	static Answer trickle() {
		return (out) -> {
			out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			for (int i = 0; i < 1_000_000; i++) {
				out.write('x');
				out.flush();
				Thread.sleep(200);
			}
		};
	}

	/** A body without end, sent as fast as the client reads. */
	static Answer endless() {
		return (out) -> {
			out.write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			byte[] chunk = new byte[64 * 1024];
			while (true) {
				out.write(chunk);
			}
		};
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
		this.threads.shutdownNow();
	}

}
