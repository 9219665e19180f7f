// wasi-files.wasm - WASI command for filesystem/preopen tests.
//   wasi-files read PATH        -> prints the file's contents to stdout
//   wasi-files write PATH TEXT  -> writes TEXT (create/truncate), no output
//   wasi-files list PATH        -> prints directory entries one per line,
//                                  sorted, without "." and ".."
// On an I/O failure: prints "error: <strerror(errno)>" to stderr, exits 2.
// On bad usage: prints a usage line to stderr, exits 1.
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(void) {
    fprintf(stderr, "error: %s\n", strerror(errno));
    return 2;
}

static int usage(void) {
    fprintf(stderr, "usage: wasi-files read PATH | write PATH TEXT | list PATH\n");
    return 1;
}

static int do_read(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return fail();
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        fwrite(buf, 1, n, stdout);
    }
    int err = ferror(f);
    fclose(f);
    if (err) return fail();
    fflush(stdout);
    return 0;
}

static int do_write(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    if (f == NULL) return fail();
    size_t len = strlen(text);
    if (fwrite(text, 1, len, f) != len) {
        int saved = errno;
        fclose(f);
        errno = saved;
        return fail();
    }
    if (fclose(f) != 0) return fail();
    return 0;
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int do_list(const char *path) {
    DIR *dir = opendir(path);
    if (dir == NULL) return fail();
    char **names = NULL;
    size_t count = 0, cap = 0;
    struct dirent *entry;
    errno = 0;
    while ((entry = readdir(dir)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
        if (count == cap) {
            cap = cap ? cap * 2 : 16;
            names = realloc(names, cap * sizeof *names);
            if (names == NULL) return fail();
        }
        names[count++] = strdup(entry->d_name);
        errno = 0;
    }
    if (errno != 0) return fail();
    closedir(dir);
    qsort(names, count, sizeof *names, cmp_names);
    for (size_t i = 0; i < count; i++) {
        printf("%s\n", names[i]);
        free(names[i]);
    }
    free(names);
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 3) return usage();
    const char *op = argv[1];
    if (strcmp(op, "read") == 0 && argc == 3) return do_read(argv[2]);
    if (strcmp(op, "write") == 0 && argc == 4) return do_write(argv[2], argv[3]);
    if (strcmp(op, "list") == 0 && argc == 3) return do_list(argv[2]);
    return usage();
}
