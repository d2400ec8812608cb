"""Duplicate bulletins: the same text saved twice or republished by another portal is one article
page that lists every source; every record stays in the JSON export."""
from __future__ import annotations

import itertools
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import CORPUS, DEV, ROOT, seed_settings
from danvan_site.store.dedupe import THRESHOLD, find_duplicates, same_text, similarity, sketch
from danvan_site.extract import extract
from danvan_site.readers.text import read_source
from danvan_site.build.pipeline import build
from linkcheck import check_links

S000 = "000_889518c93afc39ce"
S003 = "003_9d20f8220b7ddb70"
FORMATS = ROOT / "tests" / "data" / "formats"


def _read(path: Path):
    return extract(read_source(path, path.parent))


def _body(name: str) -> list[str]:
    return _read(CORPUS / f"{name}.txt").body


# --- similarity of bodies -------------------------------------------------------------------


def test_same_text_in_other_spellings_is_equal() -> None:
    body = _body(S000)
    variants = [
        [p.replace("ủy", "uỷ").replace("hòa", "hoà") for p in body],  # old tone placement
        [p.upper() for p in body],
        [p.replace(",", " ,").replace(".", " . ") for p in body],
        [" ".join(body)],  # paragraphs joined
    ]
    for variant in variants:
        assert sketch(variant).exact == sketch(body).exact
        assert similarity(sketch(variant), sketch(body)) == 1.0


@pytest.mark.parametrize("edit, low, high", [
    (lambda b: [b[0].replace("Chiều", "Buổi chiều")] + b[1:], 0.9, 0.99),  # one word changed
    (lambda b: b + ["Ảnh: Minh họa. Nguồn: Cổng thông tin điện tử quận Long Biên."], 0.9, 0.99),
])
def test_small_edits_stay_near(edit, low: float, high: float) -> None:
    body = _body(S000)
    value = similarity(sketch(body), sketch(edit(body)))
    assert low <= value <= high
    assert same_text(sketch(body), sketch(edit(body)))


def test_a_cut_republication_is_the_same_text() -> None:
    """A portal that kept only the first part of a bulletin: the similarity of the whole texts
    falls, but the shorter text is contained in the longer one."""
    body = _body(S000)
    assert [len(p.split()) for p in body] == [42, 58, 77, 99, 209]
    cut = body[:-1]  # the last (long) paragraph dropped: 57% of the shingles are left
    assert 0.5 <= similarity(sketch(body), sketch(cut)) < THRESHOLD
    assert same_text(sketch(body), sketch(cut))
    assert not same_text(sketch(body), sketch(body[:3]))  # under half of the text is not the bulletin


def test_different_bulletins_are_far_apart() -> None:
    """No two distinct bulletins of the seeds, the dev corpus and the format examples come near
    the threshold."""
    files = sorted(CORPUS.glob("*.txt")) + sorted(DEV.glob("*.txt")) + sorted(FORMATS.glob("*.txt"))
    sketches = {f.name: sketch(_read(f).body) for f in files}
    worst = max(similarity(a, b) for a, b in itertools.combinations(sketches.values(), 2))
    assert worst < 0.3


def test_a_sketch_is_its_values_packed_and_a_band_is_a_slice_of_them() -> None:
    """The signature is BINS values packed little-endian (1 KB, one object); a band of it, the
    LSH bucket key, is a slice of those bytes, equal exactly when the band's values are."""
    import struct

    from danvan_site.store import dedupe

    body = _read(sorted(CORPUS.glob("*.txt"))[0]).body
    packed = sketch(body).hashes
    assert isinstance(packed, bytes) and len(packed) == dedupe.BINS * 8
    values = struct.unpack(f"<{dedupe.BINS}Q", packed)
    assert all(0 <= v < 1 << 32 for v in values) and len(set(values)) > dedupe.BINS // 2
    width = len(packed) // dedupe.BINS
    for band in range(0, dedupe.BINS - dedupe.BAND + 1, dedupe.BAND):
        assert struct.unpack(f"<{dedupe.BAND}Q", packed[band * width:(band + dedupe.BAND) * width]) \
            == values[band:band + dedupe.BAND]
    assert similarity(sketch(body), sketch(list(body))) == 1.0


def test_empty_bodies_have_no_sketch() -> None:
    assert sketch([]).exact == "" and sketch([]).hashes == b""
    assert similarity(sketch([]), sketch([])) == 0.0


# --- grouping ------------------------------------------------------------------------------


def _records(tmp_path: Path, files: dict[str, str]):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [_read(tmp_path / name) for name in sorted(files)]


