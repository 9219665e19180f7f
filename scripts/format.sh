#!/usr/bin/env bash
# Formats every Java source of the project as the build checks it:
#   1. scripts/format_java.py: licence header, Spring's import groups, unused imports removed
#   2. spring-javaformat:apply: Spring's formatter (wrapping, indentation with tabs, blank lines)
#   3. checkstyle with Spring's rules (less src/checkstyle/checkstyle-suppressions.xml), which prints what
#      is left to fix by hand
# Usage: scripts/format.sh [--check-only]     (from any directory; offline once the plugins are cached)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ "${1:-}" != "--check-only" ]]; then
    mapfile -t files < <(find . -path ./testing-wasm -prune -o -path '*/node_modules' -prune -o \
        -path '*/target' -prune -o -name '*.java' -path '*/src/*' -print | sort)
    python3 scripts/format_java.py "${files[@]}"
    mvn -B -q -o io.spring.javaformat:spring-javaformat-maven-plugin:apply
fi
# the formatter and the checkstyle rules with enforcement on, whatever wasm.format.skip says in the pom
mvn -B -o validate -Dwasm.format.skip=false
