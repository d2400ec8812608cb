"""The code fingerprints say what a change of the code invalidates: records (extraction), pages
(the site), or nothing (the preview server, the command line, the summary)."""
from __future__ import annotations

import shutil
import sys
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
    ("core/progress.py", False, False),  # messages while building, not what is built
    ("core/profiling.py", False, False),
    ("core/config.py", False, True),
    ("core/i18n.py", False, True),  # the report page shows the messages
    ("build/pipeline.py", False, True),
    ("site/render.py", False, True),
    ("output/write.py", False, True),
    ("store/dedupe.py", True, False),  # its verdicts are kept in the store with the records
    ("extract/people.py", True, False),
    ("readers/html.py", True, False),
    ("vn/sort.py", True, True),
    ("gazetteer/__init__.py", True, False),
    ("gazetteer/datacache.py", True, False),
])
def test_what_a_code_change_invalidates(package, path, records, pages):
    before = _both()
    target = package / path
    target.write_text(target.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after = _both()
    assert (before[0] != after[0], before[1] != after[1]) == (records, pages)


def test_the_gazetteer_data_shapes_records_and_its_cache_does_not(tmp_path, monkeypatch):
    """The units come from the vietnam-provinces and vietnamadminunits packages: another version
    of either reads every bulletin again. The gazetteer's data cache (gazetteer/datacache.py,
    outside the package) is only a faster way to the same units: made or not, nothing changes."""
    from danvan_site import gazetteer as gz

    def extraction() -> str:
        return fingerprints._fingerprint(fingerprints.EXTRACTION_PARTS, fingerprints.EXTRACTION_LIBRARIES, "extraction")

    before = extraction()
    monkeypatch.setenv("DANVAN_DATA_CACHE", str(tmp_path / "data-cache"))
    gz.load.__wrapped__()
    gz._successor_map.__wrapped__()
    assert any((tmp_path / "data-cache").iterdir())
    assert extraction() == before
    real = fingerprints.library_version
    for name in ("vietnam-provinces", "vietnamadminunits"):
        monkeypatch.setattr(fingerprints, "library_version", lambda n, name=name: "9.9.9" if n == name else real(n))
        assert extraction() != before, name


@pytest.mark.parametrize("name", sorted({*fingerprints.EXTRACTION_LIBRARIES, *fingerprints.SITE_LIBRARIES,
                                         "danvan-site", "Jinja2", "PyYAML", "lxml-html-clean", "no-such-library"}))
def test_library_versions_are_those_importlib_metadata_finds(name):
    """The fingerprints read the libraries' versions from their ``*.dist-info`` folders (without
    importing ``importlib.metadata``): the same answer, for every library they name, in any
    spelling of the name, and None for one not installed."""
    from importlib import metadata

    try:
        expected = metadata.version(name)
    except metadata.PackageNotFoundError:
        expected = None
    assert fingerprints.library_version(name) == expected
    if name != "no-such-library":
        assert expected is not None  # the test environment installs every library named


def test_a_library_version_from_an_egg_info_folder_without_one_in_its_name(tmp_path, monkeypatch):
    """An ``*.egg-info`` folder of an old develop install names no version: its ``PKG-INFO`` does."""
    folder = tmp_path / "Some_Lib.egg-info"
    folder.mkdir()
    (folder / "PKG-INFO").write_text("Metadata-Version: 1.0\nName: some-lib\nVersion: 2.5.1\n\nVersion: 0\n",
                                     encoding="utf-8")
    (tmp_path / "other-1.0-py3.11.egg-info").mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    fingerprints._info_folders.cache_clear()
    try:
        assert fingerprints.library_version("some-lib") == "2.5.1"
        assert fingerprints.library_version("Some.Lib") == "2.5.1"
        assert fingerprints.library_version("other") == "1.0"
        assert fingerprints.library_version("jinja2") is None
    finally:
        fingerprints._info_folders.cache_clear()
