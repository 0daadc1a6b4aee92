#!/usr/bin/env python3
"""The live progress line of `sockcheck run`, on a real pseudo-terminal: drawn
on a terminal ("[done/total] cases", ending with the final count and then
erased), and absent with NO_COLOR, with CI set, with TERM=dumb and when
stderr is not a terminal, so CI logs stay clean.

  progress_line_test.py --sockcheck PATH
"""
import argparse
import os
import pty
import re
import select
import subprocess
import sys
import tempfile
import time

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print(f"FAIL: {what}")


def run_on_pty(cmd, env):
    """Runs cmd with stderr on a pty; returns (exit code, bytes written to it)."""
    master, slave = pty.openpty()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    out = b""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1.0)
        if not ready:
            if p.poll() is not None:
                break
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed its end
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    try:
        code = p.wait(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        p.kill()
        code = p.wait()
    return code, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sockcheck", required=True)
    sockcheck = ap.parse_args().sockcheck
    base = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "TERM")}
    base["TERM"] = "xterm"

    with tempfile.TemporaryDirectory() as tmp:
        # The conversion cases on ref: plain cases only, so the run is short.
        cmd = [sockcheck, "run", "--target", "ref", "--area", "conversions", "-o", tmp]
        code, out = run_on_pty(cmd, base)
        check(code == 0, f"the run passes on a terminal, exit {code}")
        draws = re.findall(rb"\r\[(\d+)/(\d+)\] cases, \d+\.\d s", out)
        check(bool(draws), f"a progress line is drawn on a terminal: {out[:200]!r}")
        if draws:
            done, total = int(draws[-1][0]), int(draws[-1][1])
            check(done == total and total > 100, f"the last draw counts every case: {done}/{total}")
            check(all(int(a) <= int(b) for a, b in draws), "done never exceeds total")
        check(out.endswith(b"\r\x1b[K"), f"the line is erased at the end: {out[-20:]!r}")

        for name, extra in (("NO_COLOR", {"NO_COLOR": "1"}), ("CI", {"CI": "true"}), ("TERM=dumb", {"TERM": "dumb"})):
            code, out = run_on_pty(cmd, {**base, **extra})
            check(code == 0, f"{name}: exit {code}")
            check(b"cases," not in out and b"\x1b[K" not in out, f"{name}: no progress line: {out[:200]!r}")

        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=base, timeout=300)
        check(p.returncode == 0 and b"\r" not in p.stderr and b"\r" not in p.stdout,
              "stderr on a pipe: no progress line")

    print("progress_line_test:", "FAILED" if failures else "ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
