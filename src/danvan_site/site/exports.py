"""``api/articles.csv``: the records as a spreadsheet, one row per bulletin, newest first.

UTF-8 with a byte-order mark (so Excel reads the Vietnamese correctly), a header row, the
columns in ``CSV_COLUMNS`` (the scalar fields of ``api/articles.json``; lists joined with
"; "), rows ending in CRLF (RFC 4180), fields quoted by the ``csv`` module when needed.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula ("=HYPERLINK(…)"), so such a text cell gets a leading ``'`` (``'=1+1``);
numbers are written as numbers. Characters XML 1.0 forbids (control characters but tab, line
feed and carriage return) are removed, as in the feeds.

Incremental builds keep each record's row (and its line of ``api/articles.json``) between builds
in a file of the cache folder (``Fragments``): an edit of one bulletin in 10,000 makes one row
and joins the others, where making every row again costs 0.4 s (CSV) and 0.7 s (JSON).
"""
from __future__ import annotations

import csv
import io
import os
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from danvan_site.site.feeds import xml_text
from danvan_site.core.models import Article

__all__ = ["CSV_COLUMNS", "FORMULA_PREFIXES", "Fragments", "articles_csv", "csv_cell", "record_key"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _join(values: Sequence[str]) -> str:
    return "; ".join(v for v in values if v)


# Column name -> value of an article, in the order of the file.
_COLUMNS: list[tuple[str, Callable[[Article], Any]]] = [
    ("id", lambda a: a.id),
    ("source_file", lambda a: a.source_file),
    ("url", lambda a: a.url),
    ("title", lambda a: a.title),
    ("published", lambda a: a.published_iso()),
    ("event_date", lambda a: a.event_date.isoformat() if a.event_date else None),
    ("time_of_day", lambda a: a.time_of_day),
    ("locality_level", lambda a: a.locality.level),
    ("locality_name", lambda a: a.locality.name),
    ("province", lambda a: a.locality.province),
    ("district", lambda a: a.locality.district),
    ("code", lambda a: a.locality.code),
    ("successor", lambda a: a.locality.successor),
    ("meeting_type", lambda a: a.meeting_type.slug),
    ("meeting_type_label", lambda a: a.meeting_type.label),
    ("period_label", lambda a: a.period.label if a.period else None),
    ("period_start", lambda a: a.period.start.isoformat() if a.period else None),
    ("period_end", lambda a: a.period.end.isoformat() if a.period else None),
    ("author", lambda a: a.author.name if a.author else None),
    ("author_role", lambda a: a.author.role if a.author else None),
    ("organizer", lambda a: a.organizer),
    ("section", lambda a: a.section),
    ("views", lambda a: a.views),
    ("people", lambda a: _join([p.name for p in a.people])),
    ("organisations", lambda a: _join(a.organisations)),
    ("word_count", lambda a: a.word_count),
    ("summary", lambda a: a.summary),
    ("sha256", lambda a: a.sha256),
    ("raw_url", lambda a: a.raw_url),
]
CSV_COLUMNS: tuple[str, ...] = tuple(name for name, _ in _COLUMNS)


def csv_cell(value: Any) -> str:
    """One cell: "" for None, numbers as written, text cleaned and kept from running as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = xml_text(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def record_key(article: Article) -> tuple[Any, ...]:
    """Everything a record's row and JSON line are made of, as plain values: the record as
    extracted (its ``fingerprint``, a hash of every field read from the file and its sidecar),
    the addresses the archive gave it, and each of its sources (``Article.sources``: merged
    duplicates, whose files, addresses and similarity the JSON lists)."""
    return (article.id, article.fingerprint, article.url, article.raw_url, article.own_url, article.duplicate_of,
            article.similarity,
            tuple((s.id, s.fingerprint, s.raw_url, s.similarity, s.duplicate_of) for s in article.sources))


class Fragments:
    """Per-record pieces of one whole-archive export kept between builds: record id -> (its
    ``record_key``, the piece). ``piece`` gives the kept piece while the key is the same, else
    makes it; ``save`` keeps this build's pieces (the others are forgotten). The file holds the
    ``version`` it was made under (the code, templates and settings of the site): another
    version, an unreadable or a missing file, and every piece is made. A file that cannot be
    written only costs the next build the time (the export itself never depends on it). Without
    a ``path`` (no cache folder) nothing is kept."""

    def __init__(self, path: Path | None, version: str) -> None:
        self.path = path
        self.version = version
        # As UTF-8 bytes: they load without decoding and join into the file without encoding.
        self.kept: dict[str, tuple[tuple[Any, ...], bytes]] = {}
        self.now: dict[str, tuple[tuple[Any, ...], bytes]] = {}
        self.made = 0  # pieces made by this build (the others were kept)
        if path is not None:
            try:
                with open(path, "rb") as stream:
                    version_, kept = pickle.load(stream)
                if version_ == version and isinstance(kept, dict):
                    self.kept = kept
            except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError, IndexError,
                    pickle.UnpicklingError):
                pass  # no usable file: every piece is made

    def piece(self, article: Article, make: Callable[[Article], str]) -> bytes:
        """``article``'s piece, as UTF-8."""
        key = record_key(article)
        found = self.kept.get(article.id)
        if found is not None and found[0] == key:
            data = found[1]
        else:
            data = make(article).encode("utf-8")
            self.made += 1
        self.now[article.id] = (key, data)
        return data

    def save(self) -> None:
        if self.path is None or (not self.made and len(self.now) == len(self.kept)):
            return  # the same pieces as the file holds
        part = self.path.with_name(f"{self.path.name}.{os.getpid()}.part")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(part, "wb") as stream:
                pickle.dump((self.version, self.now), stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(part, self.path)  # whole or absent, also with two builds at once
        except OSError:
            try:
                part.unlink(missing_ok=True)
            except OSError:
                pass  # its folder could not be made: there is no part either


class _Line:
    """Where ``csv.writer`` writes one row: the row's text, kept."""

    text = ""

    def write(self, text: str) -> int:
        self.text = text
        return len(text)


def csv_row(article: Article) -> str:
    """One record's row of the CSV file, with its line end."""
    line = _Line()
    csv.writer(line, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").writerow(
        [csv_cell(get(article)) for _, get in _COLUMNS])
    return line.text


def articles_csv(articles: Sequence[Article], fragments: Fragments | None = None) -> bytes:
    """The CSV file of ``articles`` (given newest first), as bytes; rows kept in ``fragments``
    are not made again."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    if fragments is not None:
        rows = [buffer.getvalue().encode("utf-8-sig")]
        rows.extend(fragments.piece(article, csv_row) for article in articles)
        fragments.save()
        return b"".join(rows)
    for article in articles:
        writer.writerow([csv_cell(get(article)) for _, get in _COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")
