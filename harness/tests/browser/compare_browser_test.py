#!/usr/bin/env python3
"""compare.html in headless Chromium.

Runs `sockcheck compare` twice (over every available target, and over
hostile.yaml on ref and libc), opens each compare.html from file:// in
headless Chromium, and checks what the page reports about itself on
<body> (compare.js sets data-state, data-cases, data-targets,
data-differing, data-visible and data-errors) against compare.json, that
Chromium logged no console message (the page logs none; a script error, a
blocked fetch or a CSP violation would), and that no hostile string became
markup.

Exit 0: passed; 1: failed; 77: skipped because no Chromium is installed
(CTest's SKIP_RETURN_CODE). scripts/test installs chromium
(scripts/packages/browser.txt), so CI runs it.

    compare_browser_test.py --sockcheck BIN [--screenshot OUT.png] [--keep DIR]
"""

import argparse
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root, where the sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]


class Failure(Exception):
    pass


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium(binary, url, *extra):
    """Runs Chromium on `url` in a fresh profile; returns (stdout, stderr)."""
    with tempfile.TemporaryDirectory(prefix="sockcheck-chromium-") as profile:
        proc = subprocess.run(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=120,
        )
    if proc.returncode != 0:
        raise Failure(f"chromium exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    return proc.stdout, proc.stderr


def console_lines(stderr):
    # With --enable-logging=stderr every console message (console.log,
    # console.error, an uncaught exception, a CSP violation) is a line
    # ":INFO:CONSOLE...". The page writes none, so any is a failure.
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


class DomReader(html.parser.HTMLParser):
    """Collects <body>'s attributes, the elements by tag, and the text of
    the rendered page (outside <script> and <style>)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.body = None
        self.tags = {}
        self.ids = {}
        self.text = []
        self._raw = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body" and self.body is None:
            self.body = attrs
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if "id" in attrs:
            self.ids[attrs["id"]] = attrs
        if tag in ("script", "style"):
            self._raw += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._raw -= 1

    def handle_data(self, data):
        if not self._raw:
            self.text.append(data)


def dump(binary, page, fragment=""):
    url = "file://" + os.path.abspath(page) + fragment
    started = time.monotonic()
    dom, stderr = chromium(binary, url, "--dump-dom")
    reader = DomReader()
    reader.feed(dom)
    return reader, dom, console_lines(stderr), time.monotonic() - started


def sockcheck_compare(sockcheck, out, *args):
    proc = subprocess.run([sockcheck, "compare", "--out", out, *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise Failure(f"sockcheck compare {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    with open(os.path.join(out, "compare.json"), encoding="utf-8") as f:
        return json.load(f)


def expect(cond, message):
    if not cond:
        raise Failure(message)


def check_page(reader, console, model, label):
    body = reader.body or {}
    expect(body.get("data-state") == "ready", f"{label}: the page did not finish drawing: body {body}")
    expect(body.get("data-errors") == "0", f"{label}: the page counted {body.get('data-errors')} script errors")
    expect(not console, f"{label}: Chromium logged console messages:\n" + "\n".join(console))
    cases, targets = len(model["cases"]), len(model["targets"])
    differing = sum(1 for c in model["cases"] if c["differs"])
    expect(body.get("data-cases") == str(cases), f"{label}: {body.get('data-cases')} case rows drawn, compare.json has {cases}")
    expect(body.get("data-targets") == str(targets),
           f"{label}: {body.get('data-targets')} target columns drawn, compare.json has {targets}")
    expect(body.get("data-differing") == str(differing),
           f"{label}: {body.get('data-differing')} rows marked as differing, compare.json has {differing}")
    # The default filter shows the rows where targets differ, and only them
    # (every row when none differs).
    shown = differing or cases
    expect(body.get("data-visible") == str(shown),
           f"{label}: {body.get('data-visible')} rows visible under the default filter, expected {shown}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sockcheck", required=True)
    parser.add_argument("--screenshot", help="also save a screenshot of the full comparison here")
    parser.add_argument("--keep", help="write the reports here instead of a temporary folder")
    args = parser.parse_args()

    binary = find_chromium()
    if binary is None:
        print("SKIP: no chromium here (apt-get install chromium; scripts/packages/browser.txt lists it)")
        return SKIP

    work = args.keep or tempfile.mkdtemp(prefix="sockcheck-browser-")
    try:
        # 1. Every available target: the real report.
        full_dir = os.path.join(work, "all")
        model = sockcheck_compare(args.sockcheck, full_dir)
        reader, _, console, seconds = dump(binary, os.path.join(full_dir, "compare.html"))
        check_page(reader, console, model, "all targets")
        names = {t["name"] for t in model["targets"]}
        expect({"ref", "libc"} <= names, f"ref and libc are always available, got {sorted(names)}")
        print(f"all targets: {len(model['targets'])} targets, {len(model['cases'])} cases, "
              f"{sum(c['differs'] for c in model['cases'])} differing; Chromium took {seconds:.1f} s, "
              f"the page's script {reader.body.get('data-render-ms')} ms")

        # 2. Hostile text, with one case opened through the address.
        hostile_dir = os.path.join(work, "hostile")
        hostile = sockcheck_compare(args.sockcheck, hostile_dir, "--spec", os.path.join(HERE, "hostile.yaml"),
                                    "--target", "ref,libc")
        opened = "inet_aton/hostile/script-in-argument"
        reader, dom, console, _ = dump(binary, os.path.join(hostile_dir, "compare.html"), "#case=" + opened)
        check_page(reader, console, hostile, "hostile")
        body = reader.body
        expect(body.get("data-revealed") == opened, f"hostile: #case= did not open the case: body {body}")
        expect("data-pwned" not in body, f"hostile: a hostile string ran as script: body {body}")
        # The page's own elements only: two scripts, one style, no element
        # a value could have brought (img, svg, i, b).
        expect(reader.tags.get("script") == 2, f"hostile: {reader.tags.get('script')} script elements")
        for tag in ("img", "svg", "i", "b", "iframe"):
            expect(tag not in reader.tags, f"hostile: a <{tag}> element appeared from the data")
        text = "".join(reader.text)
        for needle in ("</script><script>document.body.dataset.pwned='quote'</script><!--",
                       "<img src=x onerror=\"document.body.dataset.pwned='note'\">",
                       # the call, as repr writes it (quotes escaped)
                       "inet_aton('1.2.3.4 </script><script>document.body.dataset.pwned=\\'arg\\'</script>')",
                       "<b>reason</b>", "\U0001F600"):
            expect(needle in text, f"hostile: {needle!r} is not shown as text in the opened case")
        print("hostile: every hostile string shown as text, nothing ran")

        if args.screenshot:
            chromium(binary, "file://" + os.path.abspath(os.path.join(full_dir, "compare.html")),
                     "--window-size=1600,2400", f"--screenshot={os.path.abspath(args.screenshot)}")
            print(f"screenshot: {args.screenshot}")
    except Failure as e:
        print(f"FAILED: {e}", file=sys.stderr)
        print(f"reports kept in {work}", file=sys.stderr)
        return 1
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
