"""The benchmark scripts still run against the code they measure.

``benchmarks/parse.py`` and ``benchmarks/run.py`` reach into the build's own functions (the
scan, the per-file jobs, the parse step) so that they time exactly what a build does. A change
to those functions once left ``parse.py`` calling a helper that no longer existed, and nothing
failed until the next benchmark run. These tests run both scripts, as a user would, on small
corpora and check the figures they print and the work they report.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"


def test_parse_benchmark_measures_every_seed() -> None:
    done = subprocess.run([sys.executable, str(BENCH / "parse.py"), str(ROOT / "corpus"), "--json", "--repeat", "1"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["bulletins"] == 5
    assert figures["rejected"] == 0
    # The whole cost is the chrome lesson plus the records, each measured, none free.
    assert figures["chrome_ms"] > 0 and figures["records_ms"] > 0
    assert figures["cpu_ms"] == pytest.approx(figures["chrome_ms"] + figures["records_ms"], rel=1e-6)
    for step in ("segment", "people", "locality", "event_date", "meeting_type", "title"):
        assert step in figures["steps_ms"], step


def test_run_benchmark_prints_the_rebuild_rows(tmp_path: Path) -> None:
    """A 30-bulletin run of the rebuild scenarios (no Hugo, no search: neither is needed here); the
    corpus is left as it was (the edit undone, the added bulletin and the sidecar gone)."""
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--sizes", "30", "--scenarios", "parse,full,nothing,edited,added,removed,sidecar",
         "--no-hugo", "--no-search-timing", "--workdir", str(tmp_path)],
        capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {line.split("  ")[1].strip(): line for line in done.stdout.splitlines()
            if line.startswith("30  ")}
    assert set(rows) == {"parse cost (1 process, 1 core)", "(a) full build, empty cache",
                         "(b) rebuild, nothing changed", "(c) rebuild, 1 bulletin edited",
                         "(d) rebuild, 1 bulletin added", "(f) rebuild, 1 bulletin removed",
                         "(g) rebuild, 1 sidecar added"}
    assert "CPU-ms per bulletin over 30" in rows["parse cost (1 process, 1 core)"]
    assert "nothing to do: no file written" in rows["(b) rebuild, nothing changed"]
    # An edit, an addition, a removal and a sidecar write some files and keep the others.
    for name in ("(c) rebuild, 1 bulletin edited", "(d) rebuild, 1 bulletin added", "(f) rebuild, 1 bulletin removed",
                 "(g) rebuild, 1 sidecar added"):
        note = rows[name].split("  ")[-1]
        written, kept = note.split(" files written, ")
        assert int(written) > 0, rows[name]
        assert int(kept.split()[0]) > int(written), rows[name]
    # The summaries (on stderr) count the bulletin added, then one fewer.
    assert "Bulletins: 31 read" in done.stderr
    assert "1 bulletin removed" in rows["(f) rebuild, 1 bulletin removed"]
    summaries = [line for line in done.stderr.splitlines() if "Bulletins:" in line]
    assert [s.split("Bulletins: ")[1].split(" read")[0] for s in summaries] == ["30", "30", "30", "31", "30", "30"]
    corpus = tmp_path / "corpus-30-s1"
    assert sorted(p.suffix for p in corpus.iterdir()) == [".txt"] * 30
    assert not (tmp_path / "corpus-30-s1.dirty").exists()
