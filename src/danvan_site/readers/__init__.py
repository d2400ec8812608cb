"""Load stage: find the bulletins of a corpus and read each one, whatever its format, into the
same :class:`~danvan_site.readers.text.Source` the extractor reads.

One reader per input format, registered by file extension (the model is Pelican's reader
registry): ``.txt`` (:mod:`.text`, the scraper's text), ``.html``/``.htm`` (:mod:`.html`, a saved
portal page), ``.docx`` (:mod:`.docx`, a Word file). Extensions are matched in any case. A reader
whose library is an optional install (``pip install "danvan-site[html]"``, ``[docx]``) is still
registered without it: a file of that kind is then rejected with a message that names the file
and the command to install, never passed over in silence.

``scan(corpus)`` walks the corpus once and sorts what it finds: the bulletins of every
registered extension, their sidecars (``<stem>.yaml`` beside a bulletin of any extension),
misnamed ``.yml`` sidecars, and the bulletins that are not read because another bulletin of the
same name stands in the same folder (``x.txt`` and ``x.html``: the page address and the export's
id come from the name, so one of them only). ``read_source(path, corpus)`` reads one bulletin
with the reader of its extension.
"""
from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

from typing import TYPE_CHECKING

from danvan_site.core.errors import ParseError
from danvan_site.core.models import Diagnostic

if TYPE_CHECKING:
    from danvan_site.readers.text import Source

__all__ = ["READERS", "UNSUPPORTED", "Reader", "Clash", "Scan", "Source", "bulletin_extensions", "ignored_name",
           "reader_for", "read_source", "scan", "suffix_of", "unsupported_diagnostic"]


@dataclass(frozen=True)
class Reader:
    """One input format: the extensions it reads, how, and what it needs installed.

    ``read(path, corpus)`` returns the Source or raises ParseError. ``modules`` are imported
    before a file is read (the optional libraries); when one is missing the file is rejected
    with ``pip install "danvan-site[<extra>]"`` in the message."""

    format: str  # "txt", "html", "docx": Source.format
    label: str  # how a message names a file of this kind ("a web page", "a Word file")
    extensions: tuple[str, ...]  # lower case, with the dot
    module: str  # the module whose ``read_source(path, corpus)`` reads it, imported when first needed
    extra: str | None = None  # the optional-dependency group that installs ``modules``
    modules: tuple[str, ...] = ()  # importable names the reader needs (optional installs)

    def read(self, path: Path, corpus: Path) -> Source:
        """Read one file of this format. The reader's module (and its libraries: ftfy, lxml,
        trafilatura, python-docx) is imported on the first file it reads, so a build that finds
        nothing changed, or a corpus of text files only, does not pay for the others."""
        reader: Callable[[Path, Path], Source] = importlib.import_module(self.module).read_source
        return reader(path, corpus)

    def missing(self) -> str | None:
        """The first library the reader needs that cannot be imported, with the reason; None when
        every one can."""
        for name in self.modules:
            try:
                importlib.import_module(name)
            except ImportError as exc:  # not installed, or installed without a library it needs
                top = name.split(".")[0]
                if exc.name in (name, top):
                    return f"{top} is not installed"
                return f"{top} cannot be loaded ({exc})"
        return None

    def install_command(self) -> str | None:
        return f'pip install "danvan-site[{self.extra}]"' if self.extra else None


TEXT = Reader("txt", "a text file", (".txt",), "danvan_site.readers.text")
HTML = Reader("html", "a web page", (".html", ".htm"), "danvan_site.readers.html", extra="html",
              modules=("lxml.html", "trafilatura", "htmldate"))
DOCX = Reader("docx", "a Word file", (".docx",), "danvan_site.readers.docx", extra="docx", modules=("docx",))

# Extension (lower case, with the dot) -> reader. The order is the order of preference when two
# bulletins of one folder share a name: the plain text first, then the page, then the Word file.
READERS: dict[str, Reader] = {ext: reader for reader in (TEXT, HTML, DOCX) for ext in reader.extensions}


