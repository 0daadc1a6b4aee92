#!/usr/bin/env python3
"""compare.json against its published schema (schemas/results/sockcheck-compare-1.json).

Runs the real `sockcheck compare` on a small spec written here (cases that
agree, differ, fail, take a constant, use set-up steps and handles, lie
outside a profile) over ref, libc and, when its interpreter is there, the
cpython adapter; then checks compare.json and the run's results.json with
schemas/results/validate.py, which picks each file's schema by its
"schema" member. The schema must not be vacuous: a misspelt verdict, an
unknown member, a bad value encoding and a file without "schema" fail.

Exit 0: passed; 1: failed; 77: skipped because python3-jsonschema is
missing (CTest's SKIP_RETURN_CODE).

    compare_schema_test.py --sockcheck BIN [--keep DIR]
"""

import argparse
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.normpath(os.path.join(HERE, "..", ".."))
VALIDATE = os.path.join(SOURCE, "schemas", "results", "validate.py")
SKIP = 77

SPEC = r"""
defaults:
  source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: "Convert an IPv4 address from dotted-quad string format"}
  versions: all
  op: inet_aton
  area: conversions/inet_aton
cases:
  - {id: inet_aton/agree/loopback, args: ['127.0.0.1'], expect: {value: !bytes 7f000001}, tags: [loopback]}
  - {id: inet_aton/agree/wrong-expectation, args: ['1.2.3.4'], expect: {value: !bytes 01020305}}
  - id: inet_aton/trailing-text/after-space
    args: ['1.2.3.4 junk']
    implementation_defined: "the C library decides what may follow the address"
    accept:
      - {raises: OSError, label: posix}
      - {value: !bytes 01020304, label: glibc}
    note: "ref follows inet(3) as written; glibc ignores text after a space"
  - {id: inet_aton/old/only-in-3.3, args: ['10.0.0.1'], versions: '3.3+', expect: {value: !bytes 0a000001}}
  - id: inet_pton/const/v6-loopback
    op: inet_pton
    area: conversions/inet_pton
    args: [!const AF_INET6, '::1']
    expect: {value: !bytes 00000000000000000000000000000001}
    statements: [3.3/inet_pton/x]
  - id: socket.shutdown/wr-peer-sees-end
    area: socket-objects/shutdown
    source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: 'Shut down one or both halves of the connection.'}
    versions: '2.4+'
    setup:
      - {op: socketpair, args: [], bind: pair}
      - {op: fixture.item, args: [!ref pair, 0], bind: a}
      - {op: fixture.item, args: [!ref pair, 1], bind: b}
      - {op: socket.shutdown, args: [!ref a, !const SHUT_WR]}
    op: socket.recv
    args: [!ref b, 10]
    expect: {value: !bytes ''}
"""


class Failure(Exception):
    pass


def validate(paths):
    """validate.py's exit status and stderr for these files."""
    r = subprocess.run([sys.executable, VALIDATE, *paths], capture_output=True, text=True)
    return r.returncode, r.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sockcheck", required=True)
    ap.add_argument("--keep", help="write the reports here and keep them")
    args = ap.parse_args()
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        print("compare_schema_test: skipped: python3-jsonschema is missing")
        return SKIP

    work = args.keep or tempfile.mkdtemp(prefix="sockcheck-compare-schema-")
    os.makedirs(work, exist_ok=True)
    try:
        spec = os.path.join(work, "spec.yaml")
        with open(spec, "w", encoding="utf-8") as f:
            f.write(SPEC)
        targets = "ref,libc" + (",cpython" if os.access("/usr/bin/python3", os.X_OK) else "")
        out = os.path.join(work, "out")
        r = subprocess.run([args.sockcheck, "compare", "--spec", spec, "--target", targets, "--out", out],
                           capture_output=True, text=True, cwd=SOURCE, timeout=240)
        if r.returncode != 0:
            raise Failure(f"sockcheck compare exited {r.returncode}\n{r.stdout}{r.stderr}")
        compare_json = os.path.join(out, "compare.json")
        with open(compare_json, encoding="utf-8") as f:
            model = json.load(f)

        # The run covers what the schema describes, so a pass means something.
        if model.get("schema") != "sockcheck-compare/1":
            raise Failure(f"compare.json: schema is {model.get('schema')!r}")
        cases = {c["id"]: c for c in model["cases"]}
        if not cases["inet_aton/trailing-text/after-space"]["differs"]:
            raise Failure("ref and libc should differ on inet_aton/trailing-text/after-space")
        if not model["themes"] or "setup" not in cases["socket.shutdown/wr-peer-sees-end"]:
            raise Failure("expected a theme and a case with set-up steps")

        status, err = validate([compare_json, os.path.join(out, "results.json")])
        if status != 0:
            raise Failure(f"validate.py rejected the reports of a real run:\n{err}")

        # Not vacuous: each of these breaks the schema.
        broken = {
            "a misspelt verdict": lambda m: m["cases"][0]["results"]["ref"].__setitem__("verdict", "passd"),
            "an unknown member": lambda m: m["targets"][0].__setitem__("flakey", 1),
            "bytes that are not hex": lambda m: m["cases"][0]["args"].__setitem__(0, {"bytes": "zz"}),
            "an answer kind of results.json": lambda m: m["cases"][0]["answers"][0].__setitem__("kind", "raises"),
            "a missing member": lambda m: m.pop("agreement"),
            "no schema member": lambda m: m.pop("schema"),
            "the other report's schema": lambda m: m.__setitem__("schema", "sockcheck-results/1"),
        }
        for what, change in broken.items():
            bad = copy.deepcopy(model)
            change(bad)
            path = os.path.join(work, "bad.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(bad, f)
            status, _ = validate([path])
            if status == 0:
                raise Failure(f"validate.py accepted compare.json with {what}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"compare_schema_test: passed ({len(model['cases'])} cases over {targets})")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (Failure, subprocess.TimeoutExpired) as e:
        print(f"compare_schema_test: FAILED: {e}", file=sys.stderr)
        sys.exit(1)
