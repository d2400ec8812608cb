"""``api/articles.csv``: the records as a spreadsheet, one row per bulletin, newest first.

UTF-8 with a byte-order mark (so Excel reads the Vietnamese correctly), a header row, the
columns in ``CSV_COLUMNS`` (the scalar fields of ``api/articles.json``; lists joined with
"; "), rows ending in CRLF (RFC 4180), fields quoted by the ``csv`` module when needed.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula ("=HYPERLINK(…)"), so such a text cell gets a leading ``'`` (``'=1+1``);
numbers are written as numbers. Characters XML 1.0 forbids (control characters but tab, line
feed and carriage return) are removed, as in the feeds.

Incremental builds keep each record's row (and its line of ``api/articles.json``) between builds
in a SQLite file of the cache folder (``Fragments``): an edit of one bulletin in 10,000 makes one row
and joins the others, where making every row again costs 0.4 s (CSV) and 0.7 s (JSON).
"""
from __future__ import annotations

import csv
import io
import pickle
import sqlite3
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
    makes it; ``save`` keeps this build's pieces (the others are forgotten).

    The pieces live in a SQLite file of their own (one per export, so that the exports' process
    and the build never wait for each other's lock), a row per record: a build writes the rows
    it made and deletes the rows of records gone, not the whole file. (Kept as one pickle file
    per export, an edit of one bulletin in 10,000 rewrote 134 MB of pieces, and the renames over
    the old files made the file system flush them at once.) The file holds the ``version`` it
    was made under (the code, templates and settings of the site): another version, an
    unreadable or a missing file, and every piece is made. A file that cannot be written only
    costs the next build the time (the export itself never depends on it). No connection is
    kept open between the two steps: a process forked in between (the exports' process) opens
    its own. Without a ``path`` (no cache folder) nothing is kept."""

    def __init__(self, path: Path | None, version: str) -> None:
        self.path = path
        self.version = version
        # As UTF-8 bytes: they load without decoding and join into the file without encoding.
        # The key as stored (pickled), compared with this build's key pickled.
        self.kept: dict[str, tuple[bytes, bytes]] = {}
        self.now: dict[str, bytes] = {}  # id -> its piece, every record of this build
        self.new: dict[str, tuple[bytes, bytes]] = {}  # id -> (key, piece) made by this build
        self.same_version = False
        if path is not None:
            try:
                db = sqlite3.connect(path, isolation_level=None)
            except (sqlite3.Error, OSError):
                return  # its folder is missing or cannot be read: every piece is made
            try:
                found = db.execute("SELECT v FROM meta WHERE k = 'version'").fetchone()
                if found is not None and found[0] == version:
                    self.same_version = True
                    self.kept = {row[0]: (row[1], row[2]) for row in db.execute("SELECT id, key, data FROM pieces")}
            except sqlite3.Error:
                self.kept = {}  # no tables yet, or not a database: every piece is made
            finally:
                db.close()

    @property
    def made(self) -> int:
        """Pieces made by this build (the others were kept)."""
        return len(self.new)

    def piece(self, article: Article, make: Callable[[Article], str]) -> bytes:
        """``article``'s piece, as UTF-8."""
        key = pickle.dumps(record_key(article), protocol=4)
        found = self.kept.get(article.id)
        if found is not None and found[0] == key:
            data = found[1]
        else:
            data = make(article).encode("utf-8")
            self.new[article.id] = (key, data)
        self.now[article.id] = data
        return data

    def save(self) -> None:
        """Write the pieces this build made and forget those of records no longer built."""
        gone = [rid for rid in self.kept if rid not in self.now]
        if self.path is None or (not self.new and not gone):
            return  # the same pieces as the file holds
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._write(gone)
        except sqlite3.DatabaseError:
            # Not a database (damaged, or something else under that name): made again whole.
            try:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
                self.same_version = False
                self._write([])
            except (sqlite3.Error, OSError):
                pass
        except (sqlite3.Error, OSError):
            pass  # a folder that cannot be made or written: the next build makes the pieces again

    def _write(self, gone: list[str]) -> None:
        db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # a cache: a piece lost is made again
            db.execute("BEGIN IMMEDIATE")
            db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS pieces (id TEXT PRIMARY KEY, key BLOB, data BLOB)")
            if not self.same_version:  # nothing was kept: every piece is new
                db.execute("DELETE FROM pieces")
                db.execute("INSERT OR REPLACE INTO meta (k, v) VALUES ('version', ?)", (self.version,))
            else:
                db.executemany("DELETE FROM pieces WHERE id = ?", [(rid,) for rid in gone])
            db.executemany("INSERT OR REPLACE INTO pieces (id, key, data) VALUES (?, ?, ?)",
                           [(rid, key, data) for rid, (key, data) in self.new.items()])
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            db.close()


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
