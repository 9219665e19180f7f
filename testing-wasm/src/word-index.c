// word-index.wasm - a reactor whose start-up is the expensive part, like a language runtime's: _initialize
// builds a 1 MiB mixing table and a word index over an embedded text, then every export only reads them.
// About 22 pages of memory. Used by the instantiation and snapshot benchmarks and the snapshot tests.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT(name) __attribute__((export_name(name)))

#define MIX_SIZE (1u << 18)   // 256 Ki words: 1 MiB
#define BUCKETS (1u << 14)

static const char corpus[] =
    "every request gets a fresh instance so instantiation is the per request tax and it grows with the "
    "module a language runtime starting up or a script being parsed is paid again on every request "
    "copy on write memory shares the pages of the module until an instance first writes them and a "
    "snapshot taken after initialisation removes the start up from the request path altogether the "
    "snapshot must not capture open files random seeds or clocks because every instance would share them";

static uint32_t mix[MIX_SIZE];
static uint32_t bucket_hash[BUCKETS];
static uint32_t bucket_count[BUCKETS];
static uint32_t words;
static uint32_t generation;
static char *scratch;

static uint32_t fnv(const uint8_t *p, int32_t n) {
    uint32_t h = 2166136261u;
    for (int32_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * 16777619u;
    }
    return h;
}

static void add_word(uint32_t h) {
    uint32_t b = h & (BUCKETS - 1);
    while (bucket_hash[b] != 0 && bucket_hash[b] != h) {
        b = (b + 1) & (BUCKETS - 1);
    }
    bucket_hash[b] = h;
    bucket_count[b]++;
    words++;
}

static uint32_t count_of(uint32_t h) {
    uint32_t b = h & (BUCKETS - 1);
    while (bucket_hash[b] != 0) {
        if (bucket_hash[b] == h) {
            return bucket_count[b];
        }
        b = (b + 1) & (BUCKETS - 1);
    }
    return 0;
}

__attribute__((constructor)) static void build(void) {
    uint32_t x = 2463534242u;
    for (int round = 0; round < 6; round++) {
        for (uint32_t i = 0; i < MIX_SIZE; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            mix[i] = (round == 0) ? x : (mix[i] ^ (x + mix[(i * 7919u) & (MIX_SIZE - 1)]));
        }
    }
    const uint8_t *p = (const uint8_t *)corpus;
    int32_t start = 0, n = (int32_t)sizeof(corpus) - 1;
    for (int32_t i = 0; i <= n; i++) {
        if (i == n || p[i] == ' ') {
            if (i > start) {
                add_word(fnv(p + start, i - start));
            }
            start = i + 1;
        }
    }
    // heap state made at start-up: a snapshot must keep malloc's bookkeeping consistent with it
    scratch = malloc(4096);
    memcpy(scratch, corpus, 64);
    generation = 1;
}

EXPORT("ok")
int32_t ok(void) {
    return 1;
}

EXPORT("alloc")
uint8_t *guest_alloc(int32_t size) {
    return (uint8_t *)malloc((size_t)size);
}

// A cheap read of the state _initialize built.
EXPORT("lookup")
uint32_t lookup(uint32_t key) {
    return mix[key & (MIX_SIZE - 1)] ^ (words << 16) ^ (uint32_t)scratch[key & 63];
}

// How many words of the text at ptr the index knows, weighted by their counts; also bumps per-instance
// state, so a second call on the same instance answers differently.
EXPORT("score")
uint32_t score(const uint8_t *ptr, int32_t len) {
    uint32_t total = 0;
    int32_t start = 0;
    for (int32_t i = 0; i <= len; i++) {
        if (i == len || ptr[i] == ' ') {
            if (i > start) {
                total += count_of(fnv(ptr + start, i - start));
            }
            start = i + 1;
        }
    }
    char *copy = malloc((size_t)len + 1);
    memcpy(copy, ptr, (size_t)len);
    free(copy);
    return total * 1000u + generation++;
}

// Everything _initialize built, folded into one number.
EXPORT("state_checksum")
uint64_t state_checksum(void) {
    uint64_t sum = words;
    for (uint32_t i = 0; i < MIX_SIZE; i++) {
        sum = sum * 31u + mix[i];
    }
    for (uint32_t i = 0; i < BUCKETS; i++) {
        sum = sum * 31u + bucket_hash[i] + bucket_count[i];
    }
    return sum ^ fnv((const uint8_t *)scratch, 64) ^ ((uint64_t)generation << 40);
}
