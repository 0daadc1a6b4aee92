#!/usr/bin/env python3
"""Validates results.json files against schemas/results/sockcheck-results-1.json.

usage: validate.py RESULTS.json...
Exit status 0 when every file is valid; otherwise each error is printed
with the path of the member at fault. Needs python3-jsonschema (Debian's
4.10, which resolves references through RefResolver, or a newer one with
the `referencing` registry).
"""
import json
import os
import sys

import jsonschema

here = os.path.dirname(os.path.abspath(__file__))


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


schema = load(os.path.join(here, "sockcheck-results-1.json"))
# The value encoding belongs to the adapter protocol; both schemas name
# each other by file name, as the adapter schemas do.
store = {"sockcheck-results-1.json": schema, "value.json": load(os.path.join(here, "..", "adapter", "value.json"))}

try:
    import referencing
    import referencing.jsonschema

    registry = referencing.Registry().with_resources(
        (name, referencing.Resource.from_contents(doc, default_specification=referencing.jsonschema.DRAFT202012))
        for name, doc in store.items())
    validator = jsonschema.Draft202012Validator(schema, registry=registry)
except ImportError:
    resolver = jsonschema.RefResolver(base_uri="sockcheck-results-1.json", referrer=schema, store=store)
    validator = jsonschema.Draft202012Validator(schema, resolver=resolver)

status = 0
for path in sys.argv[1:]:
    errors = sorted(validator.iter_errors(load(path)), key=lambda e: list(e.absolute_path))
    for e in errors[:20]:
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        print(f"{path}: {where}: {e.message[:300]}", file=sys.stderr)
    if errors:
        status = 1
sys.exit(status)
