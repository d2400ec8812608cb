"""``api/articles.sqlite`` (site/sqlite_export.py): the three queries of docs/du-lieu.md answer
on the seeds what the doc says; search with and without diacritics ("d" finds "đ"); merged
duplicates kept and marked as in articles.json; the same bytes from the same records in any
order; a plain file that Datasette and DB Browser read as it is (the FTS table linked to its
content table the way Datasette detects it, the index consistent with the content)."""
from __future__ import annotations

import copy
import random
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT
from danvan_site.archive.groups import build_archive
from danvan_site.core.models import Article, MeetingType
from danvan_site.site import sqlite_export as sx
from site_samples import sample_articles

DOC = ROOT / "docs" / "du-lieu.md"

pytestmark = pytest.mark.skipif(not sx.fts5_available(), reason="this Python's SQLite has no FTS5")


def _open(data: bytes, tmp_path: Path, name: str = "articles.sqlite") -> sqlite3.Connection:
    path = tmp_path / name
    path.write_bytes(data)
    # as Datasette opens a file it was given with -i: read-only, immutable
    return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)


@pytest.fixture(scope="module")
def seeds(seed_articles):
    return build_archive(copy.deepcopy(list(seed_articles.values())))


@pytest.fixture(scope="module")
def seeds_db(seeds, tmp_path_factory):
    return _open(sx.articles_sqlite(seeds.records), tmp_path_factory.mktemp("seeds"))


# --- the documented queries -------------------------------------------------------------------


def documented_queries() -> list[tuple[str, list[str], list[list[str]]]]:
    """(SQL, header, rows) of each ```sql block of the doc and the first table after it."""
    text = DOC.read_text(encoding="utf-8")
    found = []
    for match in re.finditer(r"```sql\n(.*?)```", text, flags=re.S):
        lines = text[match.end():].splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("|"))
        block = []
        for line in lines[start:]:
            if not line.startswith("|"):
                break
            block.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        header, rule, *rows = block
        assert all(set(cell) <= set("-:") for cell in rule)
        found.append((match.group(1), header, rows))
    return found


def test_the_doc_has_three_queries():
    assert len(documented_queries()) == 3


@pytest.mark.parametrize("number", [1, 2, 3])
def test_each_documented_query_answers_as_documented(seeds_db, number):
    sql, header, rows = documented_queries()[number - 1]
    cursor = seeds_db.execute(sql)
    assert [d[0] for d in cursor.description] == header
    got = [["" if v is None else str(v) for v in row] for row in cursor.fetchall()]
    assert got == rows


def test_seeds_are_all_there(seeds_db, seeds):
    assert seeds_db.execute("SELECT id FROM articles ORDER BY seq").fetchall() == [(a.id,) for a in seeds.records]
    assert seeds_db.execute("SELECT COUNT(*) FROM people").fetchone()[0] == sum(len(a.people) for a in seeds.records)


# --- search -----------------------------------------------------------------------------------


def searchable() -> list[Article]:
    base = dict(source_file="x.txt", sha256="0" * 64, meeting_type=MeetingType("hoi-nghi", "hội nghị"))
    return [
        Article(id="a", title="Đảng ủy phường Gia Thụy sơ kết mô hình Dân vận khéo", body=["Nội dung một."],
                published=date(2021, 7, 16), **base),
        Article(id="b", title="Hội nghị", body=["Công việc còn dang dở ở phường Gia Thuỵ."],
                published=date(2021, 7, 15), **base),
        Article(id="c", title="Đối thoại với Nhân dân", body=["Không có từ nào khớp."], published=date(2021, 7, 14),
                **base),
    ]


@pytest.fixture(scope="module")
def search_db(tmp_path_factory):
    return _open(sx.articles_sqlite(searchable()), tmp_path_factory.mktemp("search"))