def suffix_of(name: str) -> str:
    """A file name's extension as pathlib's ``Path.suffix`` gives it ("" for ".hidden" or "x.")."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def bulletin_extensions() -> tuple[str, ...]:
    """The registered extensions, in the order of preference."""
    return tuple(READERS)


def reader_for(path: Path | str) -> Reader | None:
    """The reader registered for a file's extension (any case), or None."""
    return READERS.get(suffix_of(Path(path).name).lower())


def read_source(path: Path, corpus: Path) -> Source:
    """Read one bulletin with the reader of its extension. Raises ParseError (naming the file)
    when it cannot be read: no reader for its extension, the reader's library not installed (the
    message gives the command that installs it), or the file is not a readable bulletin."""
    reader = reader_for(path)
    if reader is None:
        rel = _rel(path, corpus)
        raise ParseError(rel, f"no reader for '{suffix_of(path.name) or path.name}' files",
                         hint="a bulletin is a " + ", ".join(READERS) + " file")
    problem = reader.missing()
    if problem is not None:
        rel = _rel(path, corpus)
        raise ParseError(rel, f"this is {reader.label} ({suffix_of(path.name)}) and reading it needs an optional "
                              f"library: {problem}", hint=f"install it with: {reader.install_command()}")
    return reader.read(path, corpus)


def _rel(path: Path, corpus: Path) -> str:
    try:
        return path.relative_to(corpus).as_posix()
    except ValueError:
        return path.as_posix()


# --- scanning the corpus ---------------------------------------------------------------------

# Names an editor, a word processor, an operating system or a copy leaves while it works: never
# a bulletin, whatever their extension (as the preview server's watcher, dev/serve.py).
_IGNORED_SUFFIXES = (".swp", ".swo", ".swx", ".tmp", ".part", ".crdownload", "___jb_tmp___", "___jb_old___")
_IGNORED_NAMES = {"__pycache__", "4913", ".DS_Store", "Thumbs.db", "desktop.ini"}  # 4913: Vim's test file


def ignored_name(name: str) -> bool:
    """True for a file name the scan passes over: editor leftovers — backups (``x.txt~``,
    ``#x.txt#``), Emacs's lock links (``.#x.txt``), swap and partial files — Word's owner files
    (``~$x.docx``, written while a document is open) and macOS's ``._x.txt`` copies of a file's
    metadata. Other hidden files (``.x.txt``) are bulletins like any other and are read, as they
    always were: nothing the user put in the corpus is passed over without a word."""
    return (
        name.startswith((".#", "._", "~$", ".~lock."))
        or name.endswith("~")
        or (name.startswith("#") and name.endswith("#"))
        or name.endswith(_IGNORED_SUFFIXES)
        or name in _IGNORED_NAMES
    )


# Documents a bulletin may come as that no reader reads: each is reported (a warning naming the
# file and how to make it readable), never passed over in silence like a picture or a stylesheet.
UNSUPPORTED: dict[str, str] = {
    ".doc": "open it in Word or LibreOffice Writer and save it as a Word document (.docx)",
    ".rtf": "open it in Word or LibreOffice Writer and save it as a Word document (.docx)",
    ".odt": "open it in LibreOffice Writer and save it as a Word document (.docx)",
    ".pdf": "copy its text into a .txt file, or save the web page it was published on (.html)",
    ".mht": "open it in a browser and save it as a web page, HTML only (.html)",
    ".mhtml": "open it in a browser and save it as a web page, HTML only (.html)",
}


def __getattr__(name: str) -> object:
    """``Source`` (the record a reader gives), imported from :mod:`.text` when asked for."""
    if name == "Source":
        from danvan_site.readers.text import Source
        return Source
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def unsupported_diagnostic(path: Path, rel: str) -> Diagnostic:
    """The warning for a document no reader reads."""
    suffix = suffix_of(path.name).lower()
    return Diagnostic(rel, f"not read: danvan-site does not read {suffix} files "
                           f"(it reads {', '.join(READERS)})", hint=UNSUPPORTED[suffix])


