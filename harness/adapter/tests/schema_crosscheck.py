"""Validates examples with python3-jsonschema, the reference validator.

usage: schema_crosscheck.py SCHEMA_DIR CASES.json
CASES.json is a list of {"schema": "reply.json", "doc": ...}; prints a JSON
list of booleans (valid or not), one per case. Works with Debian's
jsonschema 4.10 (RefResolver) and with newer ones (the referencing registry).
"""
import json
import os
import sys

import jsonschema

schema_dir, cases_path = sys.argv[1], sys.argv[2]
store = {}
for name in os.listdir(schema_dir):
    if name.endswith(".json"):
        with open(os.path.join(schema_dir, name)) as f:
            store[name] = json.load(f)

try:
    import referencing
    import referencing.jsonschema

    registry = referencing.Registry().with_resources(
        (name, referencing.Resource.from_contents(schema, default_specification=referencing.jsonschema.DRAFT202012))
        for name, schema in store.items())

    def validator_for(name):
        return jsonschema.Draft202012Validator(store[name], registry=registry)
except ImportError:
    def validator_for(name):
        resolver = jsonschema.RefResolver(base_uri=name, referrer=store[name], store=store)
        return jsonschema.Draft202012Validator(store[name], resolver=resolver)

print(json.dumps([validator_for(case["schema"]).is_valid(case["doc"]) for case in json.load(open(cases_path))]))
