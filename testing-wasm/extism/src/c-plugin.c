/*
 * An Extism plugin in C with Extism's kernel imports declared by hand, built freestanding for wasm32
 * (no libc): it reads its input a word at a time, keeps a running total in a var, reads config and fails
 * through error_set, as plugins built with Extism's C PDK do.
 */
#include <stdint.h>

typedef uint64_t handle_t;

#define EXTISM(name) __attribute__((import_module("extism:host/env"), import_name(#name)))
#define EXPORT(name) __attribute__((export_name(#name)))

EXTISM(input_length) uint64_t extism_input_length(void);
EXTISM(input_load_u8) uint8_t extism_input_load_u8(uint64_t offset);
EXTISM(input_load_u64) uint64_t extism_input_load_u64(uint64_t offset);
EXTISM(alloc) handle_t extism_alloc(uint64_t length);
EXTISM(free) void extism_free(handle_t handle);
EXTISM(length) uint64_t extism_length(handle_t handle);
EXTISM(load_u8) uint8_t extism_load_u8(handle_t address);
EXTISM(load_u64) uint64_t extism_load_u64(handle_t address);
EXTISM(store_u8) void extism_store_u8(handle_t address, uint8_t value);
EXTISM(store_u64) void extism_store_u64(handle_t address, uint64_t value);
EXTISM(output_set) void extism_output_set(handle_t handle, uint64_t length);
EXTISM(error_set) void extism_error_set(handle_t handle);
EXTISM(config_get) handle_t extism_config_get(handle_t key);
EXTISM(var_get) handle_t extism_var_get(handle_t key);
EXTISM(var_set) void extism_var_set(handle_t key, handle_t value);
EXTISM(log_info) void extism_log_info(handle_t message);

static uint8_t buffer[65536];

static uint64_t read_input(void) {
    uint64_t length = extism_input_length();
    if (length > sizeof(buffer)) {
        length = sizeof(buffer);
    }
    uint64_t i = 0;
    for (; i + 8 <= length; i += 8) {
        uint64_t word = extism_input_load_u64(i);
        for (int b = 0; b < 8; b++) {
            buffer[i + b] = (uint8_t) (word >> (8 * b));
        }
    }
    for (; i < length; i++) {
        buffer[i] = extism_input_load_u8(i);
    }
    return length;
}

static handle_t store(const uint8_t *bytes, uint64_t length) {
    handle_t handle = extism_alloc(length);
    uint64_t i = 0;
    for (; i + 8 <= length; i += 8) {
        uint64_t word = 0;
        for (int b = 0; b < 8; b++) {
            word |= (uint64_t) bytes[i + b] << (8 * b);
        }
        extism_store_u64(handle + i, word);
    }
    for (; i < length; i++) {
        extism_store_u8(handle + i, bytes[i]);
    }
    return handle;
}

static uint64_t cstrlen(const char *text) {
    uint64_t n = 0;
    while (text[n]) {
        n++;
    }
    return n;
}

static handle_t store_text(const char *text) {
    return store((const uint8_t *) text, cstrlen(text));
}

static void output(const uint8_t *bytes, uint64_t length) {
    extism_output_set(store(bytes, length), length);
}

/* Reads a whole block back into the buffer, returning its length. */
static uint64_t load(handle_t handle) {
    uint64_t length = extism_length(handle);
    if (length > sizeof(buffer)) {
        length = sizeof(buffer);
    }
    for (uint64_t i = 0; i < length; i++) {
        buffer[i] = extism_load_u8(handle + i);
    }
    return length;
}

/* Counts the vowels of the input; answers a decimal number. */
EXPORT(vowels) int32_t vowels(void) {
    uint64_t length = read_input();
    uint64_t count = 0;
    for (uint64_t i = 0; i < length; i++) {
        switch (buffer[i] | 0x20) {
        case 'a': case 'e': case 'i': case 'o': case 'u':
            count++;
        }
    }
    char digits[24];
    int n = 0;
    do {
        digits[sizeof(digits) - 1 - n++] = (char) ('0' + count % 10);
        count /= 10;
    } while (count > 0);
    output((const uint8_t *) digits + sizeof(digits) - n, n);
    return 0;
}

/* Adds each input byte to an 8-byte little-endian total kept in the var "total"; answers the total's bytes. */
EXPORT(accumulate) int32_t accumulate(void) {
    uint64_t length = read_input();
    uint64_t total = 0;
    handle_t previous = extism_var_get(store_text("total"));
    if (previous != 0 && extism_length(previous) == 8) {
        total = extism_load_u64(previous);
    }
    for (uint64_t i = 0; i < length; i++) {
        total += buffer[i];
    }
    handle_t value = extism_alloc(8);
    extism_store_u64(value, total);
    extism_var_set(store_text("total"), value);
    extism_output_set(value, 8);
    return 0;
}

/* Counts its calls in a module global (not a var) and answers {"count": N}, N the calls before this one, as
 * the plugin of Extism's test_globals does: state kept by the instance between calls. */
static uint64_t calls;

EXPORT(globals) int32_t globals(void) {
    static const char prefix[] = "{\"count\": ";
    uint8_t text[40];
    uint64_t n = 0;
    for (; n < sizeof(prefix) - 1; n++) {
        text[n] = (uint8_t) prefix[n];
    }
    char digits[20];
    uint64_t d = 0;
    uint64_t value = calls++;
    do {
        digits[d++] = (char) ('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (d > 0) {
        text[n++] = (uint8_t) digits[--d];
    }
    text[n++] = '}';
    output(text, n);
    return 0;
}

/* Answers the config value named by the input, or fails through error_set when it is not configured. */
EXPORT(config) int32_t config(void) {
    uint64_t length = read_input();
    handle_t value = extism_config_get(store(buffer, length));
    if (value == 0) {
        extism_error_set(store_text("no such config key"));
        return 1;
    }
    uint64_t value_length = load(value);
    extism_log_info(store_text("config read"));
    output(buffer, value_length);
    return 0;
}

/* Answers nothing at all: no output_set. */
EXPORT(silent) int32_t silent(void) {
    return 0;
}

/* Returns a non-zero code without setting an error. */
EXPORT(exit_code) int32_t exit_code(void) {
    return 7;
}

/* Reads its input, then loops forever, as Extism's loop plugin (test_cancel, test_timeout) does. */
EXPORT(loop_forever) int32_t loop_forever(void) {
    volatile uint64_t turns = read_input();
    for (;;) {
        turns = turns + 1;
    }
}
