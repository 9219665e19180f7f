// counter.wasm - a small C reactor (wasm32-wasi, -mexec-model=reactor).
// Exercises guest allocation, passing byte buffers in, per-instance state and
// 64-bit results. Uses wasi-libc's malloc/free only (no WASI imports expected).
#include <stdint.h>
#include <stdlib.h>

#define EXPORT(name) __attribute__((export_name(name)))

static int counter = 0;

EXPORT("alloc")
uint8_t *guest_alloc(int32_t size) {
    return (uint8_t *)malloc((size_t)size);
}

EXPORT("dealloc")
void guest_dealloc(uint8_t *ptr, int32_t size) {
    (void)size;
    free(ptr);
}

// FNV-1a 32-bit over len bytes at ptr (offset basis 2166136261, prime 16777619).
EXPORT("checksum")
uint32_t checksum(const uint8_t *ptr, int32_t len) {
    uint32_t hash = 2166136261u;
    for (int32_t i = 0; i < len; i++) {
        hash ^= ptr[i];
        hash *= 16777619u;
    }
    return hash;
}

// A fresh instance returns 1 on the first call, 2 on the second, ...
EXPORT("increment")
int32_t increment(void) {
    return ++counter;
}

// Iterative Fibonacci: fib(0)=0, fib(1)=1, fib(90)=2880067194370816120.
// Wraps silently (unsigned arithmetic) beyond fib(93).
EXPORT("fib")
int64_t fib(int32_t n) {
    uint64_t a = 0, b = 1;
    for (int32_t i = 0; i < n; i++) {
        uint64_t t = a + b;
        a = b;
        b = t;
    }
    return (int64_t)a;
}
