"""The store: one SQLite database that knows what the last build read and made.

It replaces the whole-corpus pickles of earlier versions. Tables:

- ``files``: every bulletin file of the corpus with the size and modification time of it and of
  its sidecar when it was read, what became of it (a record or a rejection and why), the
  signature of its bulletin (for the chrome lesson) and the learned chrome keys it was read with;
- ``lines`` / ``line_text`` / ``learned``: the short lines of every file (keys), their text, and
  the lines the corpus teaches as page chrome with the number of bulletins they are found in;
- ``records``: each file's record as canonical JSON (full, without its evidence, and light), the
  evidence's own JSON, the record's fingerprint (a hash of the whole record's JSON) and the
  sketch of its body for finding duplicates;
- ``near`` / ``compared``: the near-duplicate verdicts of earlier builds, by fingerprint;
- ``state``: small values of the build (the last build's key, the search index key), pickled;
  and large maps that change a little from build to build (the render index: what each page
  unit was made from; the live and spare sites' manifests and stamps), kept as a base and the
  changes since (``set_map``).

One writer at a time (the build holds the output folder's lock); WAL journal, so a reader (the
preview server) never waits. A store from another version of the schema, or that cannot be read,
is replaced (a note says so): it is a cache, never the only copy of anything.
"""
from __future__ import annotations

import pickle
import sqlite3
from pathlib import Path
from typing import Any, Iterable, Iterator

