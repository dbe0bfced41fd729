#!/usr/bin/env python3
"""Lists the public items of a crate whose documentation has no code example.

Reads the rustdoc JSON of one crate (written by
`cargo rustdoc -p CRATE -- -Z unstable-options --output-format json`) and
prints every public item defined in that crate whose docs contain no
```-fenced block. Impl blocks, re-exports, modules, fields, enum variants
and associated types are not counted: a module's page and a type's page
carry the examples of their items. Exits 1 when an item is listed.
"""
import json
import sys

SKIPPED_KINDS = {"impl", "use", "module", "struct_field", "variant", "assoc_type"}


def missing_examples(doc):
    index = doc["index"]
    missing = []
    for item in index.values():
        if item.get("crate_id") != 0 or item.get("visibility") != "public":
            continue
        inner = item.get("inner")
        kind = next(iter(inner)) if isinstance(inner, dict) else inner
        if kind in SKIPPED_KINDS:
            continue
        if "```" in (item.get("docs") or ""):
            continue
        span = item.get("span") or {}
        missing.append((span.get("filename", "?"), span.get("begin", [0])[0], kind, item.get("name")))
    return sorted(missing)


def main(paths):
    total = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            items = missing_examples(json.load(f))
        for filename, line, kind, name in items:
            print(f"{filename}:{line}: {kind} `{name}` has no code example")
        print(f"{path}: {len(items)} public items without a code example")
        total += len(items)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
