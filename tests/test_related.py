"""Related bulletins (archive/related.py): exact lists on a hand-made set, the same lists whatever
the input order, merged duplicates left out, the incremental form agreeing with a full build, and
the cost bound checked by counting the candidates examined (no timing)."""
from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import date, timedelta

import pytest

from danvan_site.archive import related as rel
from danvan_site.core.models import Article, Locality, MeetingType, Period, Person

H1_2021 = Period("6 tháng đầu năm 2021", date(2021, 1, 1), date(2021, 6, 30))


def _ward(name: str) -> Locality:
    return Locality(level="phường", name=name, province="Hà Nội", district="quận Long Biên",
                    district_level="quận", district_name="Long Biên")


def _article(id: str, day: date | None, place: Locality, people: list[str], period: Period | None = None,
             duplicate_of: str | None = None) -> Article:
    return Article(id=id, source_file=f"{id}.txt", sha256="0" * 64, title=f"Bản tin {id}", published=day,
                   event_date=day, locality=place, meeting_type=MeetingType("hoi-nghi", "hội nghị"),
                   period=period, people=[Person(n, ["Bí thư"]) for n in people], duplicate_of=duplicate_of)


def crafted() -> list[Article]:
    """Scores (weights: person 3, place 3, stated period 2, district 1, quarter 1):
    A-C 7 (person X, period, district, quarter), B-I 8 (person Y, place, district, quarter),
    C-J 7 (place Bồ Đề, period, district, quarter), A-B 5, A-I 5, A-J 4, E-F 4 (the same person
    written "Thuỷ"/"Thủy", quarter), D-E 3 (person Z); B-C, B-J, C-I, I-J 2 (below 3)."""
    return [
        _article("A", date(2021, 7, 15), _ward("Gia Thụy"), ["Nguyễn Văn X"], H1_2021),
        _article("B", date(2021, 8, 1), _ward("Gia Thụy"), ["Trần Thị Y"]),
        _article("C", date(2021, 7, 20), _ward("Bồ Đề"), ["Nguyễn Văn X"], H1_2021),
        _article("D", date(2023, 7, 12), Locality(level="quận", name="Đống Đa", province="Hà Nội"), ["Lê Văn Z"]),
        _article("E", date(2022, 6, 22), Locality(level="xã", name="Hoàng Tân", province="Hà Nội"), ["Lê Văn Z", "Lê Thị Thuỷ"]),
        _article("F", date(2022, 6, 1), Locality(province="Hà Nội"), ["Lê Thị Thủy"]),
        _article("G", date(2021, 7, 15), _ward("Gia Thụy"), ["Nguyễn Văn X"], H1_2021, duplicate_of="A"),
        _article("H", None, Locality(), []),
        _article("I", date(2021, 7, 16), _ward("GIA THUỴ"), ["Trần Thị Y"]),
        _article("J", date(2021, 7, 25), _ward("Bồ Đề"), ["Phạm W"], H1_2021),
    ]


EXPECTED = {
    "D": ["E"],
    "E": ["F", "D"],
    "F": ["E"],
    "B": ["I", "A"],
    "J": ["C", "A"],
    "C": ["J", "A"],  # A and J both 7 points and 5 days away: the newer (J) first
    "I": ["B", "A"],
    "A": ["C", "I", "B", "J"],  # I and B both 5 points: I is 1 day away, B 17
    "H": [],
}


def test_exact_lists_on_a_crafted_set():
    got = rel.related(crafted())
    assert got == EXPECTED
    # newest first, the order the site lists articles in
    assert list(got) == ["D", "E", "F", "B", "J", "C", "I", "A", "H"]


def test_scores_and_limit():
    index = rel.build_index(crafted())
    result = rel.related_for(index, "A")
    assert result.ids == ("C", "I", "B", "J") and result.scores == (7, 5, 5, 4)
    assert rel.related_for(index, "A", limit=1).ids == ("C",)
    assert rel.related_for(index, "A", limit=0).ids == ()
    assert rel.related(crafted(), limit=1)["E"] == ["F"]


def test_keys_fold_spellings_and_levels():
    keys = rel.article_keys(_article("x", date(2021, 2, 3), _ward("GIA THUỴ"), ["Lê Thị Thuỷ", "lê thị thủy"]))
    assert keys == ("nguoi:hà nội|lê thị thủy", "noi:hà nội|quận|long biên|phường|gia thụy", "huyen:hà nội|quận|long biên",
                    "quy:2021-q1")
    many = rel.article_keys(_article("y", None, Locality(), [f"Người {i}" for i in range(30)]))
    assert len(many) == rel.MAX_PEOPLE


