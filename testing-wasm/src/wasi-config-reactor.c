// wasi-config-reactor.wasm - WASI reactor that reads its environment and arguments once, while it initialises
// (as a plugin reading its configuration at start does), and answers what it read and what it sees now.
//   alloc(size)         -> memory for the host's input
//   environment(p, l)   -> the environment read at initialisation, "NAME=value;" each, sorted as given
//   arguments(p, l)     -> the arguments read at initialisation, "arg;" each
//   stdin_at_start(p,l) -> the standard input read at initialisation
// Results are packed (ptr << 32) | len.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

#define EXPORT(name) __attribute__((export_name(name)))

extern char **environ;

static char environment_text[1024];
static char arguments_text[1024];
static char stdin_text[256];

static void append(char *out, size_t size, const char *text) {
    size_t used = strlen(out);
    if (used + strlen(text) + 2 < size) {
        strcat(out, text);
        strcat(out, ";");
    }
}

__attribute__((constructor)) static void read_configuration(void) {
    for (char **entry = environ; entry != NULL && *entry != NULL; entry++) {
        append(environment_text, sizeof environment_text, *entry);
    }
    __wasi_size_t count = 0, size = 0;
    if (__wasi_args_sizes_get(&count, &size) == 0 && count > 0) {
        char **argv = malloc(count * sizeof *argv);
        char *buffer = malloc(size);
        if (argv != NULL && buffer != NULL && __wasi_args_get((uint8_t **)argv, (uint8_t *)buffer) == 0) {
            for (__wasi_size_t i = 0; i < count; i++) append(arguments_text, sizeof arguments_text, argv[i]);
        }
        free(argv);
        free(buffer);
    }
    ssize_t n = read(0, stdin_text, sizeof stdin_text - 1);
    stdin_text[n > 0 ? n : 0] = 0;
}

static int64_t text(const char *value) {
    return (int64_t)(((uint64_t)(uintptr_t)value << 32) | (uint32_t)strlen(value));
}

EXPORT("alloc")
uint8_t *guest_alloc(int32_t size) {
    return (uint8_t *)malloc((size_t)(size > 0 ? size : 1));
}

EXPORT("environment")
int64_t environment(const uint8_t *ptr, int32_t len) {
    (void)ptr;
    (void)len;
    return text(environment_text);
}

EXPORT("arguments")
int64_t arguments(const uint8_t *ptr, int32_t len) {
    (void)ptr;
    (void)len;
    return text(arguments_text);
}

EXPORT("stdin_at_start")
int64_t stdin_at_start(const uint8_t *ptr, int32_t len) {
    (void)ptr;
    (void)len;
    return text(stdin_text);
}
