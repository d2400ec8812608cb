"""Fingerprints of what shapes the build's results besides the corpus, kept apart by what they shape.

- ``extraction_fingerprint``: what shapes a record — the readers, the extractor, the
  vocabularies and their data files, the gazetteer, the record codec and Vietnamese text helpers,
  the near-duplicate rules, and the libraries that read text or places. A change empties the
  store's records and duplicate verdicts: every bulletin is read again.
- ``site_fingerprint``: what shapes the pages from the records — the pipeline, the archive, the site (its
  default theme is fingerprinted with the templates folders by ``tree_fingerprint``), the search
  index, the writer, and the template libraries. A change renders every page again; records stay.

Editing the preview server, the command line, the progress line or the profiler's timings
(``NEITHER``) changes neither: nothing is read or rendered again for it.
"""
from __future__ import annotations

import hashlib
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

__all__ = ["extraction_fingerprint", "site_fingerprint", "tree_fingerprint"]

FORMAT = 2
PACKAGE = Path(__file__).resolve().parents[1]  # the danvan_site package
# Parts of the package (relative paths or folders) that shape records, and those that shape pages.
# The near-duplicate rules (store/dedupe.py) count with extraction: their verdicts are kept in the
# store beside the records, and a change must judge every pair again. The pipeline decides which
# records are merged and what the report says: it shapes pages.
EXTRACTION_PARTS = ("readers", "extract", "vocab", "gazetteer", "vn", "data", "core/models.py", "core/records.py",
                    "core/errors.py", "store/dedupe.py")
SITE_PARTS = ("archive", "site", "search", "output", "core", "vn", "vocab", "data", "build/pipeline.py")
# Files inside those parts that shape neither records nor pages: the progress line, the timings
# of --profile and when the cycle collector runs. Editing them must not render 60,000 pages again.
NEITHER = frozenset({"core/progress.py", "core/profiling.py", "core/heap.py"})
EXTRACTION_LIBRARIES = ("ftfy", "vietnam-provinces", "vietnamadminunits", "pyyaml", "python-slugify",
                        "trafilatura", "htmldate", "justext", "lxml", "lxml_html_clean", "python-docx")
SITE_LIBRARIES = ("jinja2", "markupsafe", "python-slugify", "pyyaml", "pagefind")


def _fingerprint(parts: tuple[str, ...], libraries: tuple[str, ...], label: str) -> str:
    h = hashlib.sha256(f"{label} {FORMAT}; python {sys.version_info[:2]}".encode())
    for part in parts:
        root = PACKAGE / part
        paths = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in paths:
            rel = path.relative_to(PACKAGE).as_posix()
            if (path.is_file() and path.suffix in (".py", ".yaml", ".yml", ".json")
                    and "__pycache__" not in path.parts and "theme" not in path.parts and rel not in NEITHER):
                h.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    for name in libraries:
        h.update(f"{name}={library_version(name) or '-'}\0".encode())
    return h.hexdigest()


_INFO_FOLDER = re.compile(r"(?P<name>[^-]+)(?:-(?P<version>[^-]+))?(?:-py[^-]*)?\.(?:dist|egg)-info")


def _normal(name: str) -> str:
    """A distribution's name as PEP 503 compares them (case and runs of '-', '_', '.' aside)."""
    return re.sub(r"[-_.]+", "_", name).lower()


@lru_cache(maxsize=None)
def _info_folders(entry: str) -> dict[str, tuple[str, str | None]]:
    """The ``*.dist-info`` and ``*.egg-info`` folders of one ``sys.path`` entry, by normalised
    name: (the folder, the version its name gives, if any)."""
    try:
        names = os.listdir(entry or ".")
    except OSError:
        return {}
    found: dict[str, tuple[str, str | None]] = {}
    for folder in sorted(names):
        match = _INFO_FOLDER.fullmatch(folder)
        if match is not None:
            found.setdefault(_normal(match["name"]), (os.path.join(entry or ".", folder), match["version"]))
    return found


def library_version(name: str) -> str | None:
    """The installed version of the distribution ``name`` (None when not installed), as
    ``importlib.metadata.version`` finds it: the first ``sys.path`` entry that holds its
    ``*.dist-info`` (or ``*.egg-info``) folder, the version from the folder's name or else from
    its ``METADATA`` / ``PKG-INFO``. Read here because importing ``importlib.metadata`` costs
    about 20 ms, a tenth of a build that finds nothing changed (which needs these versions for
    its fingerprints and nothing else of that module); the suite checks both give the same
    answer for every library fingerprinted."""
    key = _normal(name)
    for entry in sys.path:
        info = _info_folders(entry).get(key)
        if info is None:
            continue
        folder, version = info
        if version:
            return version
        for meta in ("METADATA", "PKG-INFO"):
            try:
                with open(os.path.join(folder, meta), encoding="utf-8") as handle:
                    for line in handle:
                        if line.startswith("Version:"):
                            return line.partition(":")[2].strip()
                        if not line.strip():
                            break  # the headers end at the first empty line
            except OSError:
                continue
    return None


@lru_cache(maxsize=1)
def extraction_fingerprint() -> str:
    return _fingerprint(EXTRACTION_PARTS, EXTRACTION_LIBRARIES, "extraction")


@lru_cache(maxsize=1)
def site_fingerprint() -> str:
    return _fingerprint(SITE_PARTS, SITE_LIBRARIES, "site")


def tree_fingerprint(folders: list[Path | None]) -> str:
    """A hash of the names, sizes and modification times of every file under ``folders``."""
    h = hashlib.sha256()
    for folder in folders:
        if folder is None:
            continue
        h.update(f"[{folder}]".encode())
        if not Path(folder).is_dir():
            continue
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                h.update(f"{os.path.relpath(path, folder)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()
