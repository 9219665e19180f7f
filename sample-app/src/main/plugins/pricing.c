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
// Input:  a JSON object {"sku":"BOOK-1","quantity":3,"unitCents":1299}
//         (members in any order; unknown members with string, number,
//         true, false or null values are ignored; no nested values)
// Output: {"subtotalCents":3897,"discountCents":390,"totalCents":3507}
//         or {"error":"<reason>"} for a malformed order, e.g.
//         {"error":"missing quantity"}.
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
    snprintf(msg, sizeof msg, "{\"error\":\"%s\"}", reason);
    host_log(msg, (int32_t)strlen(msg));
    return reply(msg);
}

// Parses a non-negative decimal integer occupying exactly [s, s+len).
// Returns -1 if empty, not all digits, or greater than max.
static int64_t parse_amount(const char *s, int len, int64_t max) {
    if (len <= 0) return -1;
    int64_t v = 0;
    for (int i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;  // also refuses a minus sign
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

// A JSON text being read: [pos, len) is what is left.
typedef struct {
    const char *in;
    int pos;
    int len;
} reader;

static void skip_space(reader *r) {
    while (r->pos < r->len && (r->in[r->pos] == ' ' || r->in[r->pos] == '\t' ||
                               r->in[r->pos] == '\n' || r->in[r->pos] == '\r')) {
        r->pos++;
    }
}

static int expect(reader *r, char c) {
    skip_space(r);
    if (r->pos < r->len && r->in[r->pos] == c) {
        r->pos++;
        return 1;
    }
    return 0;
}

// Reads a string; [*s, *s + *n) is its raw content (escapes are kept as
// written, so a value with escapes never passes valid_sku).
static int read_string(reader *r, const char **s, int *n) {
    if (!expect(r, '"')) return 0;
    int start = r->pos;
    while (r->pos < r->len && r->in[r->pos] != '"') {
        if (r->in[r->pos] == '\\') r->pos++;
        r->pos++;
    }
    if (r->pos >= r->len) return 0;
    *s = r->in + start;
    *n = r->pos - start;
    r->pos++;  // closing quote
    return 1;
}

// Reads a scalar that is not a string (number, true, false, null): up to
// the next ',' or '}' or space; [*s, *s + *n) is its text.
static int read_scalar(reader *r, const char **s, int *n) {
    skip_space(r);
    int start = r->pos;
    while (r->pos < r->len && r->in[r->pos] != ',' && r->in[r->pos] != '}' &&
           r->in[r->pos] != ' ' && r->in[r->pos] != '\n') {
        if (r->in[r->pos] == '{' || r->in[r->pos] == '[' || r->in[r->pos] == '"') return 0;
        r->pos++;
    }
    *s = r->in + start;
    *n = r->pos - start;
    return *n > 0;
}

static int is_key(const char *key, int key_len, const char *name) {
    return key_len == (int)strlen(name) && memcmp(key, name, (size_t)key_len) == 0;
}

EXPORT("quote")
int64_t quote(const char *in, int32_t len) {
    const char *sku = NULL, *qty = NULL, *unit = NULL;
    int sku_len = 0, qty_len = 0, unit_len = 0;

    reader r = {in, 0, len};
    if (!expect(&r, '{')) return error("malformed order");
    if (!expect(&r, '}')) {
        do {
            const char *key, *val;
            int key_len, val_len;
            if (!read_string(&r, &key, &key_len) || !expect(&r, ':')) return error("malformed order");
            skip_space(&r);
            int quoted = r.pos < r.len && in[r.pos] == '"';
            if (!(quoted ? read_string(&r, &val, &val_len) : read_scalar(&r, &val, &val_len))) {
                return error("malformed order");
            }
            if (is_key(key, key_len, "sku")) {
                if (!quoted) return error("invalid sku");
                sku = val; sku_len = val_len;
            } else if (is_key(key, key_len, "quantity")) {
                if (quoted) return error("invalid quantity");
                qty = val; qty_len = val_len;
            } else if (is_key(key, key_len, "unitCents")) {
                if (quoted) return error("invalid unitCents");
                unit = val; unit_len = val_len;
            }
        } while (expect(&r, ','));
        if (!expect(&r, '}')) return error("malformed order");
    }
    skip_space(&r);
    if (r.pos != r.len) return error("malformed order");

    if (sku == NULL) return error("missing sku");
    if (qty == NULL) return error("missing quantity");
    if (unit == NULL) return error("missing unitCents");
    if (!valid_sku(sku, sku_len)) return error("invalid sku");
    int64_t q = parse_amount(qty, qty_len, MAX_QTY);
    if (q < 0) return error("invalid quantity");
    int64_t u = parse_amount(unit, unit_len, MAX_UNIT_CENTS);
    if (u < 0) return error("invalid unitCents");

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

    char out[160];
    snprintf(out, sizeof out, "{\"subtotalCents\":%lld,\"discountCents\":%lld,\"totalCents\":%lld}",
             (long long)subtotal, (long long)discount, (long long)total);
    return reply(out);
}
