"""The records' exports made from pieces kept between builds (site/exports.py ``Fragments``):
the same bytes as made whole, a piece made again exactly when what it is made of changed."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conftest import CORPUS, seed_settings
from danvan_site.site.exports import Fragments, articles_csv, record_key
from danvan_site.site.render import articles_json


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    from danvan_site.archive.groups import build_archive
    from danvan_site.build.pipeline import collect

    settings = seed_settings(tmp_path_factory.mktemp("fragments") / "site", CORPUS, search=False)
    return build_archive(collect(settings).articles, settings).records


def _both(records, folder: Path, version: str = "v1") -> tuple[bytes, bytes, int, int]:
    json_pieces = Fragments(folder / "json.db", version)
    csv_pieces = Fragments(folder / "csv.db", version)
    made_json = articles_json(records, None, json_pieces)
    made_csv = articles_csv(records, csv_pieces)
    return made_json, made_csv, json_pieces.made, csv_pieces.made


def test_kept_pieces_make_the_files_made_whole(records, tmp_path: Path) -> None:
    whole = (articles_json(records), articles_csv(records))
    assert len(records) == 5 and all(a.fingerprint and a.url for a in records)
    first = _both(records, tmp_path)
    assert first == (*whole, 5, 5)
    assert (tmp_path / "json.db").is_file() and (tmp_path / "csv.db").is_file()
    assert _both(records, tmp_path) == (*whole, 0, 0)  # every piece kept
    assert _both([], tmp_path) == (articles_json([]), articles_csv([]), 0, 0)


def test_a_piece_is_made_again_when_its_record_or_address_changed(records, tmp_path: Path) -> None:
    _both(records, tmp_path)
    edited = list(records)
    edited[2] = dataclasses.replace(records[2], title="Tiêu đề đã sửa", fingerprint="another")
    assert record_key(edited[2]) != record_key(records[2])
    made = _both(edited, tmp_path)
    assert made == (articles_json(edited), articles_csv(edited), 1, 1)
    assert "Tiêu đề đã sửa" in made[0].decode("utf-8") and "Tiêu đề đã sửa" in made[1].decode("utf-8-sig")
    # Only its address changed (the archive gave it another page): made again too.
    moved = list(edited)
    moved[0] = dataclasses.replace(edited[0], url="bai-viet/dia-chi-khac/")
    assert _both(moved, tmp_path) == (articles_json(moved), articles_csv(moved), 1, 1)
    # A record removed: the others are kept, and the file forgets it.
    assert _both(moved[1:], tmp_path) == (articles_json(moved[1:]), articles_csv(moved[1:]), 0, 0)
    assert _both(moved, tmp_path)[2:] == (1, 1)


def test_another_version_or_a_damaged_file_makes_every_piece(records, tmp_path: Path) -> None:
    whole = (articles_json(records), articles_csv(records))
    _both(records, tmp_path)
    assert _both(records, tmp_path, version="v2") == (*whole, 5, 5)  # other code or settings
    (tmp_path / "json.db").write_bytes(b"not a database, but something else " * 200)
    (tmp_path / "csv.db").write_bytes(b"")
    assert _both(records, tmp_path, version="v2") == (*whole, 5, 5)
    assert _both(records, tmp_path, version="v2") == (*whole, 0, 0)  # written again, whole


def test_a_build_writes_the_pieces_it_made_not_the_whole_file(records, tmp_path: Path) -> None:
    """One record edited: its row is written again, the others stay as they were (their rows
    are not rewritten); a record gone loses its row."""
    import sqlite3

    _both(records, tmp_path)

    def rows() -> dict[str, tuple[int, bytes]]:
        db = sqlite3.connect(tmp_path / "json.db")
        try:
            return {rid: (rowid, data) for rowid, rid, data in db.execute("SELECT rowid, id, data FROM pieces")}
        finally:
            db.close()

    before = rows()
    assert len(before) == 5
    edited = list(records)
    edited[2] = dataclasses.replace(records[2], title="Tiêu đề đã sửa", fingerprint="another")
    assert _both(edited, tmp_path)[2:] == (1, 1)
    after = rows()
    assert [rid for rid in before if after[rid] != before[rid]] == [records[2].id]
    assert all(after[rid][0] == before[rid][0] for rid in before if rid != records[2].id)  # the same rows
    assert _both(edited[:4], tmp_path)[2:] == (0, 0)
    assert sorted(rows()) == sorted(a.id for a in edited[:4])


def test_a_folder_that_cannot_be_written_only_costs_time(records, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    whole = (articles_json(records), articles_csv(records))
    assert _both(records, blocked) == (*whole, 5, 5)  # "a-file/json.db" cannot be made
    assert _both(records, blocked) == (*whole, 5, 5)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