def _republished(text: str) -> str:
    """The same bulletin as another portal shows it: other header, breadcrumbs and date line."""
    lines = text.split("\n")
    title = next(line for line in lines[1:] if len(line) > 40)
    body_start = lines.index(title) + 2
    return "\n".join(["CỔNG THÔNG TIN ĐIỆN TỬ QUẬN LONG BIÊN", "Trang chủ > Tin tức > Mặt trận - Đoàn thể", "",
                      title, "Thứ Sáu, 16/07/2021 - 15:20", "", *lines[body_start:]])


def test_groups_copies_and_republications(tmp_path: Path) -> None:
    raw000 = (CORPUS / f"{S000}.txt").read_text(encoding="utf-8")
    raw003 = (CORPUS / f"{S003}.txt").read_text(encoding="utf-8")
    records = _records(tmp_path, {
        "a_original.txt": raw000,
        "b_saved_twice.txt": raw000,
        "c_other_portal.txt": _republished(raw000),
        "d_other.txt": raw003,
    })
    groups = find_duplicates(records)
    assert len(groups) == 1
    group = groups[0]
    # The most complete record leads: the original gives time, views and the section.
    assert group.primary.source_file == "a_original.txt"
    assert [(a.source_file, v) for a, v in group.others] == [("b_saved_twice.txt", 1.0), ("c_other_portal.txt", 1.0)]


def test_different_event_dates_are_never_merged(tmp_path: Path) -> None:
    raw = (CORPUS / f"{S000}.txt").read_text(encoding="utf-8")
    records = _records(tmp_path, {"a.txt": raw, "b.txt": raw.replace("15/07/2021", "13/07/2021")})
    assert records[0].event_date == date(2021, 7, 15) and records[1].event_date == date(2021, 7, 13)
    assert find_duplicates(records) == []


def test_short_bodies_merge_only_when_equal(tmp_path: Path) -> None:
    head = "Hội nghị sơ kết công tác dân vận\n12/07/2021 10:00\n\n"
    one = "Sáng ngày 10/7, Đảng ủy phường Gia Thụy tổ chức hội nghị sơ kết công tác dân vận 6 tháng đầu năm."
    two = one.replace("Sáng", "Chiều")
    records = _records(tmp_path, {"a.txt": head + one, "b.txt": head + two, "c.txt": head + one})
    groups = find_duplicates(records)
    assert [(g.primary.source_file, [a.source_file for a, _ in g.others]) for g in groups] == [("a.txt", ["c.txt"])]


def test_no_false_merges_in_the_shared_corpora() -> None:
    files = sorted(CORPUS.glob("*.txt")) + sorted(DEV.glob("*.txt")) + sorted(FORMATS.glob("*.txt"))
    assert find_duplicates([_read(f) for f in files]) == []


# --- the built site ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dup_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("dups")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus)
    raw000 = (CORPUS / f"{S000}.txt").read_text(encoding="utf-8")
    (corpus / "zz_saved_twice.txt").write_text(raw000, encoding="utf-8")
    (corpus / "zz_long_bien.txt").write_text(_republished(raw000), encoding="utf-8")
    settings = seed_settings(base / "site", corpus)
    result = build(settings)
    return result, base / "site"


def test_every_record_in_the_export_with_its_sources(dup_site) -> None:
    result, site = dup_site
    assert (result.collected.files, result.collected.built, result.collected.merged) == (7, 5, 2)
    records = json.loads((site / "api/articles.json").read_text(encoding="utf-8"))["articles"]
    by_id = {r["id"]: r for r in records}
    assert len(records) == 7
    primary = by_id[S000]
    assert primary["duplicate_of"] is None
    # The primary, then the others most complete first (the republication lacks views and section).
    assert [s["source_file"] for s in primary["sources"]] == [f"{S000}.txt", "zz_saved_twice.txt", "zz_long_bien.txt"]
    assert [s["similarity"] for s in primary["sources"]] == [None, 1.0, 1.0]
    assert [s["portal"] for s in primary["sources"]] == [None, None, "CỔNG THÔNG TIN ĐIỆN TỬ QUẬN LONG BIÊN"]
    assert [s["published"] for s in primary["sources"]] == ["2021-07-16T10:09:00+07:00"] * 2 + ["2021-07-16T15:20:00+07:00"]
    assert [s["views"] for s in primary["sources"]] == [159, 159, None]
    for copy in ("zz_saved_twice", "zz_long_bien"):
        assert by_id[copy]["duplicate_of"] == S000
        assert by_id[copy]["url"] == primary["url"]  # one page for the bulletin
        assert by_id[copy]["sources"] == primary["sources"]
        assert (site / by_id[copy]["raw_url"]).read_bytes() == (
            (site.parent / "corpus" / f"{copy}.txt").read_bytes())
    others = [r for r in records if r["id"] not in (S000, "zz_saved_twice", "zz_long_bien")]
    assert all(r["duplicate_of"] is None and len(r["sources"]) == 1 for r in others)


