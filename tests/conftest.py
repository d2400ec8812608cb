"""Shared fixtures: paths of the shipped corpus and of the shared evaluation material."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The command line speaks Vietnamese by default (core/i18n.py); the tests read its English
# messages unless they choose a language themselves (tests/test_i18n.py, tests/test_cli.py).
os.environ["DANVAN_LANG"] = "en"
# The gazetteer's data cache (gazetteer/datacache.py) in a folder of this test session, never in
# the user's ~/.cache: set before anything runs, so the builds' subprocesses inherit it too.
DATA_CACHE = tempfile.mkdtemp(prefix="danvan-data-cache-")
os.environ["DANVAN_DATA_CACHE"] = DATA_CACHE
atexit.register(shutil.rmtree, DATA_CACHE, True)
# Every incremental build of the suite signs the groupings it keeps as settled anyway, and fails on
# one whose signature changed (site/render.py, ``_Renderer._settle``): set before the renderer is
# imported, and inherited by the builds' subprocesses.
os.environ["DANVAN_CHECK_SETTLED"] = "1"

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
SEEDS_GOLD = SHARED / "seeds" / "gold.yaml"
DEV = SHARED / "dev-corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def seed_articles():
    from danvan_site.extract import extract
    from danvan_site.readers.text import find_bulletins, read_source

    return {p.name: extract(read_source(p, CORPUS)) for p in find_bulletins(CORPUS)}


BASE_URL = "https://example.org/luu-tru"


def seed_settings(out: Path, corpus: Path = CORPUS, **extra):
    """Settings for a build of a corpus (the seeds by default) into ``out``, from site.yaml."""
    from danvan_site.core.config import load_settings

    # The working folder (cache, spare copy of the site) beside the output, not in the repository.
    extra.setdefault("work_dir", str(Path(out).parent / ".danvan"))
    return load_settings(ROOT / "site.yaml", {"corpus": str(corpus), "output": str(out), **extra})


@pytest.fixture(scope="session")
def plain_seed_site(tmp_path_factory) -> Path:
    """The seeds built without a base URL (shared by the tests that only read it)."""
    from danvan_site.build.pipeline import build

    out = tmp_path_factory.mktemp("plain") / "site"
    build(seed_settings(out))
    return out


@pytest.fixture(scope="session")
def based_seed_site(tmp_path_factory) -> Path:
    """The seeds built with the base URL https://example.org/luu-tru."""
    from danvan_site.build.pipeline import build

    out = tmp_path_factory.mktemp("based") / "site"
    build(seed_settings(out, base_url=BASE_URL))
    return out
