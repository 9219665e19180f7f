// pricing.wasm - per-tenant pricing plugin (C reactor against WASI,
// built with -mexec-model=reactor).
//
// Exports:
//   alloc(size) -> ptr           guest malloc, for the host to write input
//   dealloc(ptr, size)           guest free
//   quote(ptr, len) -> i64       quote an order; result is (ptr << 32) | len
//                                of a malloc'ed UTF-8 text owned by the caller
//                                (free it with dealloc(ptr, len))
// Imports (module "pricing"):
//   discount_percent(skuPtr, skuLen) -> i32   host's discount (0..100) for
//                                             the current tenant and sku
//   log(ptr, len)                             host logs a message
//
// Input:  "sku=BOOK-1;qty=3;unit_cents=1299"  (fields separated by ';',
//         any order, unknown fields ignored, surrounding spaces not allowed)
// Output: "sku=BOOK-1;qty=3;subtotal=3897;discount=390;total=3507"
//         or "error=<reason>" for a malformed order, e.g. "error=missing qty".
//
// Rounding: discount = round_half_up(subtotal * percent / 100), computed in
// integer cents as (subtotal * percent + 50) / 100. total = subtotal - discount.
// Also writes one line "quoting <sku>" to WASI stdout.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT(name) __attribute__((export_name(name)))
#define IMPORT(mod, name) __attribute__((import_module(mod), import_name(name)))

IMPORT("pricing", "discount_percent")
int32_t host_discount_percent(const char *sku, int32_t sku_len);

IMPORT("pricing", "log")
void host_log(const char *msg, int32_t len);

// Upper bounds that keep subtotal * 100 well inside int64.
#define MAX_QTY 1000000LL
#define MAX_UNIT_CENTS 100000000000LL  // 1e9 currency units

EXPORT("alloc")
void *guest_alloc(int32_t size) {
    return malloc(size > 0 ? (size_t)size : 1);
}

EXPORT("dealloc")
void guest_dealloc(void *ptr, int32_t size) {
    (void)size;
    free(ptr);
}

static int64_t pack(char *buf, int len) {
    return (int64_t)(((uint64_t)(uintptr_t)buf << 32) | (uint32_t)len);
}

static int64_t reply(const char *text) {
    size_t len = strlen(text);
    char *buf = malloc(len ? len : 1);
    if (buf == NULL) return 0;
    memcpy(buf, text, len);
    return pack(buf, (int)len);
}

static int64_t error(const char *reason) {
    char msg[128];
    snprintf(msg, sizeof msg, "error=%s", reason);
    host_log(msg, (int32_t)strlen(msg));
    return reply(msg);
}

// Parses a non-negative decimal integer occupying exactly [s, s+len).
// Returns -1 if empty, not all digits, or greater than max.
static int64_t parse_amount(const char *s, int len, int64_t max) {
    if (len <= 0) return -1;
    int64_t v = 0;
    for (int i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
        if (v > max) return -1;
    }
    return v;
}

static int valid_sku(const char *s, int len) {
    if (len <= 0 || len > 64) return 0;
    for (int i = 0; i < len; i++) {
        char c = s[i];
        int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                 (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (!ok) return 0;
    }
    return 1;
}

EXPORT("quote")
int64_t quote(const char *in, int32_t len) {
    const char *sku = NULL, *qty = NULL, *unit = NULL;
    int sku_len = 0, qty_len = 0, unit_len = 0;

    // Split into ';'-separated key=value fields.
    int pos = 0;
    while (pos < len) {
        int start = pos;
        while (pos < len && in[pos] != ';') pos++;
        int end = pos;  // field is [start, end)
        pos++;          // skip ';'
        if (end == start) continue;
        int eq = start;
        while (eq < end && in[eq] != '=') eq++;
        if (eq == end) return error("malformed field");
        const char *key = in + start;
        int key_len = eq - start;
        const char *val = in + eq + 1;
        int val_len = end - eq - 1;
        if (key_len == 3 && memcmp(key, "sku", 3) == 0) {
            sku = val; sku_len = val_len;
        } else if (key_len == 3 && memcmp(key, "qty", 3) == 0) {
            qty = val; qty_len = val_len;
        } else if (key_len == 10 && memcmp(key, "unit_cents", 10) == 0) {
            unit = val; unit_len = val_len;
        }
    }

    if (sku == NULL) return error("missing sku");
    if (qty == NULL) return error("missing qty");
    if (unit == NULL) return error("missing unit_cents");
    if (!valid_sku(sku, sku_len)) return error("invalid sku");
    int64_t q = parse_amount(qty, qty_len, MAX_QTY);
    if (q < 0) return error("invalid qty");
    int64_t u = parse_amount(unit, unit_len, MAX_UNIT_CENTS);
    if (u < 0) return error("invalid unit_cents");

    printf("quoting %.*s\n", sku_len, sku);
    fflush(stdout);

    int32_t percent = host_discount_percent(sku, sku_len);
    if (percent < 0 || percent > 100) return error("invalid discount");

    int64_t subtotal = q * u;
    int64_t discount = (subtotal * percent + 50) / 100;  // round half up
    int64_t total = subtotal - discount;

    char msg[160];
    int n = snprintf(msg, sizeof msg, "sku %.*s: %d%% discount", sku_len, sku, (int)percent);
    host_log(msg, n);

    char out[256];
    snprintf(out, sizeof out, "sku=%.*s;qty=%lld;subtotal=%lld;discount=%lld;total=%lld",
             sku_len, sku, (long long)q, (long long)subtotal, (long long)discount,
             (long long)total);
    return reply(out);
}
