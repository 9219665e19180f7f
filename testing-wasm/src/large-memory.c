// large-memory.wasm - 256 initial pages (16 MiB), most of them never touched by a request, like the heap a
// garbage-collected language reserves up front. Used by the instantiation and store-loop benchmarks.
#include <stdint.h>

#define EXPORT(name) __attribute__((export_name(name)))

#define BUFFER_WORDS (1u << 18)   // 1 MiB of the 16

static const char banner[] = "large-memory: 256 pages, a 1 MiB working buffer, the rest reserved";

static uint32_t buffer[BUFFER_WORDS];

EXPORT("ok")
int32_t ok(void) {
    return banner[0] == 'l';
}

// n 32-bit stores spread over the 1 MiB buffer, then a checksum of what was stored: a store-heavy loop.
EXPORT("store_loop")
uint32_t store_loop(int32_t n) {
    uint32_t x = 0x9e3779b9u;
    for (int32_t i = 0; i < n; i++) {
        buffer[((uint32_t)i * 4099u) & (BUFFER_WORDS - 1)] = x;
        x = x * 1664525u + 1013904223u;
    }
    uint32_t sum = 0;
    for (int32_t i = 0; i < n; i += 64) {
        sum += buffer[((uint32_t)i * 4099u) & (BUFFER_WORDS - 1)];
    }
    return sum;
}
