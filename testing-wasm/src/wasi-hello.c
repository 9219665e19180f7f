// wasi-hello.wasm - WASI command: stdout, stderr, argv and environment.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    printf("hello from wasi\n");
    fflush(stdout);
    fprintf(stderr, "warn from wasi\n");
    for (int i = 0; i < argc; i++) {
        printf("arg[%d]=%s\n", i, argv[i]);
    }
    const char *greeting = getenv("GREETING");
    if (greeting != NULL) {
        printf("GREETING=%s\n", greeting);
    } else {
        printf("GREETING unset\n");
    }
    return 0;
}
