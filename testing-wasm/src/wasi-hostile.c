// wasi-hostile.wasm - a WASI command that attacks its sandbox, for tests of the sandbox's guarantees.
// Paths are relative to the preopened directory /sb.
//   swap NAME LINK N  -> N times: swap NAME (a directory) with LINK (a link leading out) by four renames
//   probe N NAME...   -> N rounds of read, write, stat, mkdir+rmdir, symlink+unlink through NAME/ for each
//                        NAME; prints "ops=<operations tried> escapes=<reads or stats that saw the outside>
//                        failed=<reads refused or failed>"
//   forge             -> given an innocent link sub/parent -> .., asks for a link forged -> outside/secret.txt
//                        through a descriptor of sub/parent, then for sub/parent/direct -> ../outside/secret.txt;
//                        prints "symlink=<errno name>", the link text and "direct=<errno name>"
//   readonly PATH     -> opens PATH for reading, then tries fd_allocate, fd_filestat_set_size and fd_write
//                        on it; prints "allocate=<errno> truncate=<errno> write=<errno>"
//   openmany PATH N   -> opens PATH N times without closing; prints "opened=<count> errno=<errno name>"
//   print N           -> writes N lines of 100 characters to stdout
//   openfile PATH...  -> opens each PATH for reading and closes it; prints "PATH=<errno name>" for each
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUTSIDE_SECRET "OUTSIDE-SECRET\n"

static const char *errname(int e) {
    switch (e) {
        case 0: return "0";
        case EPERM: return "EPERM";
        case EACCES: return "EACCES";
        case EBADF: return "EBADF";
        case EROFS: return "EROFS";
        case EMFILE: return "EMFILE";
        case ENFILE: return "ENFILE";
        case ENOENT: return "ENOENT";
        case EEXIST: return "EEXIST";
        case EIO: return "EIO";
        case EINVAL: return "EINVAL";
        case ENOTSUP: return "ENOTSUP";
        default: return "other";
    }
}

static void path2(char *out, size_t size, const char *dir, const char *name) {
    snprintf(out, size, "/sb/%s/%s", dir, name);
}

static int do_swap(const char *name, const char *link, long n) {
    char a[256], b[256], hold[256];
    snprintf(a, sizeof a, "/sb/%s", name);
    snprintf(b, sizeof b, "/sb/%s", link);
    snprintf(hold, sizeof hold, "/sb/%s-hold", name);
    for (long i = 0; i < n; i++) {
        rename(a, hold);
        rename(b, a);
        rename(a, b);
        rename(hold, a);
    }
    return 0;
}

static int do_probe(long rounds, int count, char **names) {
    long ops = 0, escapes = 0, failed = 0;
    char path[256], made[256], link[256];
    char buf[64];
    for (long r = 0; r < rounds; r++) {
        for (int k = 0; k < count; k++) {
            const char *dir = names[k];
            path2(path, sizeof path, dir, "secret.txt");
            int fd = open(path, O_RDONLY);
            ops++;
            if (fd >= 0) {
                ssize_t got = read(fd, buf, sizeof buf);
                if (got > 0 && buf[0] == 'O') escapes++;
                close(fd);
            } else {
                failed++;
            }
            path2(path, sizeof path, dir, "victim.txt");
            fd = open(path, O_WRONLY | O_TRUNC);
            ops++;
            if (fd >= 0) {
                write(fd, "pwned", 5);
                close(fd);
            }
            struct stat st;
            path2(path, sizeof path, dir, "secret.txt");
            ops++;
            if (stat(path, &st) == 0 && st.st_size == (off_t) strlen(OUTSIDE_SECRET)) escapes++;
            if (r % 4 == 0) {
                path2(made, sizeof made, dir, "made");
                ops += 2;
                if (mkdir(made, 0755) == 0) rmdir(made);
                path2(link, sizeof link, dir, "planted");
                ops += 2;
                if (symlink("secret.txt", link) == 0) unlink(link);
            }
        }
    }
    printf("ops=%ld escapes=%ld failed=%ld\n", ops, escapes, failed);
    return 0;
}

static int do_forge(void) {
    int dir = open("/sb/sub/parent", O_RDONLY | O_DIRECTORY);
    if (dir < 0) {
        printf("open=%s\n", errname(errno));
        return 0;
    }
    int result = symlinkat("outside/secret.txt", dir, "forged");
    printf("symlink=%s\n", errname(result == 0 ? 0 : errno));
    char text[256];
    ssize_t n = readlink("/sb/forged", text, sizeof text - 1);
    if (n >= 0) {
        text[n] = 0;
        printf("text=%s\n", text);
    }
    // through the same link, text that stays inside from where the link is named (sub/parent/../outside is
    // sub/outside) climbs out from where it lands (sub/parent is the sandbox itself)
    result = symlink("../outside/secret.txt", "/sb/sub/parent/direct");
    printf("direct=%s\n", errname(result == 0 ? 0 : errno));
    return 0;
}

static int do_readonly(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("open=%s\n", errname(errno));
        return 0;
    }
    int allocate = posix_fallocate(fd, 0, 4096);
    int truncate = ftruncate(fd, 1) == 0 ? 0 : errno;
    int wrote = write(fd, "x", 1) == 1 ? 0 : errno;
    printf("allocate=%s truncate=%s write=%s\n", errname(allocate), errname(truncate), errname(wrote));
    return 0;
}

static int do_openmany(const char *path, long n) {
    long opened = 0;
    int error = 0;
    for (long i = 0; i < n; i++) {
        if (open(path, O_RDONLY) < 0) {
            error = errno;
            break;
        }
        opened++;
    }
    printf("opened=%ld errno=%s\n", opened, errname(error));
    return 0;
}

static int do_print(long n) {
    char line[101];
    memset(line, 'x', 99);
    line[99] = '\n';
    line[100] = 0;
    for (long i = 0; i < n; i++) fputs(line, stdout);
    return 0;
}

static int do_openfile(int count, char **paths) {
    for (int i = 0; i < count; i++) {
        int fd = open(paths[i], O_RDONLY);
        printf("%s=%s\n", paths[i], errname(fd >= 0 ? 0 : errno));
        if (fd >= 0) close(fd);
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 5 && strcmp(argv[1], "swap") == 0) return do_swap(argv[2], argv[3], atol(argv[4]));
    if (argc >= 4 && strcmp(argv[1], "probe") == 0) return do_probe(atol(argv[2]), argc - 3, argv + 3);
    if (argc >= 2 && strcmp(argv[1], "forge") == 0) return do_forge();
    if (argc >= 3 && strcmp(argv[1], "readonly") == 0) return do_readonly(argv[2]);
    if (argc >= 4 && strcmp(argv[1], "openmany") == 0) return do_openmany(argv[2], atol(argv[3]));
    if (argc >= 3 && strcmp(argv[1], "print") == 0) return do_print(atol(argv[2]));
    if (argc >= 3 && strcmp(argv[1], "openfile") == 0) return do_openfile(argc - 2, argv + 2);
    fprintf(stderr, "usage: wasi-hostile swap|probe|forge|readonly|openmany|print|openfile ...\n");
    return 1;
}
