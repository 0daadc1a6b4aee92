#!/usr/bin/env python3
"""Validates sockcheck's JSON reports against their schemas in schemas/results/.

usage: validate.py FILE...
Each file's "schema" member picks the schema: sockcheck-results/1
(results.json of `sockcheck run`) is checked against
sockcheck-results-1.json, sockcheck-compare/1 (compare.json of `sockcheck
compare`) against sockcheck-compare-1.json; a file that names neither is an
error. Exit status 0 when every file is valid; otherwise each error is
printed with the path of the member at fault. Needs python3-jsonschema
(Debian's 4.10, which resolves references through RefResolver, or a newer
one with the `referencing` registry).
"""
import json
import os
import sys

import jsonschema

here = os.path.dirname(os.path.abspath(__file__))

# The "schema" member of a report -> the file of its JSON Schema.
SCHEMAS = {
    "sockcheck-results/1": "sockcheck-results-1.json",
    "sockcheck-compare/1": "sockcheck-compare-1.json",
}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# The value encoding belongs to the adapter protocol; the schemas name each
# other by file name, as the adapter schemas do.
store = {name: load(os.path.join(here, name)) for name in SCHEMAS.values()}
store["value.json"] = load(os.path.join(here, "..", "adapter", "value.json"))

try:
    import referencing
    import referencing.jsonschema

    registry = referencing.Registry().with_resources(
        (name, referencing.Resource.from_contents(doc, default_specification=referencing.jsonschema.DRAFT202012))
        for name, doc in store.items())

    def make_validator(name):
        return jsonschema.Draft202012Validator(store[name], registry=registry)
except ImportError:
    def make_validator(name):
        resolver = jsonschema.RefResolver(base_uri=name, referrer=store[name], store=store)
        return jsonschema.Draft202012Validator(store[name], resolver=resolver)

validators = {tag: make_validator(name) for tag, name in SCHEMAS.items()}

status = 0
for path in sys.argv[1:]:
    try:
        doc = load(path)
    except (OSError, ValueError) as e:
        print(f"{path}: {e}", file=sys.stderr)
        status = 1
        continue
    tag = doc.get("schema") if isinstance(doc, dict) else None
    validator = validators.get(tag) if isinstance(tag, str) else None
    if validator is None:
        print(f"{path}: (top): \"schema\" is {json.dumps(tag)}, not one of {', '.join(SCHEMAS)}", file=sys.stderr)
        status = 1
        continue
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors[:20]:
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        print(f"{path}: {where}: {e.message[:300]}", file=sys.stderr)
    if errors:
        status = 1
sys.exit(status)
