"""Word files (``.docx``) -> the :class:`~danvan_site.readers.text.Source` the extractor reads.
Needs the optional install ``pip install "danvan-site[docx]"`` (python-docx).

The text is the one a scraper's ``.txt`` of the bulletin would hold:

- the **title** first: the first paragraph in a Title or Heading style, else the first paragraph
  set all in bold before the body's first long paragraph (a bulletin typed in Word marks its
  headline so), else nothing (the extractor then reads the headline as it reads a ``.txt``);
- then every other **paragraph** of the body, in order, one per line with a blank line between
  (a manual line break inside a paragraph starts a new line, without a blank);
- **tables** row by row, the cells joined by " | " (a merged cell once), a line per row: the
  extractor reads such rows as content and the officials they list as people.

The document's headers, footers, footnotes, comments and text boxes are not read (the page's
furniture of a Word file). The document properties (title, author, dates) are kept as hints only:
Word fills them from a template or the account that made the file, not from the bulletin.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any, Iterator

from danvan_site.core.errors import ParseError
from danvan_site.readers.text import Hints, Source, markup_diagnostic, normalise, read_bytes, strip_controls
from danvan_site.vn.text import collapse

__all__ = ["read_source", "document_text"]

_TITLE_STYLES = ("title", "heading 1", "heading1", "tiêu đề", "heading 2", "heading2", "subject")
_PARAGRAPH_WORDS = 25  # a paragraph this long is body text: the title stands before it


def _add(hints: Hints, name: str, value: Any, where: str) -> None:
    if value is None:
        return
    text = value.isoformat() if hasattr(value, "isoformat") else collapse(normalise(str(value)))
    if text and (text, where) not in hints.get(name, []):
        hints.setdefault(name, []).append((text, where))


def _blocks(document: Any) -> Iterator[tuple[str, Any]]:
    """The body's paragraphs and tables in document order: ("p", Paragraph) or ("table", Table)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield "p", Paragraph(child, document)
        elif tag == "tbl":
            yield "table", Table(child, document)
        elif tag == "sdt":  # a content control (a cover page, a form field) that holds paragraphs
            content = next((c for c in child.iterchildren() if c.tag.endswith("}sdtContent")), None)
            if content is not None:
                for inner in content.iterchildren():
                    name = inner.tag.rsplit("}", 1)[-1]
                    if name == "p":
                        yield "p", Paragraph(inner, document)
                    elif name == "tbl":
                        yield "table", Table(inner, document)


def _paragraph_lines(paragraph: Any) -> list[str]:
    """A paragraph's text split at its manual line breaks, each piece collapsed."""
    return [collapse(part) for part in normalise(paragraph.text).replace("\t", " ").split("\n") if collapse(part)]


def _style(paragraph: Any) -> str:
    try:
        style = paragraph.style
    except (KeyError, ValueError, AttributeError):
        return ""
    names = []
    while style is not None and len(names) < 5:
        names.append((style.name or "").lower())
        style = getattr(style, "base_style", None)
    return " / ".join(names)


def _all_bold(paragraph: Any) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs:
        return False
    for run in runs:
        bold = run.bold
        if bold is None:  # inherited: from the character style, then the paragraph style
            bold = run.style.font.bold if run.style is not None and run.style.font.bold is not None else None
        if bold is None:
            try:
                bold = paragraph.style.font.bold
            except (KeyError, ValueError, AttributeError):
                bold = None
        if not bold:
            return False
    return True


def _table_lines(table: Any) -> list[str]:
    """A table row by row, its cells joined by " | " (a cell merged across columns once)."""
    out: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: list[Any] = []
        try:
            row_cells = row.cells
        except (IndexError, ValueError):  # a malformed row: read its cells as they stand
            row_cells = []
        for cell in row_cells:
            if any(cell._tc is s for s in seen):
                continue
            seen.append(cell._tc)
            text = collapse(normalise(" ".join(p.text for p in cell.paragraphs)).replace("\n", " "))
            nested = [line for t in cell.tables for line in _table_lines(t)]
            if nested:
                text = collapse(text + " " + " ; ".join(nested))
            cells.append(text)
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            out.append(" | ".join(cells))
    return out


