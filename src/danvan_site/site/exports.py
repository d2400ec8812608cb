"""``api/articles.csv``: the records as a spreadsheet, one row per bulletin, newest first.

UTF-8 with a byte-order mark (so Excel reads the Vietnamese correctly), a header row, the
columns in ``CSV_COLUMNS`` (the scalar fields of ``api/articles.json``; lists joined with
"; "), rows ending in CRLF (RFC 4180), fields quoted by the ``csv`` module when needed.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula ("=HYPERLINK(…)"), so such a text cell gets a leading ``'`` (``'=1+1``);
numbers are written as numbers. Characters XML 1.0 forbids (control characters but tab, line
feed and carriage return) are removed, as in the feeds.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import Any

from danvan_site.site.feeds import xml_text
from danvan_site.core.models import Article

__all__ = ["CSV_COLUMNS", "FORMULA_PREFIXES", "articles_csv", "csv_cell"]

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


def articles_csv(articles: Sequence[Article]) -> bytes:
    """The CSV file of ``articles`` (given newest first), as bytes."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for article in articles:
        writer.writerow([csv_cell(get(article)) for _, get in _COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")