def test_merged_duplicates_are_left_out():
    got = rel.related(crafted())
    assert "G" not in got and all("G" not in ids for ids in got.values())


@pytest.mark.parametrize("seed", range(5))
def test_same_lists_whatever_the_input_order(seed):
    records = crafted()
    random.Random(seed).shuffle(records)
    assert rel.related(records) == EXPECTED
    assert list(rel.related(records)) == list(EXPECTED)


def test_incremental_index_agrees_with_a_full_build():
    records = crafted()
    without_j = [a for a in records if a.id != "J"]
    index = rel.build_index(without_j)
    index.add(next(a for a in records if a.id == "J"))
    full = rel.build_index(records)
    for article_id in full.keys:
        assert rel.related_for(index, article_id) == rel.related_for(full, article_id)
    index.remove("J")
    smaller = rel.build_index(without_j)
    assert index.postings == smaller.postings
    for article_id in smaller.keys:
        assert rel.related_for(index, article_id) == rel.related_for(smaller, article_id)
    # a record changed: adding it again replaces it
    changed = replace(next(a for a in records if a.id == "B"), people=[Person("Nguyễn Văn X")])
    index = rel.build_index(records)
    index.add(changed)
    rebuilt = rel.build_index([changed if a.id == "B" else a for a in records])
    assert index.postings == rebuilt.postings
    assert rel.related_for(index, "B") == rel.related_for(rebuilt, "B")


def test_the_cost_is_bounded_by_the_candidates_examined():
    """600 bulletins of one ward in one quarter, each naming the same person: every pair shares
    keys, yet each bulletin looks at no more than keys × 2 × window entries and scores no more
    than max_candidates others; the best are the nearest in time."""
    start = date(2021, 1, 1)
    records = [_article(f"n{i:03d}", start + timedelta(days=i % 90), _ward("Gia Thụy"), ["Nguyễn Văn X"])
               for i in range(600)]
    index = rel.build_index(records)
    window, cap = 5, 12
    total = 0
    for article_id, keys in index.keys.items():
        result = rel.related_for(index, article_id, limit=5, window=window, max_candidates=cap)
        assert result.examined <= cap
        assert result.visited <= len(keys) * 2 * window
        assert len(result.ids) == 5
        total += result.examined
    assert total <= len(records) * cap  # against 600 × 599 pairs compared pair by pair
    # the defaults bound it too
    for article_id in list(index.keys)[:50]:
        result = rel.related_for(index, article_id)
        assert result.examined <= rel.MAX_CANDIDATES
        assert result.visited <= len(index.keys[article_id]) * 2 * rel.WINDOW


def test_a_bulletin_with_no_keys_examines_nothing():
    index = rel.build_index(crafted())
    assert rel.related_for(index, "H") == rel.RelatedResult(ids=(), scores=(), examined=0, visited=0)


# --- on the article pages ----------------------------------------------------------------------


