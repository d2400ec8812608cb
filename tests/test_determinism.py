"""Two builds of the same input are byte-identical: no timestamps unless SOURCE_DATE_EPOCH is set,
stable order everywhere (hash seeds, output folder names and the order files are found in do not
matter)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from conftest import CORPUS, DEV, ROOT
from danvan_site.core.config import source_date_epoch
from danvan_site.core.errors import ConfigError

BUILD = str(ROOT / "build.py")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(cwd: Path, corpus: Path, out: Path, hash_seed: str, epoch: str | None = None) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONHASHSEED"] = hash_seed
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    run = subprocess.run([sys.executable, BUILD, "--config", str(ROOT / "site.yaml"), "--corpus", str(corpus),
                          "--output", str(out), "--base-url", "https://example.org/luu-tru", "-q"],
                         cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("det") / "corpus"
    shutil.copytree(CORPUS, folder)
    for path in DEV.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    shutil.copy(CORPUS / "000_889518c93afc39ce.txt", folder / "zz_copy.txt")  # a duplicate too
    return folder


def test_two_builds_are_byte_identical(corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    _build(tmp_path / "x", corpus, tmp_path / "first", hash_seed="1")
    _build(tmp_path / "y", corpus, tmp_path / "second-site", hash_seed="4242")
    first, second = _tree(tmp_path / "first"), _tree(tmp_path / "second-site")
    assert list(first) == list(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert len(first) > 200 and any(name.startswith("pagefind/") for name in first)  # the search index too
    # No build time anywhere without SOURCE_DATE_EPOCH.
    export = json.loads(first["api/articles.json"])
    assert "generated" not in export
    assert b"C\xe1\xba\xadp nh\xe1\xba\xadt l\xc3\xbac" not in first["index.html"]  # "Cập nhật lúc"


def test_source_date_epoch_is_the_only_time_shown(corpus: Path, tmp_path: Path) -> None:
    _build(tmp_path, corpus, tmp_path / "a", hash_seed="1", epoch="1700000000")
    _build(tmp_path, corpus, tmp_path / "b", hash_seed="2", epoch="1700000000")
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert a == b
    export = json.loads(a["api/articles.json"])
    assert export["generated"] == "2023-11-15T05:13:20+07:00"
    assert json.loads(a["api/report.json"])["generated"] == "2023-11-15T05:13:20+07:00"
    home = a["index.html"].decode("utf-8")
    assert 'Cập nhật lúc <time datetime="2023-11-15T05:13:20+07:00">05:13, Thứ Tư, 15/11/2023</time>' in home


@pytest.mark.parametrize("value, expected", [
    ("", None),
    ("0", "1970-01-01T07:00:00+07:00"),
    ("1626404940", "2021-07-16T10:09:00+07:00"),
    (" 1626404940\n", "2021-07-16T10:09:00+07:00"),
])
def test_source_date_epoch_values(value: str, expected: str | None) -> None:
    result = source_date_epoch({"SOURCE_DATE_EPOCH": value})
    assert (result.isoformat() if isinstance(result, datetime) else result) == expected


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5", "99999999999999999999"])
def test_bad_source_date_epoch_is_a_clear_error(value: str) -> None:
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH"):
        source_date_epoch({"SOURCE_DATE_EPOCH": value})
