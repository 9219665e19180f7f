#!/usr/bin/env python3
#
# Copyright 2025-2026 the original author or authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#      https://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
"""Carries the figures docs/ quotes from one benchmarks/RESULTS.md to the next.

Usage: scripts/refresh_figures.py OLD_RESULTS.md NEW_RESULTS.md [--write]

Every figure a page of docs/ quotes ("1.35 ± 0.51", and in performance.md byte
counts such as "6016 B") is looked up in the tables of OLD; the cell it came from
(section, table, row, column, and its place in the cell) names the figure that
replaces it in NEW. Without --write the script only lists the changes. A figure
that no cell of OLD holds, or that cells with different new values hold, is
listed for a person to settle; so is every sentence whose figure changed, since
the words around a figure ("about twice", "an order of magnitude") may no longer
be true.
"""

import pathlib
import re
import sys

WITH_UNCERTAINTY = re.compile(r"\d[\d.]* ± \d[\d.]*")
BYTES = re.compile(r"\b\d[\d.]* (?:B|KiB)\b")
ROOT = pathlib.Path(__file__).resolve().parent.parent


def cells(results):
    """(section, table, row label, column header, index in cell) -> figure."""
    found = {}
    section, table, header = "", 0, None
    for line in results.splitlines():
        if line.startswith("## "):
            section, table, header = line[3:].strip(), 0, None
            continue
        if not line.startswith("|"):
            if header is not None:
                table += 1
            header = None
            continue
        row = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = row
            continue
        if set("".join(row)) <= set("-: "):
            continue
        for column, cell in enumerate(row[1:], start=1):
            name = header[column] if column < len(header) else str(column)
            for pattern in (WITH_UNCERTAINTY, BYTES):
                for index, figure in enumerate(pattern.findall(cell)):
                    found[(section, table, row[0], name, pattern.pattern, index)] = figure
    return found


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    old = cells(pathlib.Path(argv[1]).read_text(encoding="utf-8"))
    new = cells(pathlib.Path(argv[2]).read_text(encoding="utf-8"))
    write = "--write" in argv
    unsettled = 0
    for page in sorted((ROOT / "docs").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        patterns = [WITH_UNCERTAINTY, BYTES] if page.name == "performance.md" else [WITH_UNCERTAINTY]
        replacements = {}
        for pattern in patterns:
            for figure in set(pattern.findall(text)):
                keys = [k for k, v in old.items() if v == figure and k[4] == pattern.pattern]
                values = {new[k] for k in keys if k in new}
                if len(values) != 1:
                    unsettled += 1
                    print(f"{page.name}: {figure}: {'not in the old results' if not keys else 'ambiguous ' + str(sorted(values))}")
                    continue
                value = values.pop()
                if value != figure:
                    replacements[figure] = value
        for figure, value in sorted(replacements.items()):
            for line in text.splitlines():
                if figure in line:
                    print(f"{page.name}: {figure} -> {value}: {line.strip()[:160]}")
        if replacements:
            # one pass, so that a new figure equal to another old one is not replaced again
            anyone = "|".join(re.escape(f) for f in sorted(replacements, key=len, reverse=True))
            text = re.sub(r"(?<![\d.])(?:" + anyone + r")(?![\d.])", lambda m: replacements[m.group()], text)
        if write and replacements:
            page.write_text(text, encoding="utf-8")
    return 1 if unsettled else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
