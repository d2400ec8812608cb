"""Shared fixtures: paths of the shipped corpus and of the shared evaluation material."""
from __future__ import annotations

from pathlib import Path

import pytest

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
    from danvan_site.load import find_bulletins, read_source

    return {p.name: extract(read_source(p, CORPUS)) for p in find_bulletins(CORPUS)}
