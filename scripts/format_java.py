#!/usr/bin/env python3
"""Brings Java sources to the layout the build's checkstyle rules (spring-javaformat-checkstyle) expect,
for what the formatter itself leaves alone:

- the Apache License header at the top of every file (SpringHeaderCheck),
- imports in Spring's groups: java, javax, everything else, org.springframework, then static imports,
  one blank line between groups, sorted within each (SpringImportOrderCheck),
- imports that nothing refers to removed (UnusedImportsCheck).

Usage: scripts/format_java.py FILE.java...   (scripts/format.sh runs it on the whole tree)
"""
import re
import sys

HEADER = """/*
 * Copyright {year}-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
"""
YEAR = "2026"
# comments (kept: Javadoc references count as uses), text blocks, strings and char literals (blanked), in one
# scan so that a quote inside any of them cannot shift the others
LITERALS = re.compile(r'//[^\n]*|/\*.*?\*/|"""(?:\\.|[^\\])*?"""|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])+\'', re.S)
IMPORT = re.compile(r"^import\s+(static\s+)?([\w.]+(?:\.\*)?)\s*;\s*$")


def add_header(text):
    if text.startswith("/*\n * Copyright "):
        return text
    return HEADER.format(year=YEAR) + "\n" + text.lstrip("\n")


def group_of(name, static):
    if static:
        return 4
    if name.startswith("java."):
        return 0
    if name.startswith("javax."):
        return 1
    if name.startswith("org.springframework."):
        return 3
    return 2


def is_used(simple, body):
    if simple == "*":
        return True
    return re.search(r"(?<![\w.])" + re.escape(simple) + r"\b", body) is not None


def fix_imports(text):
    lines = text.split("\n")
    idx = [i for i, line in enumerate(lines) if IMPORT.match(line)]
    if not idx:
        return text
    first, last = idx[0], idx[-1]
    block = lines[first:last + 1]
    # only blank lines may sit between imports; anything else (a comment) and the file is left as it is
    if any(line.strip() and not IMPORT.match(line) for line in block):
        return text
    body = "\n".join(lines[:first] + lines[last + 1:])
    # a simple name counts as used anywhere outside the import block, Javadoc references included
    body_no_strings = LITERALS.sub(lambda m: m.group(0) if m.group(0).startswith("/") else '""', body)
    imports = {}
    for line in block:
        m = IMPORT.match(line)
        if not m:
            continue
        static, name = bool(m.group(1)), m.group(2)
        if not is_used(name.rsplit(".", 1)[-1], body_no_strings):
            continue
        imports[(static, name)] = None
    groups = {}
    for static, name in imports:
        groups.setdefault(group_of(name, static), []).append(
            ("import static " if static else "import ") + name + ";")
    out = []
    for g in sorted(groups):
        if out:
            out.append("")
        out.extend(sorted(groups[g], key=lambda s: s.rstrip(";").split(" ")[-1].split(".")))
    return "\n".join(lines[:first] + out + lines[last + 1:])


def main(paths):
    changed = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        new = fix_imports(add_header(text))
        if new != text:
            with open(path, "w", encoding="utf-8") as f:
                f.write(new)
            changed += 1
    print(f"format_java.py: {changed} of {len(paths)} files changed")


if __name__ == "__main__":
    main(sys.argv[1:])
