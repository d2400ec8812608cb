"""Evaluation gate: extraction accuracy never drops below the floors pinned in eval_floors.yaml.

The real command runs (`python build.py evaluate GOLD --corpus DIR --json FILE`) and the gate
reads its JSON, not its printed table: per-field counts, people precision and recall, and the
SHA-256 of the gold file the floors were pinned against (trafilatura's tests/eval_gate.py is the
model)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

FLOORS = yaml.safe_load((Path(__file__).parent / "eval_floors.yaml").read_text(encoding="utf-8"))


def _evaluate(gold: Path, corpus: Path, out: Path) -> dict:
    subprocess.run([sys.executable, str(ROOT / "build.py"), "evaluate", str(gold), "--corpus", str(corpus),
                    "--json", str(out), "--no-failures", "-q"], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(FLOORS["sets"]))
def test_floors(name, tmp_path):
    pinned = FLOORS["sets"][name]
    gold, corpus = (ROOT / pinned["gold"]).resolve(), (ROOT / pinned["corpus"]).resolve()
    if not gold.is_file():
        pytest.skip(f"{gold} is not present (the shared folder sits beside the clone in CI)")
    report = _evaluate(gold, corpus, tmp_path / "eval.json")
    failures = "\n".join(f"  {f['file']} {f['field']}: expected {f['expected']!r}, extracted {f['extracted']!r}"
                         for f in report["failures"])
    assert report["gold_sha256"] == pinned["gold_sha256"], (
        f"{name}: the gold file changed since its floors were pinned; measure again and re-pin "
        f"tests/eval_floors.yaml (new digest {report['gold_sha256']})")
    assert not report["missing_files"], report["missing_files"]
    assert sorted(report["fields"]) == sorted(FLOORS["fields"])
    for field, score in report["fields"].items():
        floor = pinned["per_field"] if isinstance(pinned["per_field"], float) else pinned["per_field"][field]
        assert score["accuracy"] >= floor, f"{name}: {field} {score} < {floor}\n{failures}"
    assert report["all_fields"] >= pinned["all_fields"], failures
    assert report["people"]["precision"] >= pinned["people_precision"], (report["people"], failures)
    assert report["people"]["recall"] >= pinned["people_recall"], (report["people"], failures)


def test_json_counts_add_up(tmp_path):
    """The JSON's counts are the table's: correct + wrong + missing = one per gold entry with the field."""
    pinned = FLOORS["sets"]["formats"]
    gold = ROOT / pinned["gold"]
    report = _evaluate(gold, ROOT / pinned["corpus"], tmp_path / "eval.json")
    entries = yaml.safe_load(gold.read_text(encoding="utf-8"))
    for field, score in report["fields"].items():
        assert score["correct"] + score["wrong"] + score["missing"] == sum(1 for e in entries.values() if field in e)


def test_gate_fails_on_a_wrong_gold(tmp_path):
    """The gate can fail: a gold answer changed to a wrong one shows as a failure in the JSON."""
    src = ROOT / "tests/data/formats"
    entries = yaml.safe_load((src / "gold.yaml").read_text(encoding="utf-8"))
    first = sorted(entries)[0]
    entries[first]["title"] = "Một tiêu đề sai"
    gold = tmp_path / "gold.yaml"
    gold.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    report = _evaluate(gold, src, tmp_path / "eval.json")
    assert report["fields"]["title"]["wrong"] == 1
    assert {"file": first, "field": "title"} == {k: report["failures"][0][k] for k in ("file", "field")}
