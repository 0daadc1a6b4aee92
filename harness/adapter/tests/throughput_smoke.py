"""Smoke test of bench/adapter-throughput (ctest label `bench`): a tiny run
on the ref and CPython adapters must print one table row per adapter whose
rates, CPU times and ratios are positive numbers and whose goal columns say
yes or no. It checks the table's shape, not the figures: those depend on
the machine and its load.

  python3 throughput_smoke.py BENCH_SCRIPT   (with $SOCKCHECK_ADAPTER_BENCH set)
"""
import subprocess
import sys

ADAPTERS = ["ref-adapter", "cpython"]
HEAD = ["adapter", "op", "req/s", "bare", "req/s", "wall", "ratio", "cpu", "us/req", "bare", "cpu", "us/req",
        "cpu", "ratio", "goal", "wall", "goal", "cpu"]

r = subprocess.run([sys.executable, sys.argv[1], "--calls", "2000", "--rounds", "2"] + ADAPTERS,
                   capture_output=True, text=True, timeout=240)
print(r.stdout, r.stderr, sep="")
assert r.returncode == 0, f"exit status {r.returncode}"
lines = [l for l in r.stdout.splitlines() if not l.startswith("#")]
assert lines[0].split() == HEAD, f"header: {lines[0]!r}"
rows = {l.split()[0]: l.split() for l in lines[1:]}
assert sorted(rows) == sorted(ADAPTERS), f"rows: {sorted(rows)}"
for name, row in rows.items():
    assert len(row) == 10, f"{name}: {len(row)} columns: {row}"
    for col, text in zip(HEAD[2:], row[2:8]):
        value = float(text.replace("(echo)", ""))
        assert value > 0, f"{name}: a column is not positive: {text}"
    assert row[8] in ("yes", "no") and row[9] in ("yes", "no"), f"{name}: goal columns {row[8:]}"
print("throughput_smoke: ok")
