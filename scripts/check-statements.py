#!/usr/bin/env python3
"""Check the statement inventory in spec/statements/*.yaml.

For every entry it verifies:
  * the keys: id, doc, area, quote required; untestable optional; nothing else;
  * the id: `<profile>/<topic>/<slug>`, unique across all files, and its
    profile is the one of the entry's document;
  * the document exists in the seeds folder;
  * the quote occurs in that document after collapsing whitespace.  For the
    3.12 document (grep output, `NNN text` lines) the line numbers are
    stripped and a quote may span lines, but only lines that are consecutive
    in the original file (a quote must not join fragments across a gap);
  * `untestable`, when present, is a non-empty reason.

Then it prints the number of statements per document and area (and how many
of them are untestable).  Exit status 0 when clean, 1 on any error.

Python 3 standard library only.  The files are read with a small parser for
exactly the inventory's format (a top-level `statements:` list of flat
mappings of one-line scalars, plain or quoted); when PyYAML is installed the
result is cross-checked against it.

usage: scripts/check-statements.py [--seeds DIR] [--statements DIR] [-q]
"""

from __future__ import annotations

import argparse
import collections
import pathlib
import re
import sys

PROFILES = {
    "000_b42094c98498c053.txt": "1.x",
    "002_aba99aecf4369f5c.txt": "2.4",
    "001_e4d1b35d7367b617.txt": "2.6",
    "003_ac34b2b55d1ebb3c.txt": "3.3",
    "004_d562f9dcb6cea31b.txt": "3.12",
}
NUMBERED = {"004_d562f9dcb6cea31b.txt"}  # grep output with line-number prefixes
PROFILE_ORDER = ["1.x", "2.4", "2.6", "3.3", "3.12"]

AREAS = {
    "conversions", "byte-order", "addresses", "getaddrinfo", "cmsg",
    "socket-objects", "timeouts", "exceptions", "constants", "module",
}
KEYS_REQUIRED = ("id", "doc", "area", "quote")
KEYS_OPTIONAL = ("untestable",)

ID_RE = re.compile(
    r"^(?P<profile>1\.x|2\.4|2\.6|3\.3|3\.12)"
    r"/(?P<topic>[a-z0-9][a-z0-9._-]*)"
    r"/(?P<slug>[a-z0-9][a-z0-9.]*(?:-[a-z0-9.]+)*)$"
)


class ParseError(Exception):
    def __init__(self, line: int, msg: str):
        super().__init__(f"line {line}: {msg}")
        self.line = line


# --------------------------------------------------------------------------
# A parser for exactly the inventory's YAML subset.

def _scalar(text: str, line: int) -> str:
    """Parse a one-line YAML scalar: '...', "...", or plain (with # comments)."""
    text = text.strip()
    if not text:
        raise ParseError(line, "empty value")
    if text[0] == "'":
        out, i = [], 1
        while i < len(text):
            c = text[i]
            if c == "'":
                if i + 1 < len(text) and text[i + 1] == "'":
                    out.append("'")
                    i += 2
                    continue
                rest = text[i + 1:].strip()
                if rest and not rest.startswith("#"):
                    raise ParseError(line, f"text after closing quote: {rest!r}")
                return "".join(out)
            out.append(c)
            i += 1
        raise ParseError(line, "unterminated single-quoted scalar "
                               "(quotes must fit on one line)")
    if text[0] == '"':
        escapes = {'"': '"', "\\": "\\", "/": "/", "n": "\n", "t": "\t",
                   " ": " ", "0": "\0"}
        out, i = [], 1
        while i < len(text):
            c = text[i]
            if c == "\\":
                if i + 1 >= len(text) or text[i + 1] not in escapes:
                    raise ParseError(line, f"unsupported escape in {text!r}")
                out.append(escapes[text[i + 1]])
                i += 2
                continue
            if c == '"':
                rest = text[i + 1:].strip()
                if rest and not rest.startswith("#"):
                    raise ParseError(line, f"text after closing quote: {rest!r}")
                return "".join(out)
            out.append(c)
            i += 1
        raise ParseError(line, "unterminated double-quoted scalar "
                               "(quotes must fit on one line)")
    if text[0] in "[{&*!|>%@`":
        raise ParseError(line, f"unsupported value syntax: {text!r}")
    # plain scalar: a comment starts at ' #'
    m = re.search(r"\s#", text)
    if m:
        text = text[:m.start()].rstrip()
    if ": " in text or text.endswith(":"):
        raise ParseError(line, f"plain value contains ': ' (quote it): {text!r}")
    return text


