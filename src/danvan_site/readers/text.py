"""Load stage, plain text: turn a ``.txt`` bulletin's bytes into normalised text (the
:class:`Source` that every reader gives; :mod:`danvan_site.readers` holds the registry of readers).

Normalisation: BOM dropped, UTF-8 (or UTF-16 with a BOM, or a legacy Vietnamese/Western code
page as a fallback), mojibake repaired with ftfy, CRLF/CR -> LF, NFC. No-break spaces are kept
in the text (cleaned body paragraphs keep them, as the source has them); line classification
treats them as spaces.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import ftfy

from danvan_site.core.errors import ParseError
from danvan_site.core.models import Diagnostic

# Typical signatures of UTF-8 read as cp1252/latin-1 ("váº­n Ä‘á»™ng", "Ã¡").
_MOJIBAKE = re.compile(r"(?:Ã[\x80-\xbf¡-ÿ]|Ä[‘'\x80-\xbf]|á[º»][\x80-\xbf¡-ÿ]|Æ[°¡]|Ä‘|áº|á»)")

BINARY_SIGNATURES: dict[bytes, str] = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"\x7fELF": "a program (ELF binary)",
}


# What a reader found in a file's structure: field -> [(value, where)], in the order the reader
# trusts them. Values are strings (dates in ISO 8601); ``where`` names the part of the file that
# gave the value ('<h1>', '<meta property="og:title">', 'trafilatura', 'docx: Title style', ...).
Hints = dict[str, list[tuple[str, str]]]


@dataclass
class Source:
    """One raw bulletin, decoded and normalised.

    ``text`` is what the extractor reads: for a ``.txt`` file the file itself; for a page or a
    Word file the text a scraper's ``.txt`` would hold (a title line, a publication line, the
    body's paragraphs, the signature), written by the reader of that format. ``data`` and
    ``sha256`` are always those of the file's own bytes. ``hints`` keeps what the format itself
    states (an ``<h1>``, a ``<time datetime>``, ``og:title``, a Word heading) as evidence with
    where it was found; a plain text has none.
    """

    path: Path  # absolute path of the file
    rel: str  # POSIX path relative to the corpus folder
    id: str  # the file stem
    data: bytes
    sha256: str
    text: str  # NFC, LF line ends, no BOM
    encoding: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    format: str = "txt"  # the reader that made it: "txt", "html" or "docx"
    hints: Hints = field(default_factory=dict)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def find_bulletins(corpus: Path) -> list[Path]:
    """Every ``*.txt`` (any case: ``.TXT`` too) under the corpus folder, in a stable order.

    Links are listed as well (``read_source`` rejects one that leads outside the corpus), so
    that nothing the user put in the folder is passed over without a word.
    """
    if not corpus.is_dir():
        raise ParseError(str(corpus), "corpus folder not found", hint="pass --corpus DIR or set 'corpus' in site.yaml")
    found = (p for p in corpus.rglob("*") if p.suffix.lower() == ".txt" and (p.is_file() or p.is_symlink()))
    return sorted(found, key=lambda p: p.relative_to(corpus).as_posix())


def decode(data: bytes, rel: str) -> tuple[str, str, list[Diagnostic]]:
    """Bytes -> (text, encoding name, diagnostics). Raises ParseError for binary input."""
    diags: list[Diagnostic] = []
    for magic, what in BINARY_SIGNATURES.items():
        if data.startswith(magic):
            raise ParseError(rel, f"this is {what}, not a text bulletin", hint="remove it from the corpus or save the bulletin as plain text")
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        text, enc = data.decode("utf-32", errors="replace"), "utf-32"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # errors="replace": an odd number of bytes or a lone surrogate is not worth a crash
        text, enc = data.decode("utf-16", errors="replace"), "utf-16"
    else:
        if b"\x00" in data:
            raise ParseError(rel, "the file holds binary data (NUL bytes), not text", hint="save the bulletin as UTF-8 text")
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            text, enc = _decode_legacy(data)
            diags.append(Diagnostic(rel, f"not valid UTF-8 (byte {exc.start}); read as {enc}", field="encoding",
                                    hint="check the text and save the file as UTF-8"))
    if enc in ("utf-16", "utf-32") and "\x00" in text:
        raise ParseError(rel, "the file holds binary data (NUL characters), not text", hint="save the bulletin as UTF-8 text")
    if "\ufffd" in text and enc in ("utf-8-sig", "utf-16", "utf-32"):
        name = "UTF-8" if enc == "utf-8-sig" else enc.upper()
        diags.append(Diagnostic(rel, f"some bytes are not valid {name} and were replaced", field="encoding"))
    return text, enc, diags


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Pick the legacy code page that yields the most Vietnamese-looking text."""
    best: tuple[int, str, str] | None = None
    for enc in ("cp1258", "cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        text_nfc = unicodedata.normalize("NFC", text)
        score = sum(1 for ch in text_nfc if ch in _VIET_LETTERS)
        if best is None or score > best[0]:
            best = (score, text_nfc, enc)
    assert best is not None  # latin-1 always decodes
    return best[1], best[2]


_VIET_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def normalise(text: str) -> str:
    """LF line ends, mojibake repaired, NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\ufeff", "").replace("\u200b", "")
    if _MOJIBAKE.search(text):
        text = "\n".join(_repair_line(line) for line in text.split("\n"))
    return unicodedata.normalize("NFC", text)


def _repair_line(line: str) -> str:
    if not _MOJIBAKE.search(line):
        return line
    fixed = ftfy.fix_encoding(line)
    return fixed


# HTML a scraper left in the text: tags of common elements and "javascript:" addresses. The text
# keeps them (every page, feed and export escapes text, so they are shown, never run), but the
# archivist is told, with the first line.
_TAGS = ("script|style|iframe|frame|object|embed|applet|img|svg|math|a|link|meta|base|form|input|button|"
         "textarea|select|video|audio|source|div|span|p|br|hr|b|i|u|em|strong|font|table|tr|td|th|ul|ol|li|"
         "h[1-6]|html|head|body|title")
_MARKUP_RE = re.compile(rf"</?({_TAGS})(?=[\s/>])|(?<![\w.-])(javascript|vbscript)\s*:", re.IGNORECASE)
# What every match of _MARKUP_RE holds besides a "<": "script" in any case, spelled out letter by
# letter as IGNORECASE reads it ("ſ" is an "s"; "İ" and "ı" are "i"s: tests/test_readers.py checks
# the classes against every code point). Without IGNORECASE the engine skips to a letter of the
# first class in C: a bulletin with neither is passed over 4 times faster (0.045 -> 0.010 ms).
_SCRIPT_HINT_RE = re.compile("[Ssſ][Cc][Rr][Iiİı][Pp][Tt]")


# Control characters (but tab and line feed), DEL, C1 controls and the two non-characters: never
# part of a bulletin, and not allowed in XML; removed from the text, with a warning.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def strip_controls(text: str, rel: str) -> tuple[str, Diagnostic | None]:
    """``text`` without control characters (see ``_CONTROL_RE``), and a warning naming the line
    of the first one when there were any."""
    first = _CONTROL_RE.search(text)
    if first is None:
        return text, None
    count = len(_CONTROL_RE.findall(text))
    what = "a control character" if count == 1 else f"{count} control characters"
    return _CONTROL_RE.sub("", text), Diagnostic(
        rel, f"{what} (such as U+{ord(first.group(0)):04X}) removed from the text",
        line=text.count("\n", 0, first.start()) + 1, field="text",
        hint="the raw copy keeps them; check how the file was saved")


def markup_diagnostic(text: str, rel: str) -> Diagnostic | None:
    """A warning when ``text`` holds HTML tags or script addresses (see ``_MARKUP_RE``)."""
    if "<" not in text and not _SCRIPT_HINT_RE.search(text):
        return None  # no "<" and no "script": nothing the pattern could match (two fast scans)
    first = None
    found: list[str] = []
    for m in _MARKUP_RE.finditer(text):
        first = first if first is not None else m
        what = f"<{m.group(1).lower()}>" if m.group(1) else f"{m.group(2).lower()}:"
        if what not in found:
            found.append(what)
    if first is None:
        return None
    shown = ", ".join(found[:5]) + (", …" if len(found) > 5 else "")
    return Diagnostic(rel, f"the text holds HTML markup ({shown}); it is kept as text and never run",
                      line=text.count("\n", 0, first.start()) + 1, field="text",
                      hint="remove the markup from the file if it is not part of the bulletin")


MAX_BYTES = 5 * 1024 * 1024  # a bulletin is a few kilobytes; 5 MB is far beyond any real one


def read_bytes(path: Path, corpus: Path) -> tuple[str, bytes]:
    """(the path relative to the corpus, the file's bytes), for every reader. Raises ParseError
    for a link that leads nowhere or outside the corpus, and for a file that cannot be read, is
    larger than a bulletin can be, or is empty."""
    rel = path.relative_to(corpus).as_posix()
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            raise ParseError(rel, "the file is a link that leads nowhere", hint="replace the link with the bulletin itself") from exc
        if not target.is_relative_to(corpus.resolve()):
            raise ParseError(rel, "the file is a link to a file outside the corpus folder; it is not read",
                             hint="copy the bulletin into the corpus instead of linking to it")
        if not target.is_file():
            raise ParseError(rel, "the file is a link to something that is not a file", hint="replace the link with the bulletin itself")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ParseError(rel, f"cannot read the file ({exc.strerror})") from exc
    if size > MAX_BYTES:
        raise ParseError(rel, f"the file is {size / 2**20:.1f} MB, far larger than a bulletin (limit {MAX_BYTES // 2**20} MB)",
                         hint="check it is a single bulletin; split it into one file per bulletin")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # never more: the file may have grown since stat()
    except OSError as exc:
        raise ParseError(rel, f"cannot read the file ({exc.strerror})") from exc
    if len(data) > MAX_BYTES:
        raise ParseError(rel, f"the file is larger than a bulletin can be (limit {MAX_BYTES // 2**20} MB)",
                         hint="check it is a single bulletin; split it into one file per bulletin")
    if not data.strip():
        raise ParseError(rel, "the file is empty", hint="remove it or paste the bulletin's text into it")
    return rel, data


def read_source(path: Path, corpus: Path) -> Source:
    """Read one plain-text bulletin. Raises ParseError when the file cannot be a bulletin."""
    rel, data = read_bytes(path, corpus)
    digest = hashlib.sha256(data).hexdigest()
    text, enc, diags = decode(data, rel)
    text, controls = strip_controls(normalise(text), rel)
    if controls is not None:
        diags.append(controls)
    if not text.strip():
        raise ParseError(rel, "the file holds only whitespace", hint="remove it or paste the bulletin's text into it")
    markup = markup_diagnostic(text, rel)
    if markup is not None:
        diags.append(markup)
    return Source(path=path, rel=rel, id=path.stem, data=data, sha256=digest, text=text, encoding=enc, diagnostics=diags)
