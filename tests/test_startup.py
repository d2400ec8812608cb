"""What a build that finds nothing changed imports: only what its check needs.

That build is the one run most often (``serve`` and scripts run it after every save); at 10,000
bulletins it takes about 0.3 s, and before the imports below were deferred a third of that was
importing modules it never used. The parser, the renderer, ``site.yaml``'s YAML reader (there is
no ``site.yaml`` here), the process pools, ``importlib.metadata`` (the fingerprints read the
libraries' versions themselves) and the near-duplicate rules are imported by the builds that use
them."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import CORPUS, ROOT

# Modules the check must not import (each, or any module under it).
NOT_NEEDED = ("yaml", "multiprocessing", "concurrent.futures", "importlib.metadata", "jinja2",
              "danvan_site.extract", "danvan_site.gazetteer", "danvan_site.archive", "danvan_site.site",
              "danvan_site.search", "danvan_site.store.dedupe")


def _build(tmp_path: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DANVAN_LANG": "en"}
    return subprocess.run([sys.executable, *flags, str(ROOT / "build.py"), "--corpus", str(tmp_path / "corpus"),
                           "--output", str(tmp_path / "site"), "--cache", str(tmp_path / "cache"), "--no-search",
                           "--no-progress"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def test_a_build_that_finds_nothing_changed_imports_only_what_its_check_needs(tmp_path: Path) -> None:
    shutil.copytree(CORPUS, tmp_path / "corpus")
    assert not (tmp_path / "site.yaml").exists()  # else the YAML reader is needed
    first = _build(tmp_path)
    assert first.returncode == 0, first.stderr
    again = _build(tmp_path, "-X", "importtime")
    assert again.returncode == 0, again.stderr
    assert "Nothing changed" in again.stdout + again.stderr
    imported = set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", again.stderr, re.MULTILINE))
    assert "danvan_site.build.pipeline" in imported and "danvan_site.store.fingerprints" in imported
    needless = sorted(m for m in imported if any(m == n or m.startswith(n + ".") for n in NOT_NEEDED))
    assert needless == []
