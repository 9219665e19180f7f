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
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.wasmspring.runtime.wasi.WasiConfig;
import dev.wasmspring.runtime.wasi.WasiConfig.Output;
import dev.wasmspring.runtime.wasi.WasmCommandResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Links a guest plants, with no race at all, that the kernel would follow out of the
 * sandbox: through a link to the sandbox itself ({@code self -> .} then
 * {@code self/../outside/...}), through a link the host planted, through the new link's
 * own name, and links moved to a shallower place. Each is refused with {@code EPERM}, and
 * a host process following any name in the sandbox never reads the file outside.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WasiLinkAttackTests {

	private static final String OUTSIDE_SECRET = "OUTSIDE-SECRET\n";

	@TempDir
	Path base;

	private Path sandbox;

	private final WasmRuntime runtime = WasmRuntime.builder().build();

	@BeforeEach
	void layOutDirectories() throws IOException {
		this.sandbox = Files.createDirectories(this.base.resolve("sb")).toRealPath();
		Path outside = Files.createDirectories(this.base.resolve("outside"));
		Files.writeString(outside.resolve("secret.txt"), OUTSIDE_SECRET);
		Files.writeString(this.sandbox.resolve("inside.txt"), "inside\n");
		// planted by the host: one leading out, one absolute naming a file inside
		Files.createSymbolicLink(this.sandbox.resolve("escape"), Path.of("../outside"));
		Files.createSymbolicLink(this.sandbox.resolve("absolute"), this.sandbox.resolve("inside.txt"));
		Files.createDirectories(this.sandbox.resolve("hostdir"));
		Files.createSymbolicLink(this.sandbox.resolve("hostdir/absolute"), this.sandbox.resolve("inside.txt"));
	}

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void linksThatTheKernelWouldFollowOutAreRefused() throws IOException {
		assertThat(run("plant")).isEqualTo("""
				self=0
				evil=EPERM
				evil2=EPERM
				sub/up=0
				evil3=EPERM
				evil4=EPERM
				evil5=EPERM
				fine=0
				sub/fine=0
				""");
		for (String name : List.of("evil", "evil2", "evil3", "evil4", "evil5")) {
			Path planted = this.sandbox.resolve(name);
			assertThat(Files.exists(planted, LinkOption.NOFOLLOW_LINKS)).as(name).isFalse();
			// what a backup, or the application reading the plugin's output, would do
			assertThatExceptionOfType(NoSuchFileException.class).as(name).isThrownBy(() -> Files.readAllBytes(planted));
		}
		assertThat(this.sandbox.resolve("fine")).hasContent("inside");
		assertThat(this.sandbox.resolve("sub/fine")).hasContent("inside");
		assertNoGuestLinkLeadsOut();
	}

	@Test
	void linksMovedToAShallowerPlaceAreRefusedWhereTheyWouldLeadOut() throws IOException {
		assertThat(run("rename")).isEqualTo("""
				deep/er/up=0
				up=EPERM
				er=EPERM
				deep/er2/more/er=0
				deep2/er2=0
				""");
		assertThat(Files.exists(this.sandbox.resolve("up"), LinkOption.NOFOLLOW_LINKS)).isFalse();
		assertThat(this.sandbox.resolve("er")).doesNotExist();
		Path moved = this.sandbox.resolve("deep2/er2/more/er/up");
		assertThat(Files.readSymbolicLink(moved)).isEqualTo(Path.of("../../outside/secret.txt"));
		assertThatExceptionOfType(NoSuchFileException.class).isThrownBy(() -> Files.readAllBytes(moved));
		assertNoGuestLinkLeadsOut();
	}

	@Test
	void readingALinkNeverShowsAHostPathNorTextThatLeadsOut() {
		String output = run("readlink", "absolute", "hostdir/absolute", "escape");
		assertThat(output).isEqualTo("""
				absolute=inside.txt
				hostdir/absolute=../inside.txt
				escape=EPERM
				""");
		assertThat(output).doesNotContain(this.base.toString());
	}

	@Test
	void theNextRequestWorksAfterARefusal() {
		assertThat(run("plant")).contains("evil=EPERM");
		assertThat(run("readlink", "self", "fine")).isEqualTo("self=.\nfine=self/sub/up/inside.txt\n");
	}

	// every link the guest made, followed by the host, ends inside the sandbox or nowhere
	private void assertNoGuestLinkLeadsOut() throws IOException {
		List<Path> links = new ArrayList<>();
		try (Stream<Path> entries = Files.walk(this.sandbox)) {
			entries.filter(Files::isSymbolicLink).forEach(links::add);
		}
		links.remove(this.sandbox.resolve("escape"));
		assertThat(links).isNotEmpty();
		for (Path link : links) {
			try {
				assertThat(link.toRealPath()).as(link.toString()).startsWith(this.sandbox);
			}
			catch (NoSuchFileException ex) {
				// dangling: nothing is read through it
			}
		}
	}

	private String run(String... args) {
		List<String> argv = new ArrayList<>(List.of("wasi-links"));
		argv.addAll(List.of(args));
		this.runtime.define(TestModules.definition("links", "wasi-links.wasm")
			.withWasi(WasiConfig.enabled()
				.withArguments(argv)
				.withStdout(Output.CAPTURE)
				.withStderr(Output.CAPTURE)
				.withDirectory("/sb", this.sandbox, false)));
		try (WasmInstance instance = this.runtime.newInstance("links")) {
			WasmCommandResult result = instance.runCommand();
			assertThat(result.exitCode()).as(result.stderr()).isZero();
			return result.stdout();
		}
	}

}