@pytest.mark.parametrize("query, ids", [
    ("dan van kheo", ["a"]),
    ("Dân vận khéo", ["a"]),
    ("DÂN VẬN KHÉO", ["a"]),
    ('"dan van kheo"', ["a"]),
    ("dang uy", ["a"]),  # "d" finds "đ"
    ("Đảng", ["a"]),  # "đ" does not find "d" ("dang dở")
    ("dang", ["a", "b"]),
    ("gia thuy", ["a", "b"]),
    ("Thuỵ", ["a", "b"]),  # old and new tone placement
    ("doi thoai", ["c"]),
    ("{title title_folded}: (gia thuy)", ["a"]),
])
def test_search_with_or_without_diacritics(search_db, query, ids):
    sql = ("SELECT id FROM articles WHERE seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?) "
           "ORDER BY seq")
    assert [r[0] for r in search_db.execute(sql, (query,))] == ids


def test_datasette_finds_and_uses_the_index(search_db):
    """The SQL Datasette runs to find a table's FTS table (datasette/utils, detect_fts_sql) and to
    search it (rowid in the FTS table's matches, the terms quoted as Datasette quotes them)."""
    detect = """
        select name from sqlite_master
            where rootpage = 0
            and (
                sql like '%VIRTUAL TABLE%USING FTS%content="articles"%'
                or sql like '%VIRTUAL TABLE%USING FTS%content=[articles]%'
                or (tbl_name = "articles" and sql like '%VIRTUAL TABLE%USING FTS%')
            )
    """
    assert search_db.execute(detect).fetchall() == [("articles_fts",)]
    search = ("select id from articles where rowid in (select rowid from articles_fts where articles_fts "
              "match :search) order by id")
    assert search_db.execute(search, {"search": '"dan" "van" "kheo"'}).fetchall() == [("a",)]
    # the foreign key Datasette shows as a link: people.article_seq -> articles.seq (the primary key)
    assert search_db.execute("PRAGMA foreign_key_list(people)").fetchall()[0][2:5] == ("articles", "article_seq", "seq")
    assert [r[1] for r in search_db.execute("PRAGMA table_info(articles)") if r[5]] == ["seq"]


def test_the_index_matches_its_content_table(tmp_path):
    path = sx.write_articles_sqlite(sample_articles(), tmp_path / "a.sqlite")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")  # raises if not
    # snippet() reads the text from the content table
    row = conn.execute("SELECT snippet(articles_fts, 1, '[', ']', '…', 8) FROM articles_fts "
                       "WHERE articles_fts MATCH 'Bồ Đề'").fetchone()
    assert row == ("…Đảng ủy phường [Bồ] [Đề] làm việc với…",)
    conn.close()


def test_the_index_is_gathered_in_a_larger_hash_and_left_with_the_usual_one(tmp_path, monkeypatch):
    """The index is built with FTS5's ``hashsize`` raised (fewer segments to merge: faster),
    then set back to FTS5's default, so that whoever writes to the file later does so with the
    usual memory; the same records give the same bytes. Where the library lacks the option, the
    file is built without it, and its index is sound."""
    used: list[int] = []
    real = sx._set_fts_hashsize
    monkeypatch.setattr(sx, "_set_fts_hashsize", lambda conn, size: used.append(size) or real(conn, size))
    path = sx.write_articles_sqlite(sample_articles(), tmp_path / "a.sqlite")
    conn = sqlite3.connect(path)
    config = dict(conn.execute("SELECT k, v FROM articles_fts_config").fetchall())
    conn.close()
    if used == [sx.FTS_HASHSIZE]:  # an old library: not known, not set back
        assert "hashsize" not in config
    else:
        assert used == [sx.FTS_HASHSIZE, sx.FTS_DEFAULT_HASHSIZE] and config["hashsize"] == sx.FTS_DEFAULT_HASHSIZE
    again = sx.write_articles_sqlite(list(reversed(sample_articles())), tmp_path / "b.sqlite")
    assert again.read_bytes() == path.read_bytes()

    class OldLibrary:
        def execute(self, *args):
            raise sqlite3.OperationalError("SQL logic error")  # what 3.3x answers an unknown option
    assert real(OldLibrary(), sx.FTS_HASHSIZE) is False  # type: ignore[arg-type]
    monkeypatch.setattr(sx, "_set_fts_hashsize", lambda conn, size: False)
    plain = sx.write_articles_sqlite(sample_articles(), tmp_path / "c.sqlite")
    conn = sqlite3.connect(plain)
    assert "hashsize" not in dict(conn.execute("SELECT k, v FROM articles_fts_config").fetchall())
    conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")  # raises if not
    conn.close()