def test_article_pages_link_their_related_bulletins(tmp_path):
    """Two bulletins of one ward naming the same official list each other under "Bản tin liên
    quan"; two bulletins of the dev corpus that share only a namesake (another province) do not."""
    import json
    import shutil
    from pathlib import Path

    from conftest import CORPUS, seed_settings
    from danvan_site.build.pipeline import build

    dev = Path(__file__).resolve().parents[2] / "shared" / "dev-corpus"
    if not dev.is_dir():
        pytest.skip("the dev corpus is not beside the repository")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("222_quang-tri-tiep-xuc-cu-tri-dong-ha.txt", "270_phuong-binh-duong-dai-hoi-mttq.txt"):
        shutil.copy(dev / name, corpus / name)
    shutil.copy(CORPUS / "000_889518c93afc39ce.txt", corpus)
    (corpus / "giao-ban.txt").write_text(
        "Đảng ủy phường Gia Thụy giao ban khối dân vận quý III năm 2021\n08/10/2021 09:00\n\n"
        "Sáng ngày 7/10/2021, Đảng ủy phường Gia Thụy, quận Long Biên tổ chức giao ban khối dân vận quý III "
        "năm 2021. Đồng chí Nguyễn Thành Biên, Phó Bí thư thường trực Đảng ủy phường chủ trì hội nghị.\n",
        encoding="utf-8")
    out = tmp_path / "site"
    build(seed_settings(out, corpus, search=False))
    urls = {a["id"]: a["url"] for a in json.loads((out / "api/articles.json").read_text(encoding="utf-8"))["articles"]}

    def related(article_id: str) -> list[str]:
        page = (out / urls[article_id] / "index.html").read_text(encoding="utf-8")
        if '<h2 id="lien-quan">' not in page:
            return []
        section = page.split('<h2 id="lien-quan">', 1)[1].split("</section>", 1)[0]
        return re.findall(r'<li><a href="\.\./([^"]+)/index.html">', section)

    slug = {i: u.removeprefix("bai-viet/").rstrip("/") for i, u in urls.items()}
    assert related("000_889518c93afc39ce") == [slug["giao-ban"]]
    assert related("giao-ban") == [slug["000_889518c93afc39ce"]]
    assert related("222_quang-tri-tiep-xuc-cu-tri-dong-ha") == []
    assert related("270_phuong-binh-duong-dai-hoi-mttq") == []


def test_a_namesake_in_another_province_is_not_the_same_person():
    here = _article("K", date(2025, 10, 19), Locality(level="phường", name="Bình Dương", province="Hồ Chí Minh"),
                    ["Nguyễn Minh Tâm"])
    there = _article("L", date(2025, 10, 20), Locality(level="tỉnh", name="Quảng Trị", province="Quảng Trị"),
                     ["Nguyễn Minh Tâm"])
    unknown = _article("M", date(2025, 10, 21), Locality(), ["Nguyễn Minh Tâm"])
    same = _article("N", date(2025, 10, 22), Locality(level="tỉnh", name="Quảng Trị", province="Quảng Trị"),
                    ["Nguyễn Minh Tâm"])
    # L-N: the same person (3) and the same place (3) and quarter (1); K and M stand alone
    assert rel.related([here, there, unknown, same]) == {"N": ["L"], "M": [], "L": ["N"], "K": []}


def test_lists_are_reused_only_when_their_inputs_are_the_same():
    """``related_lists`` gives back an earlier result when every bulletin's keys, order and day
    are the same (an edit of a body), and computes again when one changes."""
    records = crafted()
    first = rel.related_lists(records)
    assert first[1] == rel.related(records)
    marker = (first[0], {"E": ["sentinel"]})  # an earlier result with the same digest is taken as it is
    assert rel.related_lists(crafted(), previous=marker) is marker
    changed = crafted()
    changed[0] = _article("A", date(2021, 10, 15), _ward("Gia Thụy"), ["Nguyễn Văn X"], H1_2021)
    again = rel.related_lists(changed, previous=first)
    assert again[0] != first[0] and again[1] == rel.related(changed)


def test_keys_noted_by_fingerprint_are_reused_and_a_changed_record_is_worked_out_again():
    """``build_index(known=noted(...))``: a record with the fingerprint noted takes its keys,
    order and day from the note (shown with a planted key), one with another fingerprint (an
    edited record) or none is worked out again; the lists equal those of a fresh index."""
    records = [replace(a, fingerprint=f"fp-{a.id}") for a in crafted()]
    first = rel.build_index(records)
    notes = rel.noted(first, records)
    assert set(notes) == {a.id for a in records if a.duplicate_of is None}
    assert notes["A"] == ("fp-A", first.keys["A"], first.order["A"], first.day["A"])
    again = rel.build_index(records, known=notes)
    assert again == first
    assert rel.related_lists(records, index=again) == rel.related_lists(records)

    planted = dict(notes)
    planted["B"] = ("fp-B", ("nguoi:planted",), notes["B"][2], notes["B"][3])
    assert rel.build_index(records, known=planted).keys["B"] == ("nguoi:planted",)  # reused as noted

    moved = [replace(a, fingerprint="fp-B2", locality=_ward("Bồ Đề")) if a.id == "B" else a for a in records]
    fresh = rel.build_index(moved)
    assert rel.build_index(moved, known=planted) == fresh  # B's fingerprint changed: worked out again
    unprinted = [replace(a, fingerprint="") for a in moved]
    assert rel.build_index(unprinted, known=planted).keys["B"] == fresh.keys["B"]  # no fingerprint, no reuse


