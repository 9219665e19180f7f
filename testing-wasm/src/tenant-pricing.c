// tenant-pricing.wasm - a tenant's own pricing plugin, as small as one can be
// written in C: freestanding (no libc), so a service can hold thousands of
// copies of it. The same exports and imports as the sample's pricing.wasm:
//
// Exports:
//   alloc(size) -> ptr        bump allocation in the instance's memory
//   quote(ptr, len) -> i64    (ptr << 32) | len of the answer text
// Imports (module "pricing"):
//   discount_percent(skuPtr, skuLen) -> i32
//
// Input:  {"sku":"BOOK-1","quantity":3,"unitCents":1299}, members in any
//         order, numbers as plain digits.
// Output: {"subtotalCents":3897,"discountCents":390,"totalCents":3507}, or
//         {"error":"<reason>"} for an order it cannot read.
// Discount as in pricing.c: (subtotal * percent + 50) / 100, rounded half up.
#include <stdint.h>

#define EXPORT(name) __attribute__((export_name(name)))
#define IMPORT(mod, name) __attribute__((import_module(mod), import_name(name)))

IMPORT("pricing", "discount_percent")
int32_t host_discount_percent(const char *sku, int32_t sku_len);

extern unsigned char __heap_base;
static uintptr_t next_free = 0;

EXPORT("alloc")
void *guest_alloc(int32_t size) {
    if (next_free == 0) next_free = (uintptr_t)&__heap_base;
    uintptr_t start = (next_free + 7) & ~(uintptr_t)7;
    uintptr_t end = start + (uintptr_t)(size > 0 ? size : 1);
    uintptr_t have = __builtin_wasm_memory_size(0) * 65536u;
    if (end > have) {
        uintptr_t pages = (end - have + 65535u) / 65536u;
        if (__builtin_wasm_memory_grow(0, pages) == (uintptr_t)-1) return 0;
    }
    next_free = end;
    return (void *)start;
}

// The position just after "name": in [in, in + len), or -1.
static int32_t member(const char *in, int32_t len, const char *name) {
    int32_t n = 0;
    while (name[n]) n++;
    for (int32_t i = 0; i + n + 2 < len; i++) {
        if (in[i] != '"') continue;
        int32_t k = 0;
        while (k < n && in[i + 1 + k] == name[k]) k++;
        if (k == n && in[i + 1 + n] == '"') {
            int32_t j = i + n + 2;
            while (j < len && (in[j] == ' ' || in[j] == ':')) j++;
            return j;
        }
    }
    return -1;
}

static int64_t number(const char *in, int32_t len, const char *name) {
    int32_t at = member(in, len, name);
    if (at < 0 || at >= len || in[at] < '0' || in[at] > '9') return -1;
    int64_t value = 0;
    for (; at < len && in[at] >= '0' && in[at] <= '9'; at++) {
        value = value * 10 + (in[at] - '0');
        if (value > 100000000000LL) return -1;
    }
    return value;
}

static char *put_text(char *out, const char *text) {
    while (*text) *out++ = *text++;
    return out;
}

static char *put_number(char *out, int64_t value) {
    char digits[20];
    int n = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0);
    while (n > 0) *out++ = digits[--n];
    return out;
}

static int64_t answer(char *start, char *end) {
    return (int64_t)(((uint64_t)(uintptr_t)start << 32) | (uint32_t)(end - start));
}

EXPORT("quote")
int64_t quote(const char *in, int32_t len) {
    char *out = guest_alloc(128);
    if (out == 0) return 0;
    int64_t quantity = number(in, len, "quantity");
    int64_t unit_cents = number(in, len, "unitCents");
    int32_t sku = member(in, len, "sku");
    if (quantity < 0 || unit_cents < 0 || sku < 0 || sku >= len || in[sku] != '"') {
        return answer(out, put_text(out, "{\"error\":\"unreadable order\"}"));
    }
    int32_t sku_end = sku + 1;
    while (sku_end < len && in[sku_end] != '"') sku_end++;
    int64_t percent = host_discount_percent(in + sku + 1, sku_end - sku - 1);
    int64_t subtotal = quantity * unit_cents;
    int64_t discount = (subtotal * percent + 50) / 100;
    char *at = put_text(out, "{\"subtotalCents\":");
    at = put_number(at, subtotal);
    at = put_text(at, ",\"discountCents\":");
    at = put_number(at, discount);
    at = put_text(at, ",\"totalCents\":");
    at = put_number(at, subtotal - discount);
    at = put_text(at, "}");
    return answer(out, at);
}
