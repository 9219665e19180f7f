#!/usr/bin/env bash
# Runs the WebAssembly wasi-testsuite's prebuilt wasm32-wasip1 programs (72 of them) through the runtime's
# WASI sandbox and prints which pass. The suite is not part of this repository; it is cloned on first use.
#
#   scripts/wasi-testsuite.sh [--interpreter] [SUITE_CHECKOUT]
#
# SUITE_CHECKOUT defaults to target/wasi-testsuite; it must hold the suite's prod/testsuite-base branch
# (git clone -b prod/testsuite-base https://github.com/WebAssembly/wasi-testsuite). Needs Maven and a JDK;
# JAVA=/path/to/java picks the JDK that runs the programs (file times on links are microsecond-precise
# before JDK 21, which one of the suite's programs notices).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ENGINE=()
if [[ "${1:-}" == "--interpreter" ]]; then ENGINE=(--interpreter); shift; fi
SUITE="${1:-$ROOT/target/wasi-testsuite}"
if [[ ! -d "$SUITE/tests" ]]; then
    git clone --quiet --depth 1 --branch prod/testsuite-base https://github.com/WebAssembly/wasi-testsuite "$SUITE"
fi
# a fresh copy each run: the programs leave files behind when they fail
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp -r "$SUITE/tests" "$WORK/"
cd "$ROOT"
mvn -B -q -pl runtime -am test-compile
mvn -B -q -pl runtime dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath"
"${JAVA:-java}" -cp "runtime/target/test-classes:runtime/target/classes:$(cat "$WORK/classpath")" \
    dev.wasmspring.runtime.wasi.WasiTestsuiteRunner "${ENGINE[@]}" \
    "$WORK/tests/assemblyscript/testsuite/wasm32-wasip1" \
    "$WORK/tests/c/testsuite/wasm32-wasip1" \
    "$WORK/tests/rust/testsuite/wasm32-wasip1" 2>"$WORK/stderr" || { cat "$WORK/stderr" >&2; exit 1; }
