"""``api/articles.sqlite``: the records as an SQLite database, with full-text search.

One file that opens as it is in Datasette, DB Browser for SQLite or the ``sqlite3`` shell:

* ``articles``: one row per record, in the order of ``api/articles.json`` (newest first);
  merged duplicates are kept, as in ``articles.json``, with ``duplicate_of`` naming the record
  they were merged into (``duplicate_of IS NULL`` selects one row per bulletin);
* ``people``: the officials each record names, ``position`` 1, 2, … in order of first mention;
* ``articles_fts``: an FTS5 index of the titles and bodies, an *external content* table
  (``content="articles"``, so the text is stored once and Datasette offers a search box on
  ``articles``).

Searching with or without diacritics. FTS5's ``unicode61`` tokenizer with
``remove_diacritics 2`` already folds case and tone and shape marks ("Dân vận khéo" and
"dan van kheo" give the same tokens; "Thuỵ" = "Thụy"), but keeps "đ" a letter of its own, so
"dang uy" would not find "Đảng ủy". The index therefore covers four columns: ``title`` and
``body`` as written, and ``title_folded`` and ``body_folded``, a copy folded by
``danvan_site.vn.sort.fold`` (lower-case ASCII, "đ" -> "d"; any white space one space),
stored as the last two columns of ``articles``. A query typed without diacritics matches the
folded copy; one typed with them matches the text as written ("Đảng" finds "đảng", not
"dang"). A custom tokenizer would have
avoided the copy, but a tokenizer is C code registered by the program that opens the file:
Datasette, DB Browser or the ``sqlite3`` shell would not have it and could not search (nor
even read) the index; the folded columns need nothing but a stock SQLite with FTS5.

The bytes are deterministic: a fixed page size, no timestamp, rows in a fixed order (the
order of ``newest_first_key``), the FTS index merged into one segment (``optimize``) and the
file rebuilt by ``VACUUM``. The same records give the same file with the same SQLite library
(the header records the library's version, and FTS5's format may change between versions).
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path

from danvan_site.archive.groups import newest_first_key
from danvan_site.core.errors import BuildError
from danvan_site.core.models import Article
from danvan_site.site.exports import Fragments
from danvan_site.vn.sort import fold

__all__ = [
    "SCHEMA_VERSION",
    "PAGE_SIZE",
    "SCHEMA",
    "fts5_available",
    "articles_sqlite",
    "write_articles_sqlite",
]

SCHEMA_VERSION = 1  # PRAGMA user_version of the file
PAGE_SIZE = 4096
PARAGRAPH_SEPARATOR = "\n\n"  # between the body's paragraphs in ``articles.body``
LIST_SEPARATOR = "; "  # between roles in ``people.roles`` and organisations in ``articles.organisations``

# ``seq`` is the rowid (an INTEGER PRIMARY KEY, which VACUUM keeps): the FTS index and Datasette's
# search both refer to rows by rowid. ``id`` is the record's stable id, as in articles.json.
SCHEMA = """
CREATE TABLE articles (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  source_file TEXT NOT NULL,
  url TEXT NOT NULL,
  title TEXT NOT NULL,
  published TEXT,
  event_date TEXT,
  time_of_day TEXT,
  locality_level TEXT,
  locality_name TEXT,
  province TEXT,
  district TEXT,
  locality_code TEXT,
  successor TEXT,
  meeting_type TEXT NOT NULL,
  meeting_type_label TEXT NOT NULL,
  period_label TEXT,
  period_start TEXT,
  period_end TEXT,
  author TEXT,
  author_role TEXT,
  organizer TEXT,
  section TEXT,
  views INTEGER,
  word_count INTEGER,
  organisations TEXT,
  summary TEXT,
  body TEXT NOT NULL,
  duplicate_of TEXT,
  sha256 TEXT NOT NULL,
  raw_url TEXT NOT NULL,
  title_folded TEXT NOT NULL,
  body_folded TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_event_date ON articles(event_date);
CREATE INDEX articles_place ON articles(province, district, locality_name);
CREATE INDEX articles_meeting_type ON articles(meeting_type);
CREATE INDEX articles_period ON articles(period_start, period_end);
CREATE TABLE people (
  article_seq INTEGER NOT NULL REFERENCES articles(seq),
  article_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  roles TEXT NOT NULL,
  PRIMARY KEY (article_seq, position)
);
CREATE INDEX people_article_id ON people(article_id);
CREATE INDEX people_name ON people(name);
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, body, title_folded, body_folded,
  content="articles", content_rowid="seq",
  tokenize="unicode61 remove_diacritics 2"
);
"""

_ARTICLE_COLUMNS = (
    "seq", "id", "source_file", "url", "title", "published", "event_date", "time_of_day",
    "locality_level", "locality_name", "province", "district", "locality_code", "successor",
    "meeting_type", "meeting_type_label", "period_label", "period_start", "period_end", "author",
    "author_role", "organizer", "section", "views", "word_count", "organisations", "summary", "body",
    "duplicate_of", "sha256", "raw_url", "title_folded", "body_folded",
)


def fts5_available() -> bool:
    """Whether this Python's SQLite library has FTS5 (the export needs it)."""
    try:
        with sqlite3.connect(":memory:") as conn:
            conn.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
        return True
    except sqlite3.Error:
        return False


