#!/usr/bin/env python3
"""Compare what the generator wrote into its bulletins with what the build extracted.

    python benchmarks/generate.py 200 /tmp/gen200 --truth /tmp/gen200.truth.jsonl
    python build.py build --no-search --corpus /tmp/gen200 --output /tmp/gen200-site -q
    python benchmarks/check.py /tmp/gen200.truth.jsonl /tmp/gen200-site [--show 5]

Prints, per field, how many bulletins the build got right, got wrong and left empty, and a few
examples of each miss. Names are compared the way the dev corpus's README says: NFC, case and
old/new tone placement ignored ("Thuỷ" = "Thủy"); the publication time to the minute.
"""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
try:
    from danvan_site.vn.text import tone_key
except ImportError:
    sys.path.insert(0, str(ROOT / "src"))
    from danvan_site.vn.text import tone_key


def norm(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(tone_key(unicodedata.normalize("NFC", value)).split())
    return value


def extracted(article: dict[str, Any]) -> dict[str, Any]:
    loc = article.get("locality") or {}
    pub = article.get("published")
    author = article.get("author")
    return {
        "title": article.get("title"),
        "published": pub[:16] if pub and "T" in pub else pub,
        "event_date": article.get("event_date"),
        "locality.level": loc.get("level"),
        "locality.name": loc.get("name"),
        "locality.province": loc.get("province"),
        "meeting_type": (article.get("meeting_type") or {}).get("label"),
        "period": (article.get("period") or {}).get("label"),
        "author": author.get("name") if isinstance(author, dict) else author,
        "views": article.get("views"),
        "people": [p.get("name") for p in article.get("people") or []],
    }


def expected(rec: dict[str, Any]) -> dict[str, Any]:
    loc = rec["locality"]
    return {
        "title": rec["title"], "published": rec["published"], "event_date": rec["event_date"],
        "locality.level": loc["level"], "locality.name": loc["name"], "locality.province": loc["province"],
        "meeting_type": rec["meeting_type"], "period": rec["period"], "author": rec["author"], "views": rec["views"],
        "people": rec["people"],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("truth", type=Path, help="the generator's --truth file")
    ap.add_argument("site", type=Path, help="the built site (its api/articles.json is read)")
    ap.add_argument("--show", type=int, default=3, help="examples of misses shown per field (default 3)")
    args = ap.parse_args(argv)
    truth = {}
    with args.truth.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            truth[rec["file"]] = rec
    data = json.loads((args.site / "api" / "articles.json").read_text(encoding="utf-8"))
    articles = {a["source_file"]: a for a in data["articles"]}
    ok: dict[str, int] = defaultdict(int)
    wrong: dict[str, list[str]] = defaultdict(list)
    empty: dict[str, list[str]] = defaultdict(list)
    people_found = people_stated = people_extra = 0
    missing_files = [f for f in truth if f not in articles]
    for name, rec in truth.items():
        art = articles.get(name)
        if art is None:
            continue
        exp, got = expected(rec), extracted(art)
        for field, want in exp.items():
            have = got[field]
            if field == "people":
                w, h = [norm(x) for x in want], [norm(x) for x in have]
                people_stated += len(w)
                people_found += sum(1 for x in w if x in h)
                people_extra += sum(1 for x in h if x not in w)
                if set(w) <= set(h):
                    ok[field] += 1
                else:
                    wrong[field].append(f"{name}: want {want}, got {have}")
                continue
            if norm(want) == norm(have):
                ok[field] += 1
            elif have is None:
                empty[field].append(f"{name}: want {want!r}")
            else:
                wrong[field].append(f"{name}: want {want!r}, got {have!r}")
    n = len(truth) - len(missing_files)
    print(f"{len(truth)} bulletins generated, {n} in articles.json" + (f"; not built: {missing_files[:5]}" if missing_files else ""))
    print(f"{'field':20} {'right':>7} {'wrong':>7} {'empty':>7}")
    for field in ("title", "published", "event_date", "locality.level", "locality.name", "locality.province",
                  "meeting_type", "period", "author", "views", "people"):
        print(f"{field:20} {ok[field]:7} {len(wrong[field]):7} {len(empty[field]):7}")
    print(f"people: {people_found} of {people_stated} officials found, {people_extra} other names extracted")
    for field in sorted(set(wrong) | set(empty)):
        for line in (wrong[field][: args.show] + empty[field][: args.show]):
            print(f"  {field}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
