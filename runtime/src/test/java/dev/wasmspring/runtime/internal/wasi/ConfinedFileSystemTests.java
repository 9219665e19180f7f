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

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.wasmspring.runtime.internal.wasi.ConfinedFileSystem.Refusal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every file-system operation the WASI implementation can reach stays inside its
 * directory and leaves a read-only directory unchanged, including those the test guest
 * has no command for.
 */
class ConfinedFileSystemTests {

	@TempDir
	Path base;

	private Path root;

	private Path outside;

	private final List<Refusal> refusals = new ArrayList<>();

	private ConfinedFileSystem writable;

	private ConfinedFileSystem readOnly;

	@BeforeEach
	void createDirectories() throws IOException {
		this.root = Files.createDirectories(this.base.resolve("root")).toRealPath();
		this.outside = Files.createDirectories(this.base.resolve("outside")).toRealPath();
		Files.writeString(this.root.resolve("file.txt"), "content");
		Files.createDirectories(this.root.resolve("dir"));
		Files.writeString(this.outside.resolve("secret.txt"), "secret");
		Files.createSymbolicLink(this.root.resolve("out"), this.outside);
		Files.createSymbolicLink(this.root.resolve("loop-a"), Path.of("loop-b"));
		Files.createSymbolicLink(this.root.resolve("loop-b"), Path.of("loop-a"));
		this.writable = new ConfinedFileSystem("/w", this.root, false,
				(refusal, fs, path) -> this.refusals.add(refusal));
		this.readOnly = new ConfinedFileSystem("/r", this.root, true,
				(refusal, fs, path) -> this.refusals.add(refusal));
	}

	@Test
	void pathsResolveInsideTheDirectory() throws IOException {
		Path file = this.writable.rootPath().resolve("file.txt");
		assertThat(Files.readString(file)).isEqualTo("content");
		assertThat(Files.isDirectory(this.writable.rootPath().resolve("dir"))).isTrue();
		assertThat(file.toRealPath().toString()).isEqualTo(this.root.resolve("file.txt").toString());
		assertThat(this.writable.getPath("file.txt").toAbsolutePath().toString())
			.isEqualTo(this.root.resolve("file.txt").toString());
		try (Stream<Path> entries = Files.list(this.writable.rootPath())) {
			assertThat(entries.map((entry) -> entry.getFileName().toString()).sorted()).containsExactly("dir",
					"file.txt", "loop-a", "loop-b", "out");
		}
		assertThat(this.refusals).isEmpty();
	}

	@Test
	void everyOperationThroughALinkLeadingOutIsRefusedAsAnEscape() throws IOException {
		Path viaLink = this.writable.rootPath().resolve("out/secret.txt");
		assertEscape(() -> Files.readString(viaLink));
		assertEscape(() -> Files.writeString(this.writable.rootPath().resolve("out/planted.txt"), "x"));
		assertEscape(() -> Files.createDirectory(this.writable.rootPath().resolve("out/made")));
		assertEscape(() -> Files.delete(viaLink));
		assertEscape(() -> Files.move(viaLink, this.writable.rootPath().resolve("moved.txt")));
		assertEscape(() -> Files.copy(viaLink, this.writable.rootPath().resolve("copied.txt")));
		assertEscape(() -> Files.createLink(this.writable.rootPath().resolve("hard"), viaLink));
		assertEscape(() -> Files.setLastModifiedTime(viaLink, FileTime.fromMillis(0)));
		assertEscape(() -> Files.readAttributes(viaLink, "unix:*"));
		assertEscape(() -> Files.list(this.writable.rootPath().resolve("out")).close());
		assertEscape(() -> viaLink.toRealPath());
		assertThat(this.outside.resolve("secret.txt")).hasContent("secret");
		try (Stream<Path> entries = Files.list(this.outside)) {
			assertThat(entries).hasSize(1);
		}
		assertThat(this.root.resolve("moved.txt")).doesNotExist();
		assertThat(this.root.resolve("copied.txt")).doesNotExist();
	}

	@Test
	void theLinkItselfCanBeInspectedAndRemovedWithoutFollowingItButItsTextIsNotShown() throws IOException {
		Path link = this.writable.rootPath().resolve("out");
		assertThat(Files.isSymbolicLink(link)).isTrue();
		Files.delete(link);
		assertThat(this.root.resolve("out")).doesNotExist();
		assertThat(this.outside.resolve("secret.txt")).exists();
		assertThat(this.refusals).isEmpty();
	}

	@Test
	void theTextOfALinkLeadingOutIsNotShown() {
		// an absolute host path, and one outside
		assertEscape(() -> Files.readSymbolicLink(this.writable.rootPath().resolve("out")));
	}

