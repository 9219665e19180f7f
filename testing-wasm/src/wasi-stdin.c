// A WASI command driven by its standard input and arguments, as commands such as javy's are.
//   wasi-stdin cat      copies standard input to standard output, byte for byte
//   wasi-stdin tty      prints whether each standard stream is a terminal
//   wasi-stdin order    writes to stdout and stderr in turns, unbuffered
//   wasi-stdin scratch  writes standard input to /scratch/data, reads it back and prints it
//   wasi-stdin env      prints argv and the variable GREETING
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int copy(int in, int out) {
    char buffer[4096];
    ssize_t n;
    while ((n = read(in, buffer, sizeof buffer)) > 0) {
        if (write(out, buffer, (size_t) n) != n) {
            return 1;
        }
    }
    return n < 0 ? 2 : 0;
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "cat";
    if (strcmp(mode, "cat") == 0) {
        return copy(0, 1);
    }
    if (strcmp(mode, "tty") == 0) {
        printf("stdin=%d stdout=%d stderr=%d\n", isatty(0), isatty(1), isatty(2));
        return 0;
    }
    if (strcmp(mode, "order") == 0) {
        write(1, "out1\n", 5);
        write(2, "err1\n", 5);
        write(1, "out2\n", 5);
        write(2, "err2\n", 5);
        return 0;
    }
    if (strcmp(mode, "scratch") == 0) {
        FILE *file = fopen("/scratch/data", "w");
        if (file == NULL) {
            perror("open /scratch/data for writing");
            return 3;
        }
        char buffer[4096];
        size_t n;
        while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0) {
            fwrite(buffer, 1, n, file);
        }
        fclose(file);
        file = fopen("/scratch/data", "r");
        if (file == NULL) {
            perror("open /scratch/data for reading");
            return 4;
        }
        while ((n = fread(buffer, 1, sizeof buffer, file)) > 0) {
            fwrite(buffer, 1, n, stdout);
        }
        fclose(file);
        return 0;
    }
    if (strcmp(mode, "env") == 0) {
        for (int i = 0; i < argc; i++) {
            printf("argv[%d]=%s\n", i, argv[i]);
        }
        const char *greeting = getenv("GREETING");
        printf("GREETING=%s\n", greeting ? greeting : "(unset)");
        return 0;
    }
    fprintf(stderr, "unknown mode %s\n", mode);
    return 64;
}
