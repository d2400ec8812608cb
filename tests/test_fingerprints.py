"""The code fingerprints say what a change of the code invalidates: records (extraction), pages
(the site), or nothing (the preview server, the command line, the summary)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from danvan_site.store import fingerprints


@pytest.fixture
def package(tmp_path, monkeypatch) -> Path:
    copy = tmp_path / "danvan_site"
    shutil.copytree(fingerprints.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprints, "PACKAGE", copy)
    return copy


def _both() -> tuple[str, str]:
    return (fingerprints._fingerprint(fingerprints.EXTRACTION_PARTS, (), "extraction"),
            fingerprints._fingerprint(fingerprints.SITE_PARTS, (), "site"))


@pytest.mark.parametrize("path, records, pages", [
    ("dev/serve.py", False, False),
    ("cli/__init__.py", False, False),
    ("build/report.py", False, False),
    ("build/pipeline.py", False, True),
    ("site/render.py", False, True),
    ("output/write.py", False, True),
    ("store/dedupe.py", True, False),  # its verdicts are kept in the store with the records
    ("extract/people.py", True, False),
    ("readers/html.py", True, False),
    ("vn/sort.py", True, True),
])
def test_what_a_code_change_invalidates(package, path, records, pages):
    before = _both()
    target = package / path
    target.write_text(target.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after = _both()
    assert (before[0] != after[0], before[1] != after[1]) == (records, pages)