# --- the records ------------------------------------------------------------------------------


def test_records_and_people(tmp_path):
    conn = _open(sx.articles_sqlite(sample_articles()), tmp_path)
    conn.row_factory = sqlite3.Row
    row = conn.execute("SELECT * FROM articles WHERE id = '000_gia-thuy'").fetchone()
    assert dict(row) | {"body": None, "body_folded": None} == {
        "seq": 3, "id": "000_gia-thuy", "source_file": "000_gia-thuy.txt", "url": "", "raw_url": "",
        "title": "Đảng ủy phường Gia Thụy tổ chức sơ kết mô hình Dân vận khéo 6 tháng đầu năm 2021",
        "published": "2021-07-16T10:09:00+07:00", "event_date": "2021-07-15", "time_of_day": "chiều",
        "locality_level": "phường", "locality_name": "Gia Thụy", "province": "Hà Nội", "district": "quận Long Biên",
        "locality_code": "00130", "successor": None, "meeting_type": "so-ket", "meeting_type_label": "sơ kết",
        "period_label": "6 tháng đầu năm 2021", "period_start": "2021-01-01", "period_end": "2021-06-30",
        "author": "Đào Tú Hoa", "author_role": None, "organizer": "Đảng ủy phường Gia Thụy",
        "section": "Công tác đảng", "views": 1234, "word_count": 321,
        "organisations": "Ủy ban nhân dân; Mặt trận Tổ quốc Việt Nam", "summary": None, "duplicate_of": None,
        "sha256": "a" * 64, "title_folded": "dang uy phuong gia thuy to chuc so ket mo hinh dan van kheo 6 thang dau nam 2021",
        "body": None, "body_folded": None,
    }
    assert row["body"].split("\n\n")[0] == "Chiều ngày 15/07/2021 Đảng ủy phường Gia Thụy tổ chức sơ kết."
    assert "<script>" in row["body"]  # text as written: escaping is the reader's business
    people = conn.execute("SELECT article_id, position, name, roles FROM people WHERE article_id = '002_thi-xa' "
                          "ORDER BY position").fetchall()
    assert [tuple(p) for p in people] == [
        ("002_thi-xa", 1, "Phạm Lê Hưng", "Phó Bí thư Thường trực Thị ủy"),
        ("002_thi-xa", 2, "Lưu Thanh Phương", ""),
        ("002_thi-xa", 3, "Lê Thị Thủy", "Trưởng Ban"),
    ]
    undated = conn.execute("SELECT published, period_label, author, views FROM articles WHERE id = '001_huyen'").fetchone()
    assert tuple(undated) == ("2020-10-14", "quý III/2020", None, None)


def test_merged_duplicates_are_kept_and_marked(tmp_path):
    """As in articles.json: every record is a row; a merged one names its primary."""
    primary, copy_ = sample_articles()[1], copy.deepcopy(sample_articles()[1])
    copy_.id, copy_.source_file, copy_.duplicate_of = "000_gia-thuy-ban-sao", "000_gia-thuy-ban-sao.txt", primary.id
    conn = _open(sx.articles_sqlite([copy_, primary]), tmp_path)
    assert conn.execute("SELECT id, duplicate_of FROM articles ORDER BY seq").fetchall() == [
        ("000_gia-thuy", None), ("000_gia-thuy-ban-sao", "000_gia-thuy")]
    assert conn.execute("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NULL").fetchone() == (1,)
    assert conn.execute("SELECT COUNT(*) FROM people").fetchone() == (2,)


def test_ids_must_be_unique(tmp_path):
    from danvan_site.core.errors import BuildError

    twice = [sample_articles()[0], sample_articles()[0]]
    with pytest.raises(BuildError, match="003_bo-de"):
        sx.articles_sqlite(twice)


# --- the bytes --------------------------------------------------------------------------------


def test_the_same_records_give_the_same_bytes(seeds):
    first = sx.articles_sqlite(seeds.records)
    assert sx.articles_sqlite(seeds.records) == first
    shuffled = list(seeds.records)
    for seed in range(3):
        random.Random(seed).shuffle(shuffled)
        assert sx.articles_sqlite(shuffled) == first


