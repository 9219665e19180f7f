// wasi-posix.wasm - WASI command: file-system behaviour that programs built on wasi-libc rely on.
//   wasi-posix CASE DIR   -> runs one case in the (empty, writable) directory DIR
// Prints "ok CASE" and exits 0 when the case behaves as POSIX says; otherwise prints
// "FAIL CASE: what (errno text)" to stdout and exits 1. Unknown case: exits 2.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

static const char *current;

#define CHECK(cond, what)                                                              \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            printf("FAIL %s: %s (line %d, errno %d %s)\n", current, what, __LINE__,    \
                   errno, strerror(errno));                                            \
            exit(1);                                                                   \
        }                                                                              \
    } while (0)

static void put(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0, "create a file");
    CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text), "write a file");
    CHECK(close(fd) == 0, "close a file");
}

static void expect_content(const char *path, const char *expected) {
    char buf[256] = {0};
    int fd = open(path, O_RDONLY);
    CHECK(fd >= 0, "open for reading");
    ssize_t n = read(fd, buf, sizeof buf - 1);
    CHECK(n >= 0, "read");
    close(fd);
    if (strcmp(buf, expected) != 0) {
        printf("FAIL %s: %s holds '%s', expected '%s'\n", current, path, buf, expected);
        exit(1);
    }
}

// O_APPEND together with O_TRUNC: the file is emptied, then every write goes to its end
static void append_truncate(void) {
    put("log", "old contents");
    int fd = open("log", O_WRONLY | O_APPEND | O_TRUNC);
    CHECK(fd >= 0, "open with O_APPEND|O_TRUNC");
    CHECK(write(fd, "ab", 2) == 2, "first write");
    CHECK(lseek(fd, 0, SEEK_SET) == 0, "seek to the start");
    CHECK(write(fd, "cd", 2) == 2, "second write");
    CHECK(lseek(fd, 0, SEEK_CUR) == 4, "position after an appending write is the end");
    close(fd);
    expect_content("log", "abcd");
}

// O_APPEND together with reading: reads follow the position, writes go to the end
static void append_read(void) {
    put("log", "hello");
    int fd = open("log", O_RDWR | O_APPEND);
    CHECK(fd >= 0, "open with O_RDWR|O_APPEND");
    CHECK((fcntl(fd, F_GETFL) & O_APPEND) != 0, "F_GETFL shows O_APPEND");
    char buf[8] = {0};
    CHECK(read(fd, buf, 5) == 5 && memcmp(buf, "hello", 5) == 0, "read what is there");
    CHECK(lseek(fd, 0, SEEK_SET) == 0, "seek to the start");
    CHECK(write(fd, " world", 6) == 6, "append");
    CHECK(lseek(fd, 0, SEEK_SET) == 0, "seek to the start again");
    char all[16] = {0};
    CHECK(read(fd, all, 11) == 11, "read all of it");
    CHECK(strcmp(all, "hello world") == 0, "the write went to the end");
    close(fd);
}

// fcntl(F_SETFL) turns O_APPEND off and on again
static void append_toggle(void) {
    put("log", "aaaa");
    int fd = open("log", O_RDWR | O_APPEND);
    CHECK(fd >= 0, "open with O_APPEND");
    CHECK(fcntl(fd, F_SETFL, 0) == 0, "turn O_APPEND off");
    CHECK((fcntl(fd, F_GETFL) & O_APPEND) == 0, "F_GETFL no longer shows O_APPEND");
    CHECK(lseek(fd, 0, SEEK_SET) == 0, "seek to the start");
    CHECK(write(fd, "b", 1) == 1, "overwrite the first byte");
    CHECK(fcntl(fd, F_SETFL, O_APPEND) == 0, "turn O_APPEND on");
    CHECK(lseek(fd, 0, SEEK_SET) == 0, "seek to the start");
    CHECK(write(fd, "c", 1) == 1, "append");
    close(fd);
    expect_content("log", "baaac");
}

