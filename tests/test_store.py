"""The store's large maps (``Store.get_map`` / ``set_map``): a base and the changes since."""
from __future__ import annotations

import json
import pickle
import sqlite3
from pathlib import Path

from danvan_site.store.db import FILE_NAME, Store


def _rows(folder: Path) -> dict[str, object]:
    db = sqlite3.connect(str(folder / FILE_NAME))
    try:
        return {k: pickle.loads(v) for k, v in db.execute("SELECT k, v FROM state WHERE k LIKE 'm#%'")}
    finally:
        db.close()


def _reopened(folder: Path) -> Store:
    return Store(folder, scope="corpus")


def test_a_map_changed_a_little_is_saved_as_the_changes_since_its_base(tmp_path: Path) -> None:
    store = _reopened(tmp_path)
    first = {f"unit {i}": ("sig", [f"page {i}"]) for i in range(100)}
    assert store.get_map("m") is None
    store.set_map("m", first)
    store.close()
    assert sorted(_rows(tmp_path)) == ["m#base"]

    # Read, two entries made again, one added, one gone; the others kept as read.
    store = _reopened(tmp_path)
    read = store.get_map("m")
    assert read == first
    now = {name: entry for name, entry in read.items() if name != "unit 3"}
    now["unit 5"] = ("new", ["page 5"])
    now["unit 7"] = ("new", ["page 7"])
    now["unit 100"] = ("sig", ["page 100"])
    now["unit 8"] = ("sig", ["page 8"])  # made again, equal: not a change
    store.set_map("m", now)
    store.close()
    rows = _rows(tmp_path)
    assert rows["m#base"] == first  # not written again
    changed, removed = rows["m#delta"]
    assert sorted(changed) == ["unit 100", "unit 5", "unit 7"] and removed == ["unit 3"]

    # The next build reads the base with the delta applied; the delta stays relative to the base.
    store = _reopened(tmp_path)
    read = store.get_map("m")
    assert read == now
    again = dict(read)
    again["unit 9"] = ("new", ["page 9"])
    store.set_map("m", again)
    store.close()
    changed, removed = _rows(tmp_path)["m#delta"]
    assert sorted(changed) == ["unit 100", "unit 5", "unit 7", "unit 9"] and removed == ["unit 3"]
    store = _reopened(tmp_path)
    assert store.get_map("m") == again
    store.close()

    # The map read, changed in place and saved: it cannot be compared with itself, so it is
    # written whole (and read back as saved).
    store = _reopened(tmp_path)
    read = store.get_map("m")
    assert read is not None
    read["unit 10"] = ("new", ["page 10"])
    store.set_map("m", read)
    store.close()
    assert sorted(_rows(tmp_path)) == ["m#base"]
    store = _reopened(tmp_path)
    assert store.get_map("m") == {**again, "unit 10": ("new", ["page 10"])}
    store.close()


def test_a_map_changed_much_or_not_read_is_saved_whole(tmp_path: Path) -> None:
    store = _reopened(tmp_path)
    first = {f"unit {i}": (i,) for i in range(80)}
    store.set_map("m", first)
    store.close()
    store = _reopened(tmp_path)
    read = store.get_map("m")
    assert read is not None
    changed = {name: (entry[0] + 1,) for name, entry in read.items()}  # every entry new
    store.set_map("m", changed)
    store.close()
    assert _rows(tmp_path) == {"m#base": changed}

    store = _reopened(tmp_path)
    read = store.get_map("m")
    assert read is not None
    store.set_map("m", {**read, "unit 0": ("x",)})
    store.close()
    assert "m#delta" in _rows(tmp_path)
    # Saved without having been read from this store: written whole, the old delta dropped.
    store = _reopened(tmp_path)
    store.set_map("m", {"only": (1,)})
    store.close()
    assert _rows(tmp_path) == {"m#base": {"only": (1,)}}


def test_a_map_forgotten_or_cleared_is_gone(tmp_path: Path) -> None:
    store = _reopened(tmp_path)
    store.set_map("m", {"a": 1})
    store.set_map("m", None)
    assert store.get_map("m") is None and _rows(tmp_path) == {}
    store.set_map("m", {"a": 1})
    assert store.get_map("m") == {"a": 1}
    store.clear()
    assert store.get_map("m") is None
    store.set_map("m", {"a": 2})  # after a clear: a new base, not a delta of a base now gone
    assert _rows(tmp_path) == {"m#base": {"a": 2}}
    store.close()


def test_a_record_is_stored_without_its_evidence_and_reads_back_whole(seed_articles) -> None:
    """The store keeps a record's JSON without its evidence and the evidence apart
    (records.encode_stored); the fingerprint is still the hash of the whole record's canonical
    JSON, and the record read back equals the one extracted. The evidence is decoded when read,
    never kept decoded, and a record pickled (to a forked writer) keeps it."""
    from danvan_site.core import records

    for article in seed_articles.values():
        whole, stored, evidence = records.encode_stored(article)
        assert whole == records.encode(article)
        assert b'"evidence"' not in stored and json.loads(evidence) == article.evidence
        back = records.decode(stored, evidence)
        assert isinstance(back.evidence, records.StoredEvidence)
        assert records.encode(back) == whole  # the same record, byte for byte
        assert back.evidence._raw == evidence  # kept as stored: never held decoded
        assert records.plain_evidence(back.evidence) == article.evidence
        again = pickle.loads(pickle.dumps(records.decode(stored, evidence)))
        assert dict(again.evidence) == article.evidence and again.evidence == article.evidence
        assert records.plain_evidence(again.evidence) == article.evidence
    assert any(a.evidence.get("title") for a in seed_articles.values())