def test_a_plain_file(seeds, tmp_path):
    data = sx.articles_sqlite(seeds.records)
    assert data.startswith(b"SQLite format 3\x00")
    assert int.from_bytes(data[16:18], "big") == sx.PAGE_SIZE
    assert data[18:20] == b"\x01\x01"  # rollback journal, not WAL: opens read-only anywhere
    assert len(data) % sx.PAGE_SIZE == 0
    conn = _open(data, tmp_path)
    assert conn.execute("PRAGMA user_version").fetchone() == (sx.SCHEMA_VERSION,)
    assert conn.execute("PRAGMA freelist_count").fetchone() == (0,)  # vacuumed
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "people", "articles_fts"} <= names
    assert not any(n.startswith("sqlite_stat") for n in names)


def test_write_replaces_a_file(tmp_path):
    target = tmp_path / "api" / "articles.sqlite"
    target.parent.mkdir()
    target.write_bytes(b"old")
    assert sx.write_articles_sqlite(sample_articles(), target) == target
    assert target.read_bytes() == sx.articles_sqlite(sample_articles())
    assert sorted(p.name for p in target.parent.iterdir()) == ["articles.sqlite"]  # no temporary left


def test_the_fast_fold_is_fold(seeds):
    from danvan_site.vn.sort import fold

    folder = sx._Folder()
    texts = [a.title for a in seeds.records] + ["\n\n".join(a.body) for a in seeds.records]
    texts += ["ĐỐNG Đa  Thuỵ\tß ﬁ İ K Ω ơ\u0301 \u0301x 中文 ✓ -1 =A", "", "   ", "Ǆ ǅ ǆ ẞ ı ſ"]
    rnd = random.Random(7)
    alphabet = [chr(c) for c in range(0x20, 0x2000)] + ["đ", "Đ", "\n", "\u00a0", "\u2003"]
    texts += ["".join(rnd.choice(alphabet) for _ in range(200)) for _ in range(50)]
    assert [folder(t) for t in texts] == [fold(" ".join(t.split())) for t in texts]
    assert folder("Gia\u00a0Thụy") == "gia thuy"


def test_a_no_break_space_separates_words_in_the_folded_copy(tmp_path):
    article = copy.deepcopy(sample_articles()[0])
    article.body = ["Phường\u00a0Bồ\u00a0Đề"]
    conn = _open(sx.articles_sqlite([article]), tmp_path)
    assert conn.execute("SELECT body_folded FROM articles").fetchone() == ("phuong bo de",)
    assert conn.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'bo de'").fetchone() == (1,)


def test_folded_texts_kept_between_builds_give_the_same_bytes(seeds, tmp_path):
    from danvan_site.site.exports import Fragments

    records = copy.deepcopy(seeds.records)
    for number, article in enumerate(records):
        article.fingerprint = f"fp{number}"
    plain = sx.articles_sqlite(records)
    first = Fragments(tmp_path / "sqlite.db", "v1")
    assert sx.articles_sqlite(records, first) == plain
    assert first.made == len(records)
    again = Fragments(tmp_path / "sqlite.db", "v1")
    assert sx.articles_sqlite(records, again) == plain
    assert again.made == 0  # every folded text kept
    # An edited record (a new fingerprint, as extraction gives it) is folded again, and only it.
    records[0].body = ["Đảng ủy phường Bồ Đề đđđkiểmthử"] + list(records[0].body[1:])
    records[0].fingerprint = "edited"
    edited = Fragments(tmp_path / "sqlite.db", "v1")
    data = sx.articles_sqlite(records, edited)
    assert edited.made == 1
    assert data == sx.articles_sqlite(records)
    conn = _open(data, tmp_path)
    assert conn.execute("SELECT a.id FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
                        "WHERE articles_fts MATCH 'dddkiemthu'").fetchall() \
        == [(records[0].id,)]
    # Another version (code, templates, settings) keeps nothing.
    other = Fragments(tmp_path / "sqlite.db", "v2")
    assert sx.articles_sqlite(records, other) == data
    assert other.made == len(records)