@dataclass(frozen=True)
class Clash:
    """A bulletin that is not read: another bulletin of the same name (the stem) stands in the
    same folder and is read instead (``x.html`` beside ``x.txt``)."""

    path: Path  # the file not read
    kept: Path  # the file of the same name that is read
    rel: str
    kept_rel: str

    @property
    def message(self) -> str:
        return (f"another bulletin in this folder has the same name ({self.kept_rel}); "
                f"only that one is read, this one is not built")

    @property
    def diagnostic(self) -> Diagnostic:
        return Diagnostic(self.rel, self.message, level="error",
                          hint=f"rename one of {self.kept_rel} and {self.rel} (each bulletin needs a name of its "
                               f"own), or delete the one you do not want")


# The kinds of file a scan lists, each as the full path strings the walk made.
_KINDS = ("bulletins", "sidecars", "misnamed", "ignored", "unsupported")


def _paths(kind: str) -> "cached_property[list[Path]]":
    """A scan's list of one kind of file as ``Path``s, made from its strings when first asked for."""
    def made(self: "Scan") -> list[Path]:
        return [Path(name) for name in self.names[kind]]
    made.__name__ = kind
    return cached_property(made)


@dataclass
class Scan:
    """What one walk of the corpus found, each list sorted by the path in the corpus.

    The walk keeps each file as the string it made (folder + name); the lists of ``Path``s
    (``bulletins``, ``sidecars``, ``misnamed``, ``ignored``, ``unsupported``) are made from them
    when first asked for. A build with nothing to do only hashes names and stamps
    (``every_name``, ``stamp``): making 10,000 ``Path``s and hashing them was a third of it."""

    corpus: Path
    clashes: list[Clash] = field(default_factory=list)  # bulletins not read: same name in one folder
    # kind -> full path strings, sorted by the path in the corpus: bulletins to read (every
    # registered extension, any case), sidecars (every *.yaml, with or without a bulletin),
    # misnamed (*.yml: not read; sidecars end in .yaml), ignored (editor and system leftovers with
    # a bulletin's extension), unsupported (documents of a format no reader reads: .doc, .pdf…)
    names: dict[str, list[str]] = field(default_factory=lambda: {kind: [] for kind in _KINDS}, repr=False)

    _rels: dict[str, str] = field(default_factory=dict, repr=False)  # full path string -> rel, from the walk
    _stamps: dict[str, "tuple[int, int] | None"] = field(default_factory=dict, repr=False)

    bulletins = _paths("bulletins")
    sidecars = _paths("sidecars")
    misnamed = _paths("misnamed")
    ignored = _paths("ignored")
    unsupported = _paths("unsupported")

    def stamp(self, path: Path | str) -> tuple[int, int] | None:
        """The size and modification time (ns) of a file, None when it cannot be read: taken
        once in a build, so that the change check and the store's refresh see the same file
        (and 10,000 files are not stat-ed twice)."""
        name = os.fspath(path)
        if name in self._stamps:
            return self._stamps[name]
        try:
            st = os.stat(name)
        except OSError:
            found = None
        else:
            found = (st.st_size, st.st_mtime_ns)
        self._stamps[name] = found
        return found

    def rel(self, path: Path | str) -> str:
        known = self._rels.get(os.fspath(path))
        return known if known is not None else Path(path).relative_to(self.corpus).as_posix()

    @property
    def files(self) -> list[Path]:
        """Every bulletin file found, read or not (the clashes too), sorted."""
        return sorted([*self.bulletins, *(c.path for c in self.clashes)], key=self.rel)

    def sidecar_for(self, bulletin: Path) -> Path | None:
        """The sidecar of a bulletin (``<stem>.yaml`` beside it, whatever its extension), when the
        scan found one."""
        side = bulletin.with_suffix(".yaml")
        return side if os.fspath(side) in self._sidecar_set else None

    def orphan_sidecars(self) -> list[Path]:
        """``*.yaml`` files with no bulletin of the same name beside them (a mistake to report)."""
        names = {(p.parent, p.stem) for p in self.files}
        return [p for p in self.sidecars if (p.parent, p.stem) not in names]

    def every_path(self) -> list[Path]:
        """Every path the build depends on (for a hash of the inputs): bulletins read or not,
        sidecars, misnamed sidecars."""
        return [*self.files, *self.sidecars, *self.misnamed, *self.unsupported]

    def every_name(self) -> list[str]:
        """``every_path`` as the strings ``str(path)`` gives, in the same order, without making
        a ``Path``."""
        files = sorted([*self.names["bulletins"], *(os.fspath(c.path) for c in self.clashes)], key=self.rel)
        return [*files, *self.names["sidecars"], *self.names["misnamed"], *self.names["unsupported"]]

    @cached_property
    def _sidecar_set(self) -> frozenset[str]:
        return frozenset(self.names["sidecars"])


