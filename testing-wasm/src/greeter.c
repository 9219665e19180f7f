// greeter.wasm - the plugin that docs/getting-started.md and docs/plain-java.md build, as a C reactor.
// greet(name) answers "Welcome back, <name>!" when the host's greeter.is_regular(name) says so,
// and "Hello, <name>!" otherwise, as (ptr << 32) | len.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

__attribute__((import_module("greeter"), import_name("is_regular")))
int32_t is_regular(const char *name, int32_t len);

__attribute__((export_name("alloc")))
void *alloc(int32_t size) { return malloc(size); }

__attribute__((export_name("greet")))
int64_t greet(const char *name, int32_t len) {
    const char *hello = is_regular(name, len) ? "Welcome back, " : "Hello, ";
    size_t hello_len = strlen(hello);
    char *out = malloc(hello_len + len + 1);
    memcpy(out, hello, hello_len);
    memcpy(out + hello_len, name, len);
    out[hello_len + len] = '!';
    return (int64_t)(uintptr_t)out << 32 | (uint32_t)(hello_len + len + 1);
}