class _Folder:
    """``fold`` of the text with its white space normalised (``fold(" ".join(text.split()))``:
    a no-break space separates words, where ``fold`` alone would drop it), by ``str.translate``.

    ``fold`` works character by character (NFD, marks dropped, case folded, non-ASCII dropped)
    and then collapses white space, so a table of each character's folded form, filled as
    characters are met, gives the same result in a fraction of the time (the SQLite export folds
    every body; tests/test_sqlite_export.py checks the two agree)."""

    def __init__(self) -> None:
        self.table: dict[int, str] = {}
        self.known: set[str] = set()

    def __call__(self, text: str) -> str:
        chars = set(text)
        if not chars <= self.known:
            for ch in chars - self.known:
                self.table[ord(ch)] = " " if ch.isspace() else fold(ch)
            self.known |= chars
        return " ".join(text.translate(self.table).split())


def _text(value: str | None) -> str | None:
    """Text as stored: None stays NULL; an empty string (after trimming) is NULL too."""
    if value is None:
        return None
    return value if value.strip() else None


def _body(a: Article) -> str:
    return PARAGRAPH_SEPARATOR.join(p for p in a.body if p)


def _folded(records: list[Article], fragments: Fragments | None) -> list[tuple[str, str]]:
    """Each record's title and body folded (``_Folder``), kept in ``fragments`` between builds.

    Folding is most of the cost of the rows: 2.1 of the export's 5 CPU-s at 10,000 bulletins (29
    million characters), the same every build for a record that did not change. A kept piece is
    the two folded texts joined by a line feed, which a folded text never holds (its white space
    is collapsed into single spaces)."""
    folder = _Folder()

    def make(a: Article) -> str:
        return folder(a.title) + "\n" + folder(_body(a))
    pairs: list[tuple[str, str]] = []
    for a in records:
        piece = fragments.piece(a, make).decode("utf-8") if fragments is not None else make(a)
        title, _, body = piece.partition("\n")
        pairs.append((title, body))
    if fragments is not None:
        fragments.save()
    return pairs


def _article_row(seq: int, a: Article, folded: tuple[str, str]) -> tuple:
    body = _body(a)
    loc = a.locality
    return (
        seq, a.id, a.source_file, a.url, a.title, a.published_iso(),
        a.event_date.isoformat() if a.event_date else None, _text(a.time_of_day),
        _text(loc.level), _text(loc.name), _text(loc.province), _text(loc.district), _text(loc.code),
        _text(loc.successor), a.meeting_type.slug, a.meeting_type.label,
        a.period.label if a.period else None,
        a.period.start.isoformat() if a.period else None,
        a.period.end.isoformat() if a.period else None,
        a.author.name if a.author else None, _text(a.author.role) if a.author else None,
        _text(a.organizer), _text(a.section), a.views, a.word_count,
        LIST_SEPARATOR.join(o for o in a.organisations if o) or None, _text(a.summary), body,
        a.duplicate_of, a.sha256, a.raw_url, folded[0], folded[1],
    )