def parse_inventory(src: str) -> list[tuple[int, dict[str, str]]]:
    """Return [(line, {key: value})] for the entries of `statements:`."""
    entries: list[tuple[int, dict[str, str]]] = []
    seen_top = False
    item_indent = None
    current = None
    for n, raw in enumerate(src.splitlines(), 1):
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise ParseError(n, "tab in indentation")
        stripped = raw.strip()
        if not stripped or stripped.startswith("#") or stripped == "---":
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if indent == 0:
            if stripped != "statements:" or seen_top:
                raise ParseError(n, f"expected a single top-level 'statements:', got {stripped!r}")
            seen_top = True
            continue
        if not seen_top:
            raise ParseError(n, "content before 'statements:'")
        body = stripped
        if body.startswith("- "):
            if item_indent is None:
                item_indent = indent
            if indent != item_indent:
                raise ParseError(n, "list item at an unexpected indentation")
            current = {}
            entries.append((n, current))
            body = body[2:].strip()
            key_indent = indent + 2
        else:
            if current is None:
                raise ParseError(n, "mapping key outside a list item")
            if indent != item_indent + 2:
                raise ParseError(n, "key at an unexpected indentation "
                                    "(multi-line values are not supported)")
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*):(?:\s+(.*))?$", body)
        if not m:
            raise ParseError(n, f"expected 'key: value', got {body!r}")
        key, value = m.group(1), m.group(2)
        if value is None or not value.strip():
            raise ParseError(n, f"key {key!r} has no value on its line")
        if key in current:
            raise ParseError(n, f"duplicate key {key!r}")
        current[key] = _scalar(value, n)
    if not seen_top:
        raise ParseError(1, "no top-level 'statements:'")
    return entries


# --------------------------------------------------------------------------
# Seeds.

def norm(s: str) -> str:
    return " ".join(s.split())


class Seed:
    def __init__(self, path: pathlib.Path):
        text = path.read_text(encoding="utf-8")
        if path.name in NUMBERED:
            # Blocks of lines consecutive in the original file.
            blocks: list[list[str]] = []
            prev = None
            for raw in text.splitlines():
                m = re.match(r"^(\d+) ?(.*)$", raw)
                if not m:  # header ("Lines Matching ...")
                    blocks.append([raw])
                    prev = None
                    continue
                num = int(m.group(1))
                if prev is not None and num == prev + 1:
                    blocks[-1].append(m.group(2))
                else:
                    blocks.append([m.group(2)])
                prev = num
            self.blocks = [norm(" ".join(b)) for b in blocks]
            self.flat = norm(" ".join(" ".join(b) for b in blocks))
        else:
            self.blocks = [norm(text)]
            self.flat = self.blocks[0]

    def find(self, quote: str) -> str:
        """'ok', 'gap' (only across non-consecutive lines) or 'missing'."""
        q = norm(quote)
        if any(q in b for b in self.blocks):
            return "ok"
        if q in self.flat:
            return "gap"
        return "missing"


# --------------------------------------------------------------------------

