#!/usr/bin/env python3
"""scripts/timing-flake-rate, run for real: it repeats exactly the timing
cases, counts every timed call, and counts a failure when a band cannot be
met (and then fails --max-rate 0).

  timing_flake_rate_test.py --sockcheck PATH
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "timing-flake-rate"

# A recv that times out after 0.1 s, judged by a band it cannot meet, and
# one it meets with room to spare.
NARROW = """cases:
  - id: socket.recv/too-narrow
    source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: "x"}
    versions: 3.3+
    setup:
      - {op: socketpair, args: [], bind: pair}
      - {op: fixture.item, args: [!ref pair, 0], bind: s}
      - {op: socket.settimeout, args: [!ref s, 0.1]}
    op: socket.recv
    args: [!ref s, 1024]
    expect: {raises: socket.timeout}
    elapsed: {min: 0, max: 0.05}
  - id: socket.recv/wide
    source: {doc: 003_ac34b2b55d1ebb3c.txt, quote: "x"}
    versions: 3.3+
    setup:
      - {op: socketpair, args: [], bind: pair}
      - {op: fixture.item, args: [!ref pair, 0], bind: s}
      - {op: socket.settimeout, args: [!ref s, 0.05]}
    op: socket.recv
    args: [!ref s, 1024]
    expect: {raises: socket.timeout}
    elapsed: {min: 0.05, max: 5}
"""

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print(f"FAIL: {what}")


def flake(sockcheck, tmp, *extra):
    out = os.path.join(tmp, "flake.json")
    p = subprocess.run([sys.executable, str(SCRIPT), "--sockcheck", sockcheck, "--json", out, *extra],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600)
    return p, (json.loads(Path(out).read_text()) if os.path.exists(out) else None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sockcheck", required=True)
    sockcheck = ap.parse_args().sockcheck

    with tempfile.TemporaryDirectory() as tmp:
        # Which cases of the repository's spec are timing cases on ref, as
        # the runner itself sees them: those with an elapsed band.
        subprocess.run([sockcheck, "run", "--target", "ref", "--tag", "timing", "-o", os.path.join(tmp, "r")],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
        doc = json.loads(Path(tmp, "r", "results.json").read_text())
        timed = {c["id"]: c["elapsed"] for c in doc["cases"]
                 if c["results"]["ref"]["verdict"] not in ("not_in_profile", "skipped")}
        check(timed and all("elapsed" in c for c in doc["cases"]), "--tag timing selects only cases with a band")

        p, got = flake(sockcheck, tmp, "--runs", "2", "--target", "ref")
        check(p.returncode == 0, f"the measurement exits 0, got {p.returncode}: {p.stderr}")
        if got:
            ids = {r["case"] for r in got["cases"]}
            check(ids == set(timed), f"every timing case is measured: {sorted(set(timed) ^ ids)[:5]}")
            check(got["executions"] == 2 * len(timed), f"executions {got['executions']} == 2 x {len(timed)}")
            check(got["failures"] == sum(r["failures"] for r in got["cases"]), "failures add up")
            check(abs(got["flake_rate"] - got["failures"] / got["executions"]) < 1e-12, "the rate is their ratio")
            for r in got["cases"]:
                band = timed.get(r["case"])
                check(band is not None and r["band"] == [band["min"], band["max"]], f"{r['case']}: band as in spec")
                check(r["runs"] == 2 and r["fastest"] <= r["median"] <= r["slowest"], f"{r['case']}: figures")
            check(f"{got['failures']}/{got['executions']}" in p.stdout, "the rate is printed")

        spec = Path(tmp, "narrow.yaml")
        spec.write_text(NARROW)
        p, got = flake(sockcheck, tmp, "--runs", "3", "--target", "ref", "--spec", str(spec), "--max-rate", "0")
        check(p.returncode == 1, f"a band that cannot be met fails --max-rate 0, got {p.returncode}: {p.stderr}")
        if got:
            by = {r["case"]: r for r in got["cases"]}
            check(by["socket.recv/too-narrow"]["failures"] == 3, "the narrow band fails every run")
            check(by["socket.recv/wide"]["failures"] == 0, "the wide band fails none")
            check(by["socket.recv/too-narrow"]["slowest"] >= 0.1, "the measured time is the call's")
            check(got["failures"] == 3 and got["executions"] == 6, "3 of 6 timed calls failed")
            check("socket.recv/too-narrow (ref): 3/3" in p.stdout, "the failing case is listed")
            check("took" in " ".join(by["socket.recv/too-narrow"]["reasons"]), "with the runner's reason")

    print("timing_flake_rate_test:", "FAILED" if failures else "ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