def test_one_page_lists_every_source(dup_site) -> None:
    _, site = dup_site
    records = {r["id"]: r for r in json.loads((site / "api/articles.json").read_text("utf-8"))["articles"]}
    page = (site / records[S000]["url"] / "index.html").read_text(encoding="utf-8")
    assert "Bản tin này có 3 nguồn" in page
    for name in (f"{S000}.txt", "zz_long_bien.txt", "zz_saved_twice.txt"):
        assert f"<td><code>{name}</code></td>" in page
    # Article pages: one per bulletin, not per file.
    pages = [p for p in (site / "bai-viet").glob("*/index.html") if "<article" in p.read_text(encoding="utf-8")]
    assert len(pages) == 5
    # The listing, the feed and the search records count the bulletin once.
    listing = (site / "bai-viet/index.html").read_text(encoding="utf-8")
    assert listing.count(records[S000]["url"].split("/")[1]) == 1
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 5


def test_a_duplicates_own_address_points_to_the_bulletin(dup_site) -> None:
    result, site = dup_site
    copy = next(a for a in result.collected.articles if a.id == "zz_long_bien")
    assert copy.own_url != copy.url
    page = (site / copy.own_url / "index.html").read_text(encoding="utf-8")
    target = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', page)
    assert target is not None
    assert (site / copy.own_url / target.group(1)).resolve() == (site / copy.url / "index.html").resolve()
    assert '<meta name="robots" content="noindex">' in page
    assert check_links(site) == []


def test_report_accounts_for_every_file(dup_site) -> None:
    _, site = dup_site
    report = json.loads((site / "api/report.json").read_text(encoding="utf-8"))
    n = report["counts"]
    assert (n["files"], n["built"], n["merged_duplicates"], n["rejected"]) == (7, 5, 2, 0)
    assert [(d["file"], d["duplicate_of_file"], d["similarity"]) for d in report["duplicates"]] == [
        ("zz_long_bien.txt", f"{S000}.txt", 1.0), ("zz_saved_twice.txt", f"{S000}.txt", 1.0)]
    page = (site / "bao-cao/index.html").read_text(encoding="utf-8")
    assert "<code>zz_saved_twice.txt</code> gộp vào" in page


def test_known_pairs_give_the_same_groups(tmp_path: Path) -> None:
    """A later build reuses the verdicts on pairs of records it already knew; the groups are the
    ones a build from scratch finds."""
    from danvan_site.store.dedupe import KnownPairs

    raw000 = (CORPUS / f"{S000}.txt").read_text(encoding="utf-8")
    near = _republished(raw000).replace("Dự hội nghị có", "Tham dự hội nghị có")  # not the same text
    files = {"a.txt": raw000, "b.txt": near, "c.txt": (CORPUS / f"{S003}.txt").read_text(encoding="utf-8")}
    records = _records(tmp_path, files)
    for i, r in enumerate(records):
        r.fingerprint = f"fp{i}"
    found = KnownPairs(set(), {})
    first = find_duplicates(records, found=found)
    assert found.fingerprints == {"fp0", "fp1", "fp2"}
    again = find_duplicates(records, known=found, found=KnownPairs(set(), {}))
    assert [(g.primary.id, [a.id for a, _ in g.others]) for g in again] == \
        [(g.primary.id, [a.id for a, _ in g.others]) for g in first] == [("a", ["b"])]
    # A known verdict is trusted: with the near pair forgotten, the two known records stay apart.
    assert list(found.near) == [("fp0", "fp1")] and 0.9 <= found.near[("fp0", "fp1")] < 1.0
    assert find_duplicates(records, known=KnownPairs(found.fingerprints, {})) == []
    # A record not known before is compared afresh.
    records[1].fingerprint = "fp1-edited"
    assert len(find_duplicates(records, known=KnownPairs(found.fingerprints, {}))) == 1


def test_the_words_of_a_folded_body_are_the_pattern_s():
    """``dedupe._words`` (bytes.translate and split) reads the words ``_WORD`` finds, on every
    ASCII character between words and on folded Vietnamese text."""
    from danvan_site.store.dedupe import _WORD, _words
    from danvan_site.vn.sort import fold

    every = "".join(chr(c) for c in range(128))
    for text in (every, f"ab{every}cd 12", "", " ", "x", fold("Hội nghị tổng kết công tác Dân vận năm 2024 – Đắk Lắk, (TP.HCM)!")):
        assert _words(text) == [w.encode("ascii") for w in _WORD.findall(text)], text
