"""The search index in parts (search.split_parts): parts by year cut at fixed calendar points,
each its own Pagefind bundle; an edited bulletin makes its part again, and only it, and the
bundle is then byte for byte the one a build from scratch makes."""
from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from conftest import CORPUS, ROOT
from danvan_site import search
from danvan_site.archive.groups import build_archive
from danvan_site.build.pipeline import collect
from danvan_site.core.config import load_settings
from danvan_site.search import SearchRecord, split_parts
from danvan_site.store.db import Store

needs_pagefind = pytest.mark.skipif(search.find_executable() is None, reason="the Pagefind program is not installed")


def _record(day: str, n: int) -> SearchRecord:
    return SearchRecord(url=f"bai-viet/{day}-{n}/index.html", content=f"dân vận {n}", language="vi",
                        meta={}, filters={"nam": [day[:4]]} if day != "0000-00-00" else {}, sort={"ngay": day})


def test_parts_by_year_newest_first_undated_last():
    records = [_record("2021-03-01", 1), _record("2023-01-01", 2), _record("0000-00-00", 3), _record("2021-12-31", 4)]
    parts = split_parts(records, limit=10)
    assert [p.id for p in parts] == ["2023", "2021", "khong-ngay"]
    assert [[r.url for r in p.records] for p in parts][1] == ["bai-viet/2021-03-01-1/index.html",
                                                              "bai-viet/2021-12-31-4/index.html"]
    for part in parts:  # each record knows its part: the search page lists the parts by it
        assert all(r.filters["phan"] == [part.id] for r in part.records)


def test_a_big_year_is_cut_at_fixed_points_of_its_calendar():
    days = [date(2022, 1 + i % 12, 1 + i % 28).isoformat() for i in range(40)]
    records = [_record(d, i) for i, d in enumerate(days)]
    parts = split_parts(records, limit=10)
    assert all(len(p.records) <= 10 for p in parts)
    assert sum(len(p.records) for p in parts) == 40
    # newest first, each a span of months of 2022 (halves, then quarters...)
    assert [p.id for p in parts][:2] == ["2022-t10-12", "2022-t07-09"]
    # one more bulletin in January moves no boundary of the later months
    again = split_parts(records + [_record("2022-01-05", 99)], limit=10)
    assert [p.id for p in again][:2] == ["2022-t10-12", "2022-t07-09"]
    assert [p.records for p in again][:2] == [p.records for p in parts][:2]


def test_thousands_on_one_day_are_cut_in_pieces():
    records = [_record("2020-05-05", i) for i in range(25)]
    parts = split_parts(records, limit=10)
    assert [p.id for p in parts] == ["2020-t05-n05-p3", "2020-t05-n05-p2", "2020-t05-n05-p1"]
    assert [len(p.records) for p in parts] == [5, 10, 10]


def _bundle(result) -> dict[str, bytes]:
    return {o.path: o.content for o in result.outputs}