	@Test
	void dotDotAboveTheDirectoryAndAbsolutePathsOutsideAreRefused() {
		assertEscape(() -> Files.readString(this.writable.rootPath().resolve("../outside/secret.txt")));
		assertEscape(() -> Files.readString(this.writable.getPath(this.outside.resolve("secret.txt").toString())));
		assertEscape(() -> Files.readAttributes(this.writable.rootPath().resolve(".."), "unix:*"));
	}

	@Test
	void loopOfLinksFailsWithoutHanging() {
		assertThatExceptionOfType(FileSystemException.class)
			.isThrownBy(() -> Files.readString(this.writable.rootPath().resolve("loop-a")))
			.withMessageContaining("Too many levels of symbolic links");
	}

	@Test
	void readOnlyDirectoryRefusesEveryChange() throws IOException {
		Path file = this.readOnly.rootPath().resolve("file.txt");
		Path dir = this.readOnly.rootPath().resolve("dir");
		assertThat(Files.readString(file)).isEqualTo("content");
		assertReadOnly(() -> Files.writeString(file, "changed"));
		assertReadOnly(() -> Files.writeString(dir.resolve("new.txt"), "new"));
		assertReadOnly(() -> Files.newOutputStream(file).close());
		assertReadOnly(() -> Files.createDirectory(dir.resolve("sub")));
		assertReadOnly(() -> Files.delete(file));
		assertReadOnly(() -> Files.move(file, dir.resolve("moved.txt")));
		assertReadOnly(() -> Files.copy(file, dir.resolve("copied.txt")));
		assertReadOnly(() -> Files.createSymbolicLink(dir.resolve("link"), file));
		assertReadOnly(() -> Files.createLink(dir.resolve("hard"), file));
		assertReadOnly(() -> Files.setLastModifiedTime(file, FileTime.fromMillis(0)));
		assertReadOnly(() -> Files.setAttribute(file, "basic:lastAccessTime", FileTime.fromMillis(0)));
		assertThat(Files.isWritable(file)).isFalse();
		assertThat(this.root.resolve("file.txt")).hasContent("content");
		try (Stream<Path> entries = Files.list(this.root.resolve("dir"))) {
			assertThat(entries).isEmpty();
		}
	}

	@Test
	void hardLinkFromAWritableDirectoryToAReadOnlyFileIsRefused() {
		// the read-only file would become writable under its second name
		assertReadOnly(() -> Files.createLink(this.writable.rootPath().resolve("dir/alias"),
				this.readOnly.rootPath().resolve("file.txt")));
		assertThat(this.root.resolve("dir/alias")).doesNotExist();
	}

	@Test
	void writableDirectoryAllowsChangesInside() throws IOException {
		Path dir = this.writable.rootPath().resolve("dir");
		Files.writeString(dir.resolve("new.txt"), "new");
		Files.move(dir.resolve("new.txt"), dir.resolve("renamed.txt"));
		Files.createSymbolicLink(dir.resolve("link"), dir.resolve("renamed.txt"));
		assertThat(Files.readString(dir.resolve("link"))).isEqualTo("new");
		Files.delete(dir.resolve("link"));
		Files.createDirectory(dir.resolve("sub"));
		Files.setLastModifiedTime(dir.resolve("renamed.txt"), FileTime.fromMillis(1000));
		assertThat(Files.getLastModifiedTime(this.root.resolve("dir/renamed.txt"), LinkOption.NOFOLLOW_LINKS))
			.isEqualTo(FileTime.fromMillis(1000));
		assertThat(this.refusals).isEmpty();
	}

	@Test
	void channelsOpenedRelativeToADirectoryAreFileChannels() throws IOException {
		ConfinedFileSystem fileSystem = new ConfinedFileSystem("/w", this.root, false, (refusal, fs, path) -> {
		});
		try (var channel = Files.newByteChannel(fileSystem.rootPath().resolve("file.txt"))) {
			// the WASI implementation keeps an open file as a FileChannel
			assertThat(channel).isInstanceOf(java.nio.channels.FileChannel.class);
		}
		finally {
			fileSystem.close();
		}
	}

	private void assertEscape(IoAction action) {
		this.refusals.clear();
		assertThatExceptionOfType(NoSuchFileException.class).isThrownBy(action::run)
			.withMessageContaining("leads outside WASI directory /w");
		assertThat(this.refusals).containsExactly(Refusal.ESCAPE);
	}

	private void assertReadOnly(IoAction action) {
		this.refusals.clear();
		assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(action::run)
			.withMessageContaining("WASI directory /r is read-only");
		assertThat(this.refusals).containsExactly(Refusal.READ_ONLY);
	}

	@FunctionalInterface
	private interface IoAction {

		void run() throws IOException;

	}

}