def _ordered(records: Iterable[Article]) -> list[Article]:
    """The records in the export's fixed order, whatever order they come in (newest first, as
    ``api/articles.json``; ties by id)."""
    ordered = sorted(records, key=newest_first_key)
    seen: set[str] = set()
    for article in ordered:
        if article.id in seen:
            raise BuildError(f"two records have the id '{article.id}': the SQLite export needs unique ids.")
        seen.add(article.id)
    return ordered


# The memory FTS5 gathers an index's terms in before writing them as a segment (its default is
# 1 MB). At 10,000 bulletins, with the default, ``rebuild`` wrote some hundred segments and
# merged them as it went, and ``optimize`` merged what was left: 1.4-1.6 s and 0.22-0.28 s.
# With 64 MB: 1.0-1.1 s and 0.11 s, for 37 MB more in the exports' process (the whole index of
# 10,000 bulletins fits; a larger archive writes a segment per 64 MB, so the memory stays
# bounded). Measured on the AMD EPYC machine of docs/benchmarks.md, sixteenth round.
FTS_HASHSIZE = 64 * 1024 * 1024
FTS_DEFAULT_HASHSIZE = 1024 * 1024


def _set_fts_hashsize(conn: sqlite3.Connection, size: int) -> bool:
    """Set FTS5's ``hashsize`` for the index (kept in the file's ``articles_fts_config``);
    False where the SQLite library does not know the option (the index is built as before)."""
    try:
        conn.execute(f"INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', {int(size)})")
    except sqlite3.OperationalError:
        return False
    return True


def _fill(conn: sqlite3.Connection, records: list[Article], fragments: Fragments | None = None) -> None:
    conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA encoding = 'UTF-8'")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.executescript(SCHEMA)
    marks = ", ".join("?" for _ in _ARTICLE_COLUMNS)
    folded = _folded(records, fragments)
    fts_hash = _set_fts_hashsize(conn, FTS_HASHSIZE)
    conn.execute("BEGIN")
    conn.executemany(
        f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}) VALUES ({marks})",
        (_article_row(seq, a, pair) for seq, (a, pair) in enumerate(zip(records, folded), start=1)),
    )
    conn.executemany(
        "INSERT INTO people (article_seq, article_id, position, name, roles) VALUES (?, ?, ?, ?, ?)",
        (
            (seq, a.id, position, p.name, LIST_SEPARATOR.join(r for r in p.roles if r))
            for seq, a in enumerate(records, start=1)
            for position, p in enumerate((p for p in a.people if p.name), start=1)
        ),
    )
    # The index, filled from the content table in rowid order; then one segment.
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
    if fts_hash:  # whoever writes to the file later does so with FTS5's usual memory
        _set_fts_hashsize(conn, FTS_DEFAULT_HASHSIZE)
    conn.execute("COMMIT")
    conn.execute("VACUUM")


def write_articles_sqlite(records: Iterable[Article], path: str | os.PathLike[str],
                          fragments: Fragments | None = None) -> Path:
    """Write the database of ``records`` (every record, merged duplicates included, in any
    order) to ``path``, replacing any file there; returns the path. Built in a temporary file
    beside ``path`` and moved into place when complete. ``fragments``: the folded texts kept
    from the last build (incremental builds), the same bytes either way."""
    if not fts5_available():
        raise BuildError("the SQLite library of this Python has no FTS5: api/articles.sqlite cannot be built.")
    target = Path(path)
    ordered = _ordered(records)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".articles-", suffix=".sqlite", dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        temp.unlink()  # sqlite3 makes the file itself, with the page size set before the first write
        conn = sqlite3.connect(temp, isolation_level=None)
        try:
            _fill(conn, ordered, fragments)
        finally:
            conn.close()
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return target


def articles_sqlite(records: Iterable[Article], fragments: Fragments | None = None) -> bytes:
    """The bytes of ``api/articles.sqlite`` for ``records`` (see ``write_articles_sqlite``)."""
    with tempfile.TemporaryDirectory(prefix="danvan-sqlite-") as folder:
        path = write_articles_sqlite(records, Path(folder) / "articles.sqlite", fragments)
        return path.read_bytes()
