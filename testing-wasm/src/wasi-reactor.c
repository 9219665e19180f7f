// wasi-reactor.wasm - WASI reactor (-mexec-model=reactor): exports
// _initialize plus functions that use WASI stdout from an export call.
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define EXPORT(name) __attribute__((export_name(name)))

EXPORT("alloc")
uint8_t *guest_alloc(int32_t size) {
    return (uint8_t *)malloc((size_t)size);
}

// Prints "shouting\n" to stdout, returns (ptr << 32) | len of a newly
// malloc'ed ASCII-uppercased copy of the input (caller owns it; never freed
// by the guest). Returns 0 if allocation fails.
EXPORT("shout")
int64_t shout(const uint8_t *ptr, int32_t len) {
    printf("shouting\n");
    fflush(stdout);
    uint8_t *out = malloc(len > 0 ? (size_t)len : 1);
    if (out == NULL) return 0;
    for (int32_t i = 0; i < len; i++) {
        out[i] = (uint8_t)toupper(ptr[i]);
    }
    return (int64_t)(((uint64_t)(uintptr_t)out << 32) | (uint32_t)len);
}

// Reads standard input to its end and returns how many bytes it held.
EXPORT("stdin_length")
int32_t stdin_length(void) {
    int32_t total = 0;
    int c;
    while ((c = getchar()) != EOF) {
        total++;
    }
    return total;
}