@needs_pagefind
def test_an_edited_bulletin_makes_its_part_again_and_only_it(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = load_settings(ROOT / "site.yaml", {"corpus": str(corpus), "output": str(tmp_path / "site")})
    runs: list[list[str]] = []
    real = search.run_pagefind

    def counted(records, *args, **kwargs):
        # a part's records, or the one record of the words of the parts made (search._token_words)
        runs.append(sorted({r.filters["phan"][0] if "phan" in r.filters else "tu-vung" for r in records}))
        return real(records, *args, **kwargs)

    monkeypatch.setattr(search, "run_pagefind", counted)
    made: list[str] = []  # the bulletins whose search records are made
    real_record = search.article_record

    def record(article, *args, **kwargs):
        made.append(article.source_file)
        return real_record(article, *args, **kwargs)

    monkeypatch.setattr(search, "article_record", record)
    store = Store(tmp_path / "cache")
    try:
        archive = build_archive(collect(settings).articles, settings)
        first = search.build_search(archive, settings, store)
        assert sorted(runs) == [["2020"], ["2021"], ["2022"], ["2023"], ["tu-vung"]]  # one Pagefind run a part
        assert len(made) == len(archive.articles) == 5
        runs.clear()
        made.clear()
        assert _bundle(search.build_search(archive, settings, store)) == _bundle(first)
        assert runs == []  # nothing changed: every part from the store
        assert made == []  # ... known from what the records are made of, without making them

        # Other code (the site's fingerprint), the same records: every part's records are made
        # and found to be the last build's; no part is indexed again.
        monkeypatch.setattr(search, "site_fingerprint", lambda: "another version")
        assert _bundle(search.build_search(archive, settings, store)) == _bundle(first)
        assert runs == [] and len(made) == 5
        made.clear()
        assert _bundle(search.build_search(archive, settings, store)) == _bundle(first)
        assert runs == [] and made == []  # the new code's inputs were saved with the parts

        # seed 002 (2022) gets a new sentence with a word no bulletin had
        path = corpus / "002_3766498ac55aaad5.txt"
        text = path.read_text(encoding="utf-8")
        marker = "Thường trực Thị ủy"
        assert marker in text
        path.write_text(text.replace(marker, "Hội nghị bàn về mô hình xyzzyquý. " + marker, 1), encoding="utf-8")
        archive = build_archive(collect(settings).articles, settings)
        made.clear()
        edited = search.build_search(archive, settings, store)
        assert sorted(runs) == [["2022"], ["tu-vung"]]  # its part, and only it (and the words of it)
        in_2022 = sorted(a.source_file for a in archive.articles if a.sort_date.year == 2022)
        assert sorted(made) == in_2022 == ["002_3766498ac55aaad5.txt"]  # only its part's records are made
    finally:
        store.close()
    runs.clear()
    scratch = search.build_search(archive, settings, None)
    assert len(runs) == 5
    assert _bundle(edited) == _bundle(scratch)  # byte for byte the bundle of a build from scratch
    changed = {p for p in _bundle(edited) if _bundle(first).get(p) != _bundle(edited)[p]}
    # the other parts' files are the same files; the word list says which part knows the new word
    assert not [p for p in changed if p.startswith(("pagefind/2021/", "pagefind/2023/"))]
    words = json.loads(_bundle(edited)["pagefind/tu.json"])["tu"]
    parts = [p[0] for p in json.loads(_bundle(edited)["pagefind/phan.json"])["phan"]]
    owners = {w: [parts[int(n)] for n in key.split()] for key, ws in words for w in ws.split()}
    assert owners["xyzzyquy"] == ["2022"]


@needs_pagefind
def test_the_words_of_each_part_are_those_of_its_index(tmp_path):
    """pagefind/tu.json is made from one small index of the parts' distinct words
    (search._token_words), not by decoding each part's index: both give the same words."""
    settings = load_settings(ROOT / "site.yaml", {"corpus": str(CORPUS), "output": str(tmp_path / "site")})
    archive = build_archive(collect(settings).articles, settings)
    records = search.search_records(archive, settings)
    parts = split_parts(records)
    tokens = sorted(search._tokens(records))
    vocabulary = search.run_pagefind([search._vocabulary_record(tokens, "vi")])
    token_words = search._token_words(tokens, vocabulary)
    assert token_words is not None
    assert token_words["Đảng"] == {"đang"} and token_words["dang"] == {"dang"}
    for part in parts:
        from_tokens = set().union(*(token_words[t] for t in search._tokens(part.records)))
        assert from_tokens == search._index_words(search.run_pagefind(part.records))


def _archive_of(corpus, tmp_path):
    settings = load_settings(ROOT / "site.yaml", {"corpus": str(corpus), "output": str(tmp_path / "site")})
    return build_archive(collect(settings).articles, settings), settings


@pytest.mark.parametrize("limit", [2500, 2, 1])
def test_the_plan_cuts_the_bulletins_as_split_parts_cuts_the_records(tmp_path, monkeypatch, limit):
    """build_search plans its parts on the bulletins (search._plan), before any record is made,
    so that the first parts are indexed while the next parts' records are made: the plan is the
    parts split_parts makes of the records, in the same order, down to the pieces of one day."""
    archive, settings = _archive_of(CORPUS, tmp_path)
    monkeypatch.setattr(search, "PART_MAX", limit)
    records = search.search_records(archive, settings)
    expected = [(p.id, [r.url for r in p.records]) for p in split_parts(records)]
    planned = [(label, [search.urls.output_path(a.url) for a in items])
               for label, items in search._plan(archive.articles, "vi")]
    assert planned == expected
    assert len(expected) == (5 if limit == 1 else 4)  # five seeds in four years, two in 2020


@needs_pagefind
def test_parts_indexed_one_at_a_time_or_side_by_side_give_one_bundle(tmp_path):
    archive, settings = _archive_of(CORPUS, tmp_path)
    settings.jobs = 1
    one = _bundle(search.build_search(archive, settings))
    settings.jobs = 2
    two = _bundle(search.build_search(archive, settings))
    assert one == two and "pagefind/phan.json" in one