def scan(corpus: Path) -> Scan:
    """One walk of the corpus (sorted, so the result is stable): the bulletins of every registered
    extension in any case (links included: the reader rejects one that leads outside the corpus),
    ``*.yaml`` sidecars and misnamed ``*.yml`` ones. Editor and system leftovers are passed over
    (see :func:`ignored_name`; those with a bulletin's extension are listed in ``ignored``);
    hidden files and folders are read as any other, as the build always did. Of two bulletins with the same name in one folder, the first by the order of
    ``READERS`` (``.txt``, ``.html``, ``.htm``, ``.docx``; then by path) is read, the other is
    listed in ``clashes`` with the reason."""
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise ParseError(str(corpus), "corpus folder not found", hint="pass --corpus DIR or set 'corpus' in site.yaml")
    found = Scan(corpus)
    order = {ext: i for i, ext in enumerate(READERS)}
    bulletins: list[tuple[int, str, str, str]] = []  # (rank of the extension, rel, extension, full name)
    rels = found._rels  # the relative names, made once here (sorting by them is most of a scan)
    names = found.names
    for root, dirs, files in os.walk(corpus):
        dirs.sort()
        rel_root = os.path.relpath(root, corpus).replace(os.sep, "/")
        prefix = "" if rel_root == "." else rel_root + "/"
        base = os.path.join(root, "")  # names as str(Path(root) / name) gives them
        for name in files:
            suffix = suffix_of(name)
            is_bulletin = suffix.lower() in READERS
            if not is_bulletin and suffix not in (".yaml", ".yml"):
                if suffix.lower() in UNSUPPORTED and not ignored_name(name):
                    full = base + name
                    rels[full] = prefix + name
                    names["unsupported"].append(full)
                continue
            full = base + name
            rels[full] = prefix + name
            if ignored_name(name):
                if is_bulletin:
                    names["ignored"].append(full)
                continue
            if is_bulletin:
                bulletins.append((order[suffix.lower()], prefix + name, suffix, full))
            elif suffix == ".yaml":
                names["sidecars"].append(full)
            else:
                names["misnamed"].append(full)
    # On the relative names (strings), not the paths: pathlib's ``parent``, ``stem`` and hashing
    # were most of a scan (0.15 s for 10,000 bulletins, every build, "nothing changed" included).
    bulletins.sort(key=lambda item: item[:2])
    chosen: dict[str, tuple[str, str]] = {}  # the relative name without its extension -> (rel, full name)
    for _, rel, suffix, full in bulletins:
        key = rel[: len(rel) - len(suffix)]  # "a/x.txt" -> "a/x", as (parent, stem)
        kept = chosen.get(key)
        if kept is None:
            chosen[key] = (rel, full)
        else:
            found.clashes.append(Clash(Path(full), Path(kept[1]), rel, kept[0]))
    names["bulletins"] = [full for _, full in sorted(chosen.values(), key=lambda item: item[0])]
    found.clashes.sort(key=lambda c: c.rel)
    for kind in ("sidecars", "misnamed", "ignored", "unsupported"):
        names[kind].sort(key=rels.__getitem__)
    return found  # its lists are not changed afterwards: the Path lists and sidecar_for() remember them
