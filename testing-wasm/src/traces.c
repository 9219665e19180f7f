// traces.wasm - a C reactor (wasm32-wasi) built with -g, whose traps happen at known
// source lines: GuestStackTraceTests assert the lines marked "line N" below, so keep
// every marked line where it is (add new code at the end of the file).
// traces-stripped.wasm is the same source linked with --strip-all: no names, no DWARF.
#include <stdint.h>
#include <stdlib.h>

#define EXPORT(name) __attribute__((export_name(name)))
#define IMPORT(name) __attribute__((import_module("env"), import_name(name)))
#define NOINLINE __attribute__((noinline))

IMPORT("fetch") int32_t fetch(int32_t size);
IMPORT("notify") void notify(int32_t code);

static int32_t table[4] = { 1, 2, 3, 4 };
static volatile int32_t calls;

NOINLINE static int32_t divide(int32_t total, int32_t parts) {
    return total / parts;                       // line 19: division by zero
}

NOINLINE static int32_t share(int32_t total, int32_t parts) {
    return divide(total, parts) + 1;            // line 23
}

EXPORT("split")
int32_t split(int32_t total, int32_t parts) {
    return share(total, parts) * 2;             // line 28
}

NOINLINE static int32_t read_at(const int32_t *base, int32_t index) {
    return base[index];                         // line 32: out of bounds
}

EXPORT("peek")
int32_t peek(int32_t index) {
    return read_at(table, index) + 1;           // line 37
}

NOINLINE static void check_price(int32_t cents) {
    if (cents < 0) {
        abort();                                // line 42: unreachable
    }
}

EXPORT("price")
int32_t price(int32_t cents) {
    check_price(cents);                         // line 48
    return cents;
}

NOINLINE static int32_t descend(int32_t n) {
    if (n == 0) {
        return 0;
    }
    int32_t depth = descend(n - 1) + 1;         // line 56: recursion
    calls = depth;
    return depth;
}

EXPORT("recurse")
int32_t recurse(int32_t n) {
    return descend(n);                          // line 63
}

EXPORT("alloc")
void *guest_alloc(int32_t size) {
    if (size > (1 << 20)) {
        abort();                                // line 69: under the host function
    }
    return malloc((size_t)size);
}

EXPORT("load")
int32_t load(int32_t size) {
    return fetch(size) + 1;                     // line 76: calls the host
}

EXPORT("report")
int32_t report(int32_t code) {
    notify(code);                               // line 81: the host throws
    return code;
}

static volatile int32_t spins;

NOINLINE static void spin_forever(void) {
    for (;;) {
        spins = spins + 1;                      // line 89: stopped by the timeout (or line 88)
    }
}

EXPORT("spin")
void spin(void) {
    spin_forever();                             // line 95
}
