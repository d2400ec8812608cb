#!/usr/bin/env python3
"""The parse cost per bulletin: read -> segment -> extract a record, in one process, on one core.

    .venv/bin/python benchmarks/parse.py CORPUS [-n N] [--repeat R] [--dump FILE] [--cprofile FILE]

Runs what a build runs on each bulletin, with the build's own functions
(``danvan_site.build.pipeline``): the short lines of every file (``_lines``), the page chrome the
corpus teaches (``extract.chrome.learn``, the same count as the store's), then each bulletin's
record (``_parse``: read, extract with its learned chrome lines, sidecar, canonical JSON, sketch).
The gazetteer (both sets of units and the successor map) is loaded first and timed apart: a build
loads it once per process.

Prints one summary line, then a table of the extraction steps (the build's ``--profile`` hooks,
:mod:`danvan_site.core.profiling`)::

    parse: 1000 bulletins of corpus-1000-s1: 4.12 CPU-ms per bulletin (chrome lesson 0.61, records 3.51); gazetteer load 0.42 s
      step            ms/bulletin
      segment               0.92
      ...

CPU time is ``time.process_time`` of this process, the minimum of ``--repeat`` runs (other jobs
on the machine disturb it less than wall time); the steps are the profiling hooks' wall times
of that same run. ``--dump FILE`` writes every bulletin's record as canonical JSON (sorted keys,
one line per bulletin, in path order; a rejected bulletin as its diagnostic), so two versions of
the extractor can be compared field by field (``--compare A B`` does it).

``measure(corpus, n)`` returns the figures as a dict (for ``benchmarks/run.py``); ``main(argv)``
is the command line.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
try:
    import danvan_site  # noqa: F401
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))


def _jobs(corpus: Path, n: int | None) -> list[Any]:
    from danvan_site.build import pipeline

    scanned = pipeline._scan(corpus)
    jobs = []
    for path in scanned.bulletins[:n] if n else scanned.bulletins:
        side_path = scanned.sidecar_for(path)
        side = scanned.stamp(side_path) if side_path is not None else None
        jobs.append(pipeline._Job(path, scanned.rel(path), scanned.stamp(path) or (-1, -1), side))
    return jobs


def _run_once(corpus: Path, jobs: list[Any]) -> tuple[dict[str, Any], list[tuple[str, Any, Any]]]:
    """One pass over the bulletins: the chrome lesson, then every record. Returns the timings and the outcomes."""
    from danvan_site.build import pipeline
    from danvan_site.core import profiling
    from danvan_site.extract.chrome import MIN_DOCUMENTS, learn

    profiling.enable()
    cpu0 = time.process_time()
    wall0 = time.perf_counter()
    found = [pipeline._lines(job, corpus) for job in jobs]
    lesson = learn([lines for _, lines, _ in found if lines is not None], MIN_DOCUMENTS)
    readable = []
    for job, (_, lines, _) in zip(jobs, found):
        if lines is not None:
            readable.append(pipeline._Job(job.path, job.rel, job.stat, job.sidecar, lesson.for_file(lines)))
    cpu1 = time.process_time()
    outcomes = [pipeline._parse(job, corpus) for job in readable]
    cpu2 = time.process_time()
    wall2 = time.perf_counter()
    steps = {name.partition(":")[2]: seconds for name, (seconds, _calls) in profiling.take().items()
             if name.startswith("extract:")}
    profiling.enable(False)
    rejected = [(rel, None, problem) for rel, lines, problem in found if lines is None]
    times = {"chrome_s": cpu1 - cpu0, "records_s": cpu2 - cpu1, "cpu_s": cpu2 - cpu0, "wall_s": wall2 - wall0,
             "steps_s": steps}
    return times, sorted(outcomes + rejected, key=lambda o: o[0])


def _dump_line(rel: str, parsed: Any, problem: Any) -> str:
    if parsed is None:
        return json.dumps({"rel": rel, "rejected": problem.message if problem is not None else None},
                          ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    record = json.loads(parsed.full)
    return json.dumps({"rel": rel, "record": record}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def measure(corpus: str | Path, n: int | None = None, repeat: int = 1, dump: str | Path | None = None,
            profile_to: str | Path | None = None) -> dict[str, Any]:
    """Parse the first ``n`` bulletins of ``corpus`` (all when None) ``repeat`` times in this
    process; the figures of the fastest run (CPU): ``bulletins``, ``cpu_ms`` (per bulletin, chrome
    lesson and records), ``chrome_ms``, ``records_ms``, ``steps_ms`` (extraction step -> ms per
    bulletin), ``gazetteer_load_s``, ``wall_s``."""
    from danvan_site import gazetteer

    corpus = Path(corpus)
    jobs = _jobs(corpus, n)
    if not jobs:
        raise SystemExit(f"{corpus}: no bulletins found")
    started = time.process_time()
    gazetteer.load()  # what the build loads before forking its workers; the rest a process loads on first use
    gazetteer.load_2025()
    gazetteer.successors("00001")
    load_s = time.process_time() - started
    best: dict[str, Any] | None = None
    outcomes: list[tuple[str, Any, Any]] = []
    for _ in range(max(1, repeat)):
        if profile_to is not None:
            prof = cProfile.Profile(time.process_time)  # CPU time: less disturbed by other jobs
            prof.enable()
            times, outcomes = _run_once(corpus, jobs)
            prof.disable()
            prof.dump_stats(str(profile_to))
        else:
            times, outcomes = _run_once(corpus, jobs)
        if best is None or times["cpu_s"] < best["cpu_s"]:
            best = times
    assert best is not None
    count = len(jobs)
    if dump is not None:
        with open(dump, "w", encoding="utf-8") as out:
            for rel, parsed, problem in outcomes:
                out.write(_dump_line(rel, parsed, problem) + "\n")
    per = 1000.0 / count
    return {
        "corpus": str(corpus), "bulletins": count,
        "rejected": sum(1 for _, parsed, _ in outcomes if parsed is None),
        "cpu_ms": best["cpu_s"] * per, "chrome_ms": best["chrome_s"] * per, "records_ms": best["records_s"] * per,
        "steps_ms": {k: v * per for k, v in sorted(best["steps_s"].items(), key=lambda kv: -kv[1])},
        "gazetteer_load_s": load_s, "wall_s": best["wall_s"], "repeat": max(1, repeat),
    }


def summary(figures: dict[str, Any]) -> str:
    """The one summary line."""
    return (f"parse: {figures['bulletins']} bulletins of {Path(figures['corpus']).name}: "
            f"{figures['cpu_ms']:.2f} CPU-ms per bulletin (chrome lesson {figures['chrome_ms']:.2f}, "
            f"records {figures['records_ms']:.2f}); gazetteer load {figures['gazetteer_load_s']:.2f} s"
            + (f"; min of {figures['repeat']} runs" if figures["repeat"] > 1 else ""))


def table(figures: dict[str, Any]) -> list[str]:
    """The extraction steps, slowest first (ms per bulletin, the profiling hooks' wall time)."""
    steps = figures["steps_ms"]
    lines = [f"  {'extraction step':<16} {'ms/bulletin':>11}"]
    for name, ms in steps.items():
        lines.append(f"  {name:<16} {ms:11.3f}")
    lines.append(f"  {'(sum)':<16} {sum(steps.values()):11.3f}")
    return lines


def compare(a: str | Path, b: str | Path, show: int = 20) -> int:
    """Compare two dumps field by field; print the differences; 0 when identical."""
    def load(path: str | Path) -> dict[str, Any]:
        with open(path, encoding="utf-8") as f:
            return {row["rel"]: row for row in map(json.loads, f)}

    left, right = load(a), load(b)
    diffs: list[str] = []
    for rel in sorted(set(left) | set(right)):
        x, y = left.get(rel), right.get(rel)
        if x is None or y is None:
            diffs.append(f"{rel}: only in {'the second' if x is None else 'the first'}")
            continue
        if x == y:
            continue
        rx, ry = x.get("record") or {}, y.get("record") or {}
        for field in sorted(set(rx) | set(ry)):
            if rx.get(field) != ry.get(field):
                diffs.append(f"{rel}: {field}: {json.dumps(rx.get(field), ensure_ascii=False)[:200]} "
                             f"!= {json.dumps(ry.get(field), ensure_ascii=False)[:200]}")
        if x.get("rejected") != y.get("rejected"):
            diffs.append(f"{rel}: rejected: {x.get('rejected')!r} != {y.get('rejected')!r}")
    for line in diffs[:show]:
        print(line)
    print(f"{len(left)} and {len(right)} bulletins: " + ("identical" if not diffs else f"{len(diffs)} differences"))
    return 0 if not diffs else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", help="a folder of bulletins")
    ap.add_argument("-n", type=int, default=None, help="the first N bulletins (by path) only")
    ap.add_argument("--repeat", type=int, default=1, help="runs; the fastest (CPU) is reported")
    ap.add_argument("--dump", metavar="FILE", help="write every record as canonical JSON, one line each")
    ap.add_argument("--cprofile", metavar="FILE", help="write a cProfile of the (last) run")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON instead")
    ap.add_argument("--compare", nargs=2, metavar=("A", "B"), help="compare two dumps field by field")
    args = ap.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if not args.corpus:
        ap.error("a corpus folder is needed")
    figures = measure(args.corpus, args.n, args.repeat, args.dump, args.cprofile)
    if args.json:
        print(json.dumps(figures, indent=1))
        return 0
    print(summary(figures))
    for line in table(figures):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
