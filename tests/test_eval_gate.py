"""Evaluation gate: extraction accuracy on the seeds and the shared dev corpus never drops below
the floors pinned in eval_floors.yaml (run through the real `python build.py evaluate` command)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DEV, ROOT, SEEDS_GOLD

FLOORS = yaml.safe_load((Path(__file__).parent / "eval_floors.yaml").read_text(encoding="utf-8"))
FORMATS = Path(__file__).parent / "data" / "formats"
SETS = {"seeds": (SEEDS_GOLD, ROOT / "corpus"), "dev-corpus": (DEV / "gold.yaml", DEV),
        "formats": (FORMATS / "gold.yaml", FORMATS)}


def _run(gold: Path, corpus: Path) -> str:
    out = subprocess.run([sys.executable, str(ROOT / "build.py"), "evaluate", str(gold), "--corpus", str(corpus)],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    return out.stdout


@pytest.mark.parametrize("name", sorted(SETS))
def test_floors(name):
    gold, corpus = SETS[name]
    if not gold.is_file():
        pytest.skip(f"{gold} is not present (the shared folder sits beside the clone in CI)")
    report = _run(gold, corpus)
    floors = FLOORS[name]
    per_field = {m.group(1): float(m.group(2)) / 100 for m in re.finditer(r"^(\w+)\s+\d+\s+\d+\s+\d+\s+([\d.]+)%", report, re.M)}
    assert len(per_field) == 14, report
    for fieldname, acc in per_field.items():
        assert acc >= floors["per_field"], f"{name}: {fieldname} {acc:.1%} < floor\n{report}"
    overall = float(re.search(r"^all fields\s+([\d.]+)%", report, re.M).group(1)) / 100
    assert overall >= floors["all_fields"], report
    m = re.search(r"people precision ([\d.]+)%, recall ([\d.]+)%", report)
    assert float(m.group(1)) / 100 >= floors["people_precision"], report
    assert float(m.group(2)) / 100 >= floors["people_recall"], report