def document_text(document: Any) -> tuple[str, Hints]:
    """A python-docx Document -> (the text the extractor reads, the hints)."""
    hints: Hints = {}
    blocks = list(_blocks(document))
    # The title: a Title/Heading paragraph, else the first all-bold paragraph before the body.
    title_at: int | None = None
    for i, (kind, block) in enumerate(blocks):
        if kind != "p" or not _paragraph_lines(block):
            continue
        style = _style(block)
        if any(name in style.split(" / ") for name in _TITLE_STYLES):
            title_at = i
            _add(hints, "title", " ".join(_paragraph_lines(block)), f"docx: paragraph style '{style.split(' / ')[0]}'")
            break
    if title_at is None:
        for i, (kind, block) in enumerate(blocks):
            if kind != "p":
                continue
            lines = _paragraph_lines(block)
            if not lines:
                continue
            if len(" ".join(lines).split()) >= _PARAGRAPH_WORDS:
                break
            if _all_bold(block):
                title_at = i
                _add(hints, "title", " ".join(lines), "docx: first paragraph in bold")
                break
    out: list[str] = []
    if title_at is not None:
        out += [" ".join(_paragraph_lines(blocks[title_at][1])), ""]
    for i, (kind, block) in enumerate(blocks):
        if i == title_at:
            continue
        lines = _paragraph_lines(block) if kind == "p" else _table_lines(block)
        if not lines:
            continue
        if kind == "table":
            for line in lines:
                out += [line, ""]
        else:
            out += lines + [""]
    props = document.core_properties
    for name, value in (("title", props.title), ("author", props.author), ("created", props.created),
                        ("modified", props.modified), ("subject", props.subject), ("keywords", props.keywords),
                        ("last_modified_by", props.last_modified_by)):
        _add(hints, name, value, f"docx: document property '{name}'")
    return "\n".join(out).rstrip("\n") + "\n", hints


def read_source(path: Path, corpus: Path) -> Source:
    """Read one Word file. Raises ParseError naming the file when it cannot be read."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    rel, data = read_bytes(path, corpus)
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ParseError(rel, "this is an old Word document (.doc saved as .docx), not a .docx file",
                         hint="open it in Word or LibreOffice and save it as .docx (Word 2007 or later)")
    if not data.startswith(b"PK\x03\x04"):
        raise ParseError(rel, "this is not a Word (.docx) file: a .docx file is a ZIP package, this one is not",
                         hint="open it in Word or LibreOffice and save it again as .docx")
    try:
        document = docx.Document(io.BytesIO(data))
        text, hints = document_text(document)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, AttributeError, IndexError,
            TypeError, OSError, EOFError) as exc:
        raise ParseError(rel, f"this Word file cannot be read ({type(exc).__name__}: {exc})",
                         hint="open it in Word or LibreOffice and save it again as .docx") from exc
    except Exception as exc:  # noqa: BLE001 - lxml's XML errors and the like: one file, not the build
        raise ParseError(rel, f"this Word file cannot be read ({type(exc).__name__}: {exc})",
                         hint="open it in Word or LibreOffice and save it again as .docx") from exc
    text, controls = strip_controls(normalise(text), rel)
    if not text.strip():
        raise ParseError(rel, "the Word file holds no text", hint="remove it or type the bulletin into it")
    diags = [controls] if controls is not None else []
    markup = markup_diagnostic(text, rel)
    if markup is not None:
        diags.append(markup)
    return Source(path=path, rel=rel, id=path.stem, data=data, sha256=digest, text=text, encoding="docx",
                  diagnostics=diags, format="docx", hints=hints)
