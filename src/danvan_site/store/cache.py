"""The build cache: parsed records, and what the last build wrote, kept between builds.

A record is reused when its source file and its sidecar have the same size and modification
time as when it was parsed, and the code that parses (this package, its data files and the
versions of the libraries it reads text with) is the same: any change there empties the cache.

The cache is a folder (``.danvan-cache`` next to ``site.yaml`` by default, ``--cache DIR``,
``--no-cache`` for none) holding pickles written by this tool only. It is safe to delete at
any time: the next build is then a full one. A cache that cannot be read (another version,
a damaged file) is ignored with a note, never trusted.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from danvan_site.store.dedupe import KnownPairs, Sketch
from danvan_site.core.models import Article

if TYPE_CHECKING:
    from danvan_site.extract.chrome import FileLines

__all__ = ["CACHE_FORMAT", "code_fingerprint", "tree_fingerprint", "Entry", "RecordCache", "load_records",
           "save_records", "load_state", "save_state"]

CACHE_FORMAT = 1
PACKAGE = Path(__file__).resolve().parents[1]  # the danvan_site package
# Libraries whose version can change what is extracted or written.
LIBRARIES = ("ftfy", "vietnam-provinces", "vietnamadminunits", "jinja2", "markupsafe", "python-slugify", "pyyaml")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of everything that shapes a record besides the input: the package's code and data
    files, the Python version and the versions of the libraries used on text."""
    h = hashlib.sha256(f"format {CACHE_FORMAT}; python {sys.version_info[:2]}".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml", ".yml", ".json", ".txt") and "__pycache__" not in path.parts:
            h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}={version}\0".encode())
    return h.hexdigest()


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


@dataclass
class Entry:
    """One parsed bulletin: the stat of its file and sidecar when parsed, the record (pickled, as
    extracted, before any later stage touched it) and the sketch of its body."""

    stat: tuple[int, int]  # (size, mtime_ns) of the source file
    sidecar: tuple[int, int] | None  # the same for its sidecar, or None
    record: bytes  # pickle of the Article
    sketch: Sketch
    lines: FileLines  # the file's short lines, for learning the corpus's page chrome
    chrome: frozenset[str]  # the learned chrome keys the record was extracted with

    def article(self) -> Article:
        article: Article = pickle.loads(self.record)
        return article


@dataclass
class RecordCache:
    folder: Path | None
    entries: dict[str, Entry] = field(default_factory=dict)  # source file (relative) -> entry
    note: str | None = None  # why an existing cache was not used
    changed: bool = False
    pairs: KnownPairs | None = None  # what the last build found about duplicates

    def get(self, rel: str, stat: tuple[int, int], sidecar: tuple[int, int] | None) -> Entry | None:
        entry = self.entries.get(rel)
        if entry is not None and entry.stat == stat and entry.sidecar == sidecar:
            return entry
        return None


def _read(path: Path) -> Any:
    with open(path, "rb") as handle:
        return pickle.load(handle)


def _write(path: Path, data: Any) -> None:
    """Write a pickle atomically (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temp, "wb") as handle:
        pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temp, path)


def load_records(folder: Path | None, corpus: Path) -> RecordCache:
    """The record cache for ``corpus`` (empty without a folder, or when the code changed)."""
    cache = RecordCache(folder)
    if folder is None:
        return cache
    path = Path(folder) / "records.pickle"
    if not path.is_file():
        return cache
    try:
        data = _read(path)
    except Exception as exc:  # noqa: BLE001 - a damaged cache is ignored, never trusted
        cache.note = f"the cache {path} could not be read ({type(exc).__name__}); it is rebuilt"
        return cache
    if not isinstance(data, dict) or data.get("code") != code_fingerprint() or data.get("corpus") != str(corpus.resolve()):
        return cache  # another version of the code or another corpus: start afresh
    entries = data.get("entries")
    if isinstance(entries, dict):
        cache.entries = entries
    pairs = data.get("pairs")
    if isinstance(pairs, KnownPairs):
        cache.pairs = pairs
    return cache


def save_records(cache: RecordCache, corpus: Path) -> None:
    if cache.folder is None or not cache.changed:
        return
    _write(Path(cache.folder) / "records.pickle",
           {"code": code_fingerprint(), "corpus": str(corpus.resolve()), "entries": cache.entries,
            "pairs": cache.pairs})


def load_state(folder: Path | None, name: str) -> Any:
    """A small pickled value saved by ``save_state`` (None when missing or unreadable)."""
    if folder is None:
        return None
    path = Path(folder) / f"{name}.pickle"
    try:
        return _read(path)
    except Exception:  # noqa: BLE001 - missing or damaged: as if never saved
        return None


def save_state(folder: Path | None, name: str, value: Any) -> None:
    if folder is not None:
        _write(Path(folder) / f"{name}.pickle", value)