SCHEMA_VERSION = "3"  # 2: the evidence in a column of its own; 3: sketches as bytes
FILE_NAME = "store.sqlite"
_MISSING = object()  # an entry a map read did not have (set_map)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files (
    rel TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, side_size INTEGER, side_mtime INTEGER,
    problem BLOB, signature TEXT, chrome TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lines (key TEXT NOT NULL, rel TEXT NOT NULL, PRIMARY KEY (key, rel)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS lines_rel ON lines (rel);
CREATE TABLE IF NOT EXISTS line_text (key TEXT PRIMARY KEY, text TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS learned (key TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS records (
    rel TEXT PRIMARY KEY, id TEXT NOT NULL, fp TEXT NOT NULL, full BLOB NOT NULL, light BLOB NOT NULL,
    evidence BLOB NOT NULL, sketch BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS near (a TEXT NOT NULL, b TEXT NOT NULL, sim REAL NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS compared (fp TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS state (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID;
"""


class Store:
    """The build's database (see the module's docstring). ``Store(None)`` is an empty store in
    memory: a build without a cache folder works the same way and keeps nothing."""

    def __init__(self, folder: Path | None, scope: str = "") -> None:
        self.folder = Path(folder) if folder is not None else None
        self.note: str | None = None  # why an existing store was not used
        # Each map read (get_map): the dict returned, and the names its saved delta held
        self._bases: dict[str, tuple[dict[str, Any], set[str]]] = {}
        path = ":memory:"
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = str(self.folder / FILE_NAME)
        self.db = self._open(path)
        version = self.meta("schema")
        if version is not None and version != SCHEMA_VERSION:
            self.note = f"the store {path} is of another version; it is rebuilt"
            self._reset(path)
        self.set_meta("schema", SCHEMA_VERSION)
        if scope and self.meta("scope") not in (None, scope):
            self.clear()  # another corpus: nothing of it applies
        self.set_meta("scope", scope)

    def _open(self, path: str) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(path, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            return db
        except sqlite3.DatabaseError as exc:
            if path == ":memory:":
                raise
            self.note = f"the store {path} could not be read ({exc}); it is rebuilt"
            for suffix in ("", "-wal", "-shm"):
                Path(path + suffix).unlink(missing_ok=True)
            return self._open(path)

    def _reset(self, path: str) -> None:
        self.db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
        self.db = self._open(path)

    def close(self) -> None:
        self.db.close()

    # --- small values -----------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)", (key, value))

    def get_state(self, key: str) -> Any:
        row = self.db.execute("SELECT v FROM state WHERE k = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return pickle.loads(row[0])
        except Exception:  # noqa: BLE001 - a damaged value is as if never saved
            return None

    def set_state(self, key: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO state (k, v) VALUES (?, ?)",
                        (key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))

    # --- large maps, kept as a base and a delta ------------------------------------------------

    # A map is rewritten whole when its changes since the base reach this share of its entries:
    # until then a build writes only the entries that differ from the base (at 10,000 bulletins
    # the render index is 40,000 entries and 15 MB; an edit changes a few dozen of them, and
    # pickling and writing the whole cost about half a second of every build).
    DELTA_SHARE = 8

    def get_map(self, key: str) -> dict[str, Any] | None:
        """The map saved under ``key`` with ``set_map`` (None when missing or unreadable): its
        base with the changes since applied. The dict returned is the one ``set_map`` compares
        the next value with (no copy of a 63,000-entry map is made): a caller that changes it
        in place and saves it has it written whole."""
        base = self.get_state(key + "#base")
        if not isinstance(base, dict):
            self._bases.pop(key, None)
            return None
        delta = self.get_state(key + "#delta")
        touched: set[str] = set()
        if isinstance(delta, tuple) and len(delta) == 2:
            changed, removed = delta
            base.update(changed)  # a fresh object of ours: merged in place
            for name in removed:
                base.pop(name, None)
            touched = set(changed) | set(removed)
        self._bases[key] = (base, touched)
        return base

    def set_map(self, key: str, value: dict[str, Any] | None) -> None:
        """Save ``value`` under ``key`` (None: forget it). When the map was read by ``get_map``
        from this store, what differs from the saved base is written as the delta: the entries
        that differ from the map read (compared with ``!=``: an entry kept from it is the same
        object and compares at once) and those the saved delta named already; unless they have
        grown past ``1/DELTA_SHARE`` of the map: then the whole map becomes the new base."""
        loaded = self._bases.pop(key, None)
        if value is None:
            self.db.execute("DELETE FROM state WHERE k IN (?, ?)", (key + "#base", key + "#delta"))
            return
        if loaded is not None and loaded[0] is not value:  # the map read, changed in place: saved whole
            read, touched = loaded
            changed = {name: entry for name, entry in value.items()
                       if name in touched or read.get(name, _MISSING) != entry}
            removed = [name for name in read if name not in value]
            removed += [name for name in touched if name not in read and name not in value]
            if len(changed) + len(removed) <= len(value) // self.DELTA_SHARE:
                self.set_state(key + "#delta", (changed, removed))
                return
        self.db.execute("DELETE FROM state WHERE k = ?", (key + "#delta",))
        self.set_state(key + "#base", value)

    def clear(self, *tables: str) -> None:
        """Forget what the store knows (every table but ``meta``, or the ones named)."""
        if not tables or "state" in tables:
            self._bases.clear()
        for table in tables or ("files", "lines", "line_text", "learned", "records", "near", "compared", "state"):
            self.db.execute(f"DELETE FROM {table}")

    # --- transactions -----------------------------------------------------------------------

    def begin(self) -> None:
        self.db.execute("BEGIN")

    def commit(self) -> None:
        if self.db.in_transaction:
            self.db.execute("COMMIT")

    def rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    # --- files and records ------------------------------------------------------------------

    def files(self) -> dict[str, tuple[Any, ...]]:
        """rel -> (size, mtime, side_size, side_mtime, problem, signature, chrome)."""
        return {row[0]: row[1:] for row in self.db.execute(
            "SELECT rel, size, mtime, side_size, side_mtime, problem, signature, chrome FROM files")}

    def put_file(self, rel: str, stat: tuple[int, int], sidecar: tuple[int, int] | None, problem: bytes | None,
                 signature: str | None, chrome: str) -> None:
        side = sidecar or (None, None)
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (rel, stat[0], stat[1], side[0], side[1], problem, signature, chrome))

    def drop_file(self, rel: str) -> None:
        self.db.execute("DELETE FROM files WHERE rel = ?", (rel,))
        self.db.execute("DELETE FROM records WHERE rel = ?", (rel,))
        self.db.execute("DELETE FROM lines WHERE rel = ?", (rel,))

    def put_record(self, rel: str, id_: str, fp: str, full: bytes, light: bytes, evidence: bytes,
                   sketch: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (rel, id_, fp, full, light, evidence, sketch))

    def drop_record(self, rel: str) -> None:
        self.db.execute("DELETE FROM records WHERE rel = ?", (rel,))

    def records(self, column: str = "full") -> Iterator[tuple[str, str, bytes, bytes, bytes]]:
        """(rel, fingerprint, record JSON, evidence JSON, sketch) of every record, in file order."""
        if column not in ("full", "light"):
            raise ValueError(column)
        yield from self.db.execute(f"SELECT rel, fp, {column}, evidence, sketch FROM records ORDER BY rel")

    def fingerprints(self) -> list[tuple[str, str]]:
        """(rel, fingerprint) of every record, in file order: what the records are, without
        reading them."""
        return self.db.execute("SELECT rel, fp FROM records ORDER BY rel").fetchall()

    # --- lines and the chrome lesson --------------------------------------------------------

    def set_lines(self, rel: str, keys: dict[str, str]) -> None:
        self.db.execute("DELETE FROM lines WHERE rel = ?", (rel,))
        self.db.executemany("INSERT OR IGNORE INTO lines (key, rel) VALUES (?, ?)", ((k, rel) for k in keys))
        self.db.executemany("INSERT OR IGNORE INTO line_text (key, text) VALUES (?, ?)", keys.items())

    def keys_of(self, rel: str) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT key FROM lines WHERE rel = ?", (rel,))]

    def recount(self, keys: Iterable[str] | None, min_documents: int) -> set[str]:
        """Count again the bulletins (distinct signatures) each key is found in, for ``keys`` (or
        every key); update ``learned``; return the keys whose learned status changed."""
        before = {row[0] for row in self.db.execute("SELECT key FROM learned")}
        if keys is None:
            self.db.execute("DELETE FROM learned")
            self.db.execute(
                "INSERT INTO learned (key, docs) SELECT l.key, COUNT(DISTINCT f.signature) FROM lines l "
                "JOIN files f ON f.rel = l.rel GROUP BY l.key HAVING COUNT(DISTINCT f.signature) >= ?",
                (min_documents,))
        else:
            for key in set(keys):
                docs = self.db.execute(
                    "SELECT COUNT(DISTINCT f.signature) FROM lines l JOIN files f ON f.rel = l.rel WHERE l.key = ?",
                    (key,)).fetchone()[0]
                if docs >= min_documents:
                    self.db.execute("INSERT OR REPLACE INTO learned (key, docs) VALUES (?, ?)", (key, docs))
                else:
                    self.db.execute("DELETE FROM learned WHERE key = ?", (key,))
        after = {row[0] for row in self.db.execute("SELECT key FROM learned")}
        return before ^ after

    def files_with(self, keys: Iterable[str]) -> set[str]:
        found: set[str] = set()
        batch = list(keys)
        for i in range(0, len(batch), 500):
            part = batch[i:i + 500]
            found.update(row[0] for row in self.db.execute(
                f"SELECT DISTINCT rel FROM lines WHERE key IN ({','.join('?' * len(part))})", part))
        return found

    def learned_in(self, rel: str) -> frozenset[str]:
        return frozenset(row[0] for row in self.db.execute(
            "SELECT l.key FROM lines l JOIN learned c ON c.key = l.key WHERE l.rel = ?", (rel,)))

    def learned_lines(self) -> list[tuple[str, int]]:
        """(line, bulletins it is found in) of every learned line, most frequent first."""
        rows = self.db.execute("SELECT t.text, c.docs FROM learned c JOIN line_text t ON t.key = c.key").fetchall()
        return sorted(rows, key=lambda tn: (-tn[1], tn[0]))

    def documents(self) -> int:
        return self.db.execute("SELECT COUNT(DISTINCT signature) FROM files WHERE signature IS NOT NULL").fetchone()[0]

    # --- duplicates ---------------------------------------------------------------------------

    def near_verdicts(self) -> tuple[set[str], dict[tuple[str, str], float]]:
        compared = {row[0] for row in self.db.execute("SELECT fp FROM compared")}
        near = {(a, b): sim for a, b, sim in self.db.execute("SELECT a, b, sim FROM near")}
        return compared, near

    def set_near_verdicts(self, compared: set[str], near: dict[tuple[str, str], float],
                          before: tuple[set[str], dict[tuple[str, str], float]] | None = None) -> None:
        """Store the verdicts. ``before``: what the store holds now (``near_verdicts``); then only
        the difference is written (an edit changes a few of 10,000 rows: rewriting them all took
        0.35 s)."""
        if before is None:
            self.db.execute("DELETE FROM compared")
            self.db.execute("DELETE FROM near")
            old_compared: set[str] = set()
            old_near: dict[tuple[str, str], float] = {}
        else:
            old_compared, old_near = before
            self.db.executemany("DELETE FROM compared WHERE fp = ?", ((fp,) for fp in sorted(old_compared - compared)))
            self.db.executemany("DELETE FROM near WHERE a = ? AND b = ?",
                                (pair for pair in sorted(old_near) if near.get(pair) != old_near[pair]))
        self.db.executemany("INSERT INTO compared (fp) VALUES (?)", ((fp,) for fp in sorted(compared - old_compared)))
        self.db.executemany("INSERT INTO near (a, b, sim) VALUES (?, ?, ?)",
                            ((a, b, sim) for (a, b), sim in sorted(near.items()) if old_near.get((a, b)) != sim))
