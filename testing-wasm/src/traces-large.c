// traces-large.wasm - a C reactor (wasm32-wasi) built with -g whose function "churn" is too
// large for one JVM method: the compiler leaves it to its interpreter. GuestStackTraceTests
// assert the lines marked "line N" below, so keep every marked line where it is.
#include <stdint.h>

#define EXPORT(name) __attribute__((export_name(name)))
#define NOINLINE __attribute__((noinline))

#define R4(x) x x x x
#define R16(x) R4(R4(x))
#define R256(x) R16(R16(x))
#define R4096(x) R16(R256(x))

static volatile int32_t acc;

NOINLINE static int32_t churn(int32_t seed, int32_t divisor) {
    acc = seed;
    R4096(acc = acc * 31 + 7;)
    return acc / divisor;                       // line 19: division by zero, interpreted
}

NOINLINE static int32_t step(int32_t seed, int32_t divisor) {
    return churn(seed, divisor) + 1;            // line 23: compiled, calls the interpreted function
}

EXPORT("run")
int32_t run(int32_t seed, int32_t divisor) {
    return step(seed, divisor) * 2;             // line 28
}