def main() -> int:
    repo = pathlib.Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=pathlib.Path,
                    default=repo.parent / "shared" / "seeds")
    ap.add_argument("--statements", type=pathlib.Path,
                    default=repo / "spec" / "statements")
    ap.add_argument("-q", "--quiet", action="store_true",
                    help="print errors only, no table")
    args = ap.parse_args()

    errors: list[str] = []
    warnings: list[str] = []

    seeds: dict[str, Seed] = {}
    for name in PROFILES:
        p = args.seeds / name
        if p.is_file():
            seeds[name] = Seed(p)
        else:
            errors.append(f"{p}: seed document missing")

    try:
        import yaml  # type: ignore
    except ImportError:
        yaml = None

    files = sorted(args.statements.glob("*.yaml"))
    if not files:
        errors.append(f"{args.statements}: no *.yaml files")

    ids: dict[str, str] = {}
    seen_quotes: dict[tuple[str, str, str], str] = {}
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    untestable: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    per_file: collections.Counter = collections.Counter()

    for f in files:
        rel = f.relative_to(args.statements.parent.parent) if args.statements.parent.parent in f.parents else f
        src = f.read_text(encoding="utf-8")
        try:
            entries = parse_inventory(src)
        except ParseError as e:
            if yaml is None:
                errors.append(f"{rel}:{e}")
                continue
            warnings.append(f"{rel}: {e}; falling back to PyYAML (no line numbers)")
            try:
                data = yaml.safe_load(src)
            except Exception as ye:  # noqa: BLE001
                errors.append(f"{rel}: not valid YAML: {ye}")
                continue
            if not isinstance(data, dict) or set(data) != {"statements"} \
                    or not isinstance(data["statements"], list):
                errors.append(f"{rel}: top level must be a mapping with only 'statements:' (a list)")
                continue
            entries = []
            for i, d in enumerate(data["statements"]):
                if not isinstance(d, dict):
                    errors.append(f"{rel}: entry {i + 1} is not a mapping")
                    continue
                entries.append((0, {str(k): v for k, v in d.items()}))
        else:
            if yaml is not None:
                try:
                    data = yaml.safe_load(src)
                    ylist = data.get("statements") if isinstance(data, dict) else None
                    mine = [d for _, d in entries]
                    if ylist != mine:
                        for (ln, d), y in zip(entries, ylist or []):
                            if d != y:
                                errors.append(f"{rel}:{ln}: PyYAML reads this entry differently: {y!r}")
                                break
                        else:
                            errors.append(f"{rel}: PyYAML reads a different number of entries")
                except Exception as ye:  # noqa: BLE001
                    errors.append(f"{rel}: PyYAML rejects the file: {ye}")

        for ln, d in entries:
            where = f"{rel}:{ln}" if ln else f"{rel}"
            per_file[f.name] += 1
            for k in KEYS_REQUIRED:
                if k not in d:
                    errors.append(f"{where}: missing key {k!r}")
            for k in d:
                if k not in KEYS_REQUIRED and k not in KEYS_OPTIONAL:
                    errors.append(f"{where}: unknown key {k!r}")
            for k, v in d.items():
                if not isinstance(v, str) or not v.strip():
                    errors.append(f"{where}: {k!r} must be a non-empty string")
            sid, doc, area, quote = (d.get(k) for k in KEYS_REQUIRED)
            if not all(isinstance(x, str) for x in (sid, doc, area, quote)):
                continue
            where = f"{where} [{sid}]"
            m = ID_RE.match(sid)
            if not m:
                errors.append(f"{where}: id must be <profile>/<topic>/<slug> "
                              "(lowercase; slug in kebab-case)")
            if sid in ids:
                errors.append(f"{where}: duplicate id (first in {ids[sid]})")
            else:
                ids[sid] = where
            if doc not in PROFILES:
                errors.append(f"{where}: unknown document {doc!r}")
                continue
            if m and m.group("profile") != PROFILES[doc]:
                errors.append(f"{where}: id profile {m.group('profile')!r} but "
                              f"{doc} is profile {PROFILES[doc]!r}")
            if area not in AREAS:
                errors.append(f"{where}: unknown area {area!r} "
                              f"(known: {', '.join(sorted(AREAS))})")
            if doc in seeds:
                found = seeds[doc].find(quote)
                if found == "missing":
                    errors.append(f"{where}: quote not found in {doc}: {norm(quote)!r}")
                elif found == "gap":
                    errors.append(f"{where}: quote joins lines that are not consecutive "
                                  f"in the original of {doc}: {norm(quote)!r}")
            topic = m.group("topic") if m else ""
            key = (doc, topic, norm(quote))
            if key in seen_quotes:
                warnings.append(f"{where}: same document, topic and quote as {seen_quotes[key]}")
            else:
                seen_quotes[key] = sid
            counts[doc][area] += 1
            if "untestable" in d:
                untestable[doc][area] += 1

    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)

    if not args.quiet:
        areas = sorted({a for c in counts.values() for a in c})
        docs = sorted(counts, key=lambda d: PROFILE_ORDER.index(PROFILES.get(d, "3.12")))
        w = max([len(a) for a in areas] + [5])
        head = f"{'area':<{w}} " + " ".join(f"{PROFILES.get(d, '?'):>9}" for d in docs) + f" {'total':>9}"
        print("statements per document and area (untestable in parentheses)")
        print(head)
        print("-" * len(head))
        for a in areas + ["TOTAL"]:
            cells = []
            tot = tot_u = 0
            for d in docs:
                n = sum(counts[d].values()) if a == "TOTAL" else counts[d][a]
                u = sum(untestable[d].values()) if a == "TOTAL" else untestable[d][a]
                tot += n
                tot_u += u
                cells.append(f"{n:>4} ({u:>2})" if n else f"{'-':>9}")
            print(f"{a:<{w}} " + " ".join(cells) + f" {tot:>4} ({tot_u:>2})")
        print()
        print("per file: " + ", ".join(f"{k}={v}" for k, v in sorted(per_file.items())))
        print(f"{sum(per_file.values())} statements, {len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
