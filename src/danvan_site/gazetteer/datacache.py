"""The gazetteer's derived data kept on disk, so that a process does not build it again.

Building the units and the successor map from the packages' data costs about 0.2 s a process
(parsing ``vietnam-provinces``' 2.4 MB of nested JSON and importing the package, making
15,000 units and their name keys, reading ``vietnamadminunits``' database and converter): an
edit of one bulletin, parsed in the build's main process, paid all of it on its first
locality. Read back from here, the same data costs about an eighth of that (0.026 s).

Each table is one file, ``<folder>/<name>.<python tag>.marshal``: a header line, the key of
what it was made from and a SHA-256 of the body, then the body, plain values (tuples, lists,
dicts, strings, integers) written by ``marshal``: nothing in it names a class or runs code when
read. The key covers everything that shapes the table: the Python version, the installed
versions of the data packages and the path, size and modification time of each of their files
read, and the text of the code and vocabulary that make it (this package, the Vietnamese key
helpers, ``data/places.yaml``'s spelling variants). A file whose key differs, or that is
unreadable, cut short or damaged, is made again from the packages' data and replaced; a folder
that cannot be written means no cache, never an error: the result is the same either way.

The folder is the user's, not the build's (the extractor runs in worker processes and knows no
settings): ``$DANVAN_DATA_CACHE`` when set (empty: no cache at all), else
``$XDG_CACHE_HOME/danvan-site``, else ``~/.cache/danvan-site``. A file is written to a temporary
name beside it and moved into place (``os.replace``), so a process never reads one half written.
"""
from __future__ import annotations

import gc
import hashlib
import marshal
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

ENV = "DANVAN_DATA_CACHE"
FORMAT = 1
MAGIC = b"danvan-site data cache %d\n" % FORMAT
PACKAGE = Path(__file__).resolve().parents[1]  # the danvan_site package
# The code and data of the package that shape the tables, besides the data packages' own files:
# this package (the tables and how they are written), the name key (``gazetteer.key``: the
# Vietnamese helpers and the spelling variants of data/places.yaml, read through vocab).
CODE = ("gazetteer", "vn/sort.py", "vn/text.py", "vocab/__init__.py", "data/places.yaml")


def folder(environ: Mapping[str, str] = os.environ) -> Path | None:
    """Where the tables are kept; None when the cache is off (``DANVAN_DATA_CACHE=""``) or no
    home folder is known."""
    value = environ.get(ENV)
    if value is not None:
        return Path(value).expanduser() if value.strip() else None
    xdg = environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):  # a relative one is to be ignored (XDG Base Directory)
        return Path(xdg) / "danvan-site"
    try:
        return Path.home() / ".cache" / "danvan-site"
    except RuntimeError:  # no HOME and no entry in the password database
        return None


def path_of(name: str, where: Path) -> Path:
    return where / f"{name}.{sys.implementation.cache_tag or 'py'}.marshal"


def cached(name: str, inputs: Iterable[Path], packages: Iterable[Path], build: Callable[[], T],
           encode: Callable[[T], Any], decode: Callable[[Any], T]) -> T:
    """The table ``name``: read from the cache folder when a file made from the same ``inputs``
    (the data files read; their path, size and time), ``packages`` (their installed versions) and
    code is there, else ``build()``, written there for the next process (``encode`` makes the plain
    values ``marshal`` writes, ``decode`` the table again from them)."""
    where = folder()
    if where is None:
        return build()
    try:
        key = _key(name, tuple(inputs), tuple(packages))
    except OSError:  # an input is missing: let build() say so, as without a cache
        return build()
    path = path_of(name, where)
    body = _read(path, key)
    if body is not None:
        # The tables hold no reference cycles: the collector, set off by their ~40,000 new
        # objects, would only walk them again and again (a third of the read's time).
        collecting = gc.isenabled()
        gc.disable()
        try:
            return decode(marshal.loads(body))
        except Exception:  # noqa: BLE001 - of another shape: made again below
            pass
        finally:
            if collecting:
                gc.enable()
    value = build()
    try:
        body = marshal.dumps(encode(value))
    except Exception:  # noqa: BLE001 - never fails what it only speeds up (the tests read every table back)
        return value
    _write(path, key, body)
    return value


def _key(name: str, inputs: tuple[Path, ...], packages: tuple[Path, ...]) -> bytes:
    h = hashlib.sha256(f"{name}\0{sys.version}\0".encode())
    h.update(_code_digest())
    for path in inputs:
        st = os.stat(path)
        h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    for package in packages:
        h.update(f"{package.name}={_installed_version(package)}\0".encode())
    return h.hexdigest().encode()


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    h = hashlib.sha256()
    for part in CODE:
        root = PACKAGE / part
        for path in [root] if root.is_file() else sorted(root.glob("*.py")):
            h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


def _installed_version(package: Path) -> str:
    """The version in the name of a package's ``*.dist-info`` folder beside it ("0.5.0"); "-" when
    there is none. Read from the folder's name: ``importlib.metadata``'s first use costs ~30 ms."""
    prefix = package.name + "-"
    try:
        names = os.listdir(package.parent)
    except OSError:
        return "-"
    return ",".join(sorted(n[len(prefix):-len(".dist-info")] for n in names
                           if n.startswith(prefix) and n.endswith(".dist-info"))) or "-"


def _read(path: Path, key: bytes) -> bytes | None:
    """The body of a cache file made with ``key`` and intact; None otherwise."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    end = data.find(b"\n", len(MAGIC))
    if not data.startswith(MAGIC) or end < 0:
        return None
    made_with, _, digest = data[len(MAGIC):end].partition(b" ")
    body = data[end + 1:]
    if made_with != key or digest != hashlib.sha256(body).hexdigest().encode():
        return None
    return body


def _write(path: Path, key: bytes, body: bytes) -> None:
    """Write a cache file in one move; a folder that cannot be written leaves none."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + key + b" " + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if not isinstance(exc, OSError):
            raise