// pwrite on an appending descriptor writes and leaves the position alone
static void pwrite_append(void) {
    int fd = open("log", O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
    CHECK(fd >= 0, "open with O_CREAT|O_TRUNC|O_APPEND");
    CHECK(write(fd, "abcd", 4) == 4, "write");
    CHECK(pwrite(fd, "XY", 2, 0) == 2, "pwrite at 0");
    CHECK(lseek(fd, 0, SEEK_CUR) == 4, "pwrite leaves the position");
    off_t end = lseek(fd, 0, SEEK_END);
    CHECK(end == 4 || end == 6, "pwrite wrote at its offset or at the end");
    close(fd);
}

// link() onto a name held by a dangling symbolic link: EEXIST
static void link_onto_dangling(void) {
    put("file", "x");
    CHECK(symlink("missing", "dangling") == 0, "make a dangling link");
    CHECK(link("file", "dangling") == -1 && errno == EEXIST, "link onto it fails with EEXIST");
    CHECK(link("file", "second") == 0, "link onto a free name works");
    expect_content("second", "x");
}

// symlink() to a new name with a trailing slash: ENOENT; to an existing one: EEXIST
static void symlink_trailing_slash(void) {
    CHECK(symlink("target", "new/") == -1 && errno == ENOENT, "new name with a trailing slash: ENOENT");
    CHECK(mkdir("dir", 0755) == 0, "make a directory");
    CHECK(symlink("target", "dir/") == -1 && errno == EEXIST, "existing name with a trailing slash: EEXIST");
    CHECK(symlink("target", "new") == 0, "without the slash it works");
}

// times set on a link without following it change the link, not its target
static void times_nofollow(void) {
    put("file", "x");
    struct timespec file_times[2] = {{1000000000, 0}, {1000000000, 0}};
    CHECK(utimensat(AT_FDCWD, "file", file_times, 0) == 0, "set the file's times");
    CHECK(symlink("file", "link") == 0, "make a link");
    struct timespec link_times[2] = {{1500000000, 0}, {1500000000, 0}};
    CHECK(utimensat(AT_FDCWD, "link", link_times, AT_SYMLINK_NOFOLLOW) == 0, "set the link's own times");
    struct stat st;
    CHECK(stat("file", &st) == 0 && st.st_mtim.tv_sec == 1000000000, "the file's time is unchanged");
    CHECK(lstat("link", &st) == 0 && st.st_mtim.tv_sec == 1500000000, "the link has its own time");
    CHECK(utimensat(AT_FDCWD, "link", link_times, 0) == 0, "set times through the link");
    CHECK(stat("file", &st) == 0 && st.st_mtim.tv_sec == 1500000000, "following the link sets the file's");
}

// times keep their nanoseconds, through a path and through a descriptor
static void times_nanoseconds(void) {
    put("file", "x");
    struct timespec times[2] = {{1700000000, 0}, {1700000000, 123456789}};
    CHECK(utimensat(AT_FDCWD, "file", times, 0) == 0, "set times by path");
    struct stat st;
    CHECK(stat("file", &st) == 0 && st.st_mtim.tv_nsec == 123456789, "nanoseconds kept (path)");
    int fd = open("file", O_RDWR);
    CHECK(fd >= 0, "open");
    times[1].tv_nsec = 987654321;
    CHECK(futimens(fd, times) == 0, "set times by descriptor");
    CHECK(fstat(fd, &st) == 0 && st.st_mtim.tv_nsec == 987654321, "nanoseconds kept (descriptor)");
    close(fd);
}

// rename(): a file over a file works; a directory over a non-empty one fails with ENOTEMPTY
static void rename_cases(void) {
    put("a", "first");
    put("b", "second");
    CHECK(rename("a", "b") == 0, "rename a file over another");
    expect_content("b", "first");
    CHECK(access("a", F_OK) == -1 && errno == ENOENT, "the old name is gone");
    CHECK(mkdir("src", 0755) == 0 && mkdir("dst", 0755) == 0, "make directories");
    put("dst/inside", "x");
    CHECK(rename("src", "dst") == -1 && errno == ENOTEMPTY, "over a non-empty directory: ENOTEMPTY");
    CHECK(rmdir("dst/../dst/inside") == -1, "a file is not removed by rmdir");
    CHECK(unlink("dst/inside") == 0, "empty it");
    CHECK(rename("src", "dst") == 0, "over an empty directory works");
}

// rights dropped with fd_fdstat_set_rights show in fd_fdstat_get, are enforced, and are not regained
static void rights(void) {
    put("file", "contents");
    int dir = open(".", O_RDONLY | O_DIRECTORY);
    CHECK(dir >= 0, "open the directory");
    __wasi_fdstat_t stat;
    CHECK(__wasi_fd_fdstat_get(dir, &stat) == 0, "fd_fdstat_get");
    __wasi_rights_t base = stat.fs_rights_base & ~__WASI_RIGHTS_PATH_FILESTAT_SET_SIZE;
    __wasi_rights_t inheriting = stat.fs_rights_inheriting & ~__WASI_RIGHTS_FD_WRITE;
    CHECK(__wasi_fd_fdstat_set_rights(dir, base, inheriting) == 0, "drop rights");
    CHECK(__wasi_fd_fdstat_get(dir, &stat) == 0, "fd_fdstat_get again");
    CHECK((stat.fs_rights_base & __WASI_RIGHTS_PATH_FILESTAT_SET_SIZE) == 0, "dropped base right shows");
    CHECK((stat.fs_rights_inheriting & __WASI_RIGHTS_FD_WRITE) == 0, "dropped inheriting right shows");
    __wasi_fd_t fd;
    CHECK(__wasi_path_open(dir, 0, "file", __WASI_OFLAGS_TRUNC, 0, 0, 0, &fd) == __WASI_ERRNO_NOTCAPABLE,
          "truncating without path_filestat_set_size: NOTCAPABLE");
    CHECK(__wasi_fd_fdstat_set_rights(dir, stat.fs_rights_base | __WASI_RIGHTS_PATH_FILESTAT_SET_SIZE,
                                      inheriting) == __WASI_ERRNO_NOTCAPABLE,
          "a dropped right cannot be regained");
    CHECK(__wasi_path_open(dir, 0, "file", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0, 0, &fd) == 0,
          "open a file from the directory");
    CHECK(__wasi_fd_fdstat_get(fd, &stat) == 0 && (stat.fs_rights_base & __WASI_RIGHTS_FD_WRITE) == 0,
          "the file inherits no write right");
    char buf[8];
    CHECK(read(fd, buf, 8) == 8, "reading is still allowed");
    CHECK(__wasi_fd_fdstat_set_rights(fd, __WASI_RIGHTS_FD_WRITE, 0) == __WASI_ERRNO_NOTCAPABLE,
          "a file cannot gain a right its directory withheld");
    CHECK(__wasi_fd_fdstat_set_rights(fd, 0, 0) == 0, "drop every right of the file");
    // wasi-libc's read() reports NOTCAPABLE as EBADF; the WASI call itself says NOTCAPABLE
    CHECK(read(fd, buf, 8) == -1 && errno == EBADF, "reading now fails");
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
    __wasi_size_t got;
    CHECK(__wasi_fd_read(fd, &iov, 1, &got) == __WASI_ERRNO_NOTCAPABLE, "fd_read: NOTCAPABLE");
    CHECK(__wasi_fd_fdstat_set_rights(999, 0, 0) == __WASI_ERRNO_BADF, "an unknown descriptor: BADF");
    close(fd);
    close(dir);
}

// symlink() stores its text as given, relative to the link's own directory; readlink() returns all of it
static void symlink_text(void) {
    CHECK(mkdir("sub", 0755) == 0 && mkdir("sub/deeper", 0755) == 0, "make directories");
    put("target", "outer");
    put("sub/target", "inner");
    put("sub/deeper/file", "deep");
    CHECK(symlink("target", "sub/link") == 0, "make a link in a subdirectory");
    expect_content("sub/link", "inner");
    CHECK(symlink("deeper/file", "sub/long") == 0, "make a link with a longer text");
    expect_content("sub/long", "deep");
    char text[64] = {0};
    ssize_t n = readlink("sub/long", text, sizeof text - 1);
    CHECK(n == 11 && strcmp(text, "deeper/file") == 0, "readlink returns the whole text");
    memset(text, 0, sizeof text);
    CHECK(readlink("sub/link", text, sizeof text - 1) == 6 && strcmp(text, "target") == 0,
          "readlink returns the text as given");
    memset(text, 0, sizeof text);
    CHECK(readlink("sub/long", text, 4) == 4 && memcmp(text, "deep", 4) == 0, "a short buffer gets the start");
    CHECK(symlink("../target", "sub/up") == 0, "a text that climbs, but stays inside");
    expect_content("sub/up", "outer");
    CHECK(symlink("../../outside", "sub/escape") == -1 && errno == EPERM, "a text leading out: EPERM");
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: wasi-posix CASE DIR\n");
        return 2;
    }
    current = argv[1];
    CHECK(chdir(argv[2]) == 0, "enter the directory");
    static const struct {
        const char *name;
        void (*run)(void);
    } cases[] = {
        {"append-truncate", append_truncate},
        {"append-read", append_read},
        {"append-toggle", append_toggle},
        {"pwrite-append", pwrite_append},
        {"link-onto-dangling", link_onto_dangling},
        {"symlink-trailing-slash", symlink_trailing_slash},
        {"times-nofollow", times_nofollow},
        {"times-nanoseconds", times_nanoseconds},
        {"rename", rename_cases},
        {"rights", rights},
        {"symlink-text", symlink_text},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (strcmp(cases[i].name, argv[1]) == 0) {
            cases[i].run();
            printf("ok %s\n", argv[1]);
            return 0;
        }
    }
    fprintf(stderr, "unknown case %s\n", argv[1]);
    return 2;
}