def _many(n: int = 240, seed: int = 7) -> list[Article]:
    """``n`` bulletins over 3 wards of Long Biên and 12 of 4 other districts, 6 years and 40
    people, with fingerprints."""
    rng = random.Random(seed)
    wards = [_ward(name) for name in ("Gia Thụy", "Bồ Đề", "Ngọc Lâm")] + [
        Locality(level="phường", name=f"{ward} {district}", province="Hà Nội", district=f"quận {district}",
                 district_level="quận", district_name=district)
        for district in ("Đống Đa", "Ba Đình", "Tây Hồ", "Hoàng Mai") for ward in ("Một", "Hai", "Ba")]
    people = [f"Nguyễn Văn {chr(0x41 + i % 26)}{i}" for i in range(40)]
    records = []
    for i in range(n):
        day = date(2020, 1, 1) + timedelta(days=rng.randrange(6 * 365))
        article = _article(f"b{i:03d}", day, rng.choice(wards), rng.sample(people, rng.randrange(0, 3)),
                           H1_2021 if rng.random() < 0.1 else None)
        records.append(replace(article, fingerprint=f"fp-{i}"))
    return records


@pytest.mark.parametrize("change", ["added", "removed", "moved", "redated", "merged", "unnoted"])
def test_only_the_lists_a_change_can_reach_are_worked_out_again(monkeypatch, change: str) -> None:
    """``related_lists(previous=, notes=)``: after a bulletin is added, removed, moved to another
    ward, given another day or merged into another as its duplicate, the lists equal those worked
    out from scratch, and only the lists of bulletins sharing a key with it (old or new) are
    worked out; with a bulletin of the last lists not noted, every list is."""
    records = _many()
    first = rel.related_lists(records)
    notes = rel.noted(rel.build_index(records), records)
    target = records[17]
    if change == "added":
        new = records + [replace(_article("b999", date(2021, 3, 3), target.locality, ["Nguyễn Văn B1"]),
                                 fingerprint="fp-new")]
    elif change == "removed":
        new = [a for a in records if a.id != target.id]
    elif change == "moved":
        new = [replace(a, locality=_ward("Bồ Đề" if a.locality.name != "Bồ Đề" else "Gia Thụy"), fingerprint="x")
               if a is target else a for a in records]
    elif change == "redated":
        new = [replace(a, event_date=date(2019, 5, 5), published=date(2019, 5, 5), fingerprint="x")
               if a is target else a for a in records]
    elif change == "merged":
        new = [replace(a, duplicate_of=records[3].id, fingerprint="x") if a is target else a for a in records]
    else:
        new = records + [replace(_article("b999", date(2021, 3, 3), target.locality, []), fingerprint="fp-new")]
        notes = {rid: note for rid, note in notes.items() if rid != records[5].id}
    expected = rel.related_lists(new)
    worked: list[str] = []
    real = rel.related_for
    monkeypatch.setattr(rel, "related_for", lambda index, rid, *a, **k: worked.append(rid) or real(index, rid, *a, **k))
    index = rel.build_index(new, known=notes)
    got = rel.related_lists(new, previous=first, index=index, notes=notes, check=True)
    assert got == expected
    pages = len(index.keys)
    if change == "unnoted":
        assert len(worked) == pages  # every list (there is nothing kept to check)
    else:
        reached = len(worked) - pages  # the check works every list out once more
        assert 0 < reached < pages // 2


def test_a_list_kept_wrongly_is_caught_by_the_check() -> None:
    """With ``check`` (the test suite's ``DANVAN_CHECK_SETTLED``), a list kept from the last
    build that differs from the one worked out fails: here notes that hide a bulletin's move."""
    records = _many()
    first = rel.related_lists(records)
    notes = rel.noted(rel.build_index(records), records)
    target = records[17]
    moved = [replace(a, locality=_ward("Bồ Đề" if a.locality.name != "Bồ Đề" else "Gia Thụy"))
             if a is target else a for a in records]  # the same fingerprint: its old keys noted as new
    index = rel.build_index(moved)
    lying = {**notes, target.id: (notes[target.id][0], index.keys[target.id], index.order[target.id],
                                  index.day[target.id])}
    with pytest.raises(AssertionError, match="related bulletins of"):
        rel.related_lists(moved, previous=first, index=index, notes=lying, check=True)
