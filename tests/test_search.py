"""Full-text search (search.py, the search page, static/search.js): the records given to Pagefind,
the bundle written under pagefind/, a stable bundle, a build without the Pagefind program, and
real queries run on the built bundle by Node (skipped where Node is not installed)."""
from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT
from danvan_site import search
from danvan_site.archive.groups import build_archive
from danvan_site.core.config import load_settings
from danvan_site.core.errors import NoBulletins
from danvan_site.output.write import write_site
from danvan_site.site.render import render_site
from danvan_site.core.models import Article, Locality, MeetingType
from danvan_site.build.pipeline import build, collect
from danvan_site.search import SearchRecord, SearchUnavailable, article_record, run_pagefind, search_records
from danvan_site.vn.sort import fold
from linkcheck import check_links

S000 = "000_889518c93afc39ce"
S001 = "001_fbc40ca82c7a5395"
S002 = "002_3766498ac55aaad5"
S003 = "003_9d20f8220b7ddb70"
S004 = "004_63b62a890c848497"
URL = {
    S000: "bai-viet/dang-uy-phuong-gia-thuy-to-chuc-so-ket-viec-thuc-hien-mo-hinh-dan-van-kheo-6-e26135/index.html",
    S001: "bai-viet/tong-ket-phong-trao-thi-dua-chao-mung-90-nam-ngay-truyen-thong-cong-tac-dan-van-f653e2/index.html",
    S002: "bai-viet/thuong-truc-thi-uy-giao-ban-khoi-dan-van-danh-gia-ket-qua-thuc-hien-quy-che-dan-a67e7d/index.html",
    S003: "bai-viet/ban-thuong-vu-dang-uy-phuong-bo-de-lam-viec-voi-mat-tran-to-quoc-va-cac-doan-the-c951a6/index.html",
    S004: "bai-viet/ban-thuong-vu-quan-uy-dong-da-lam-viec-voi-ban-dan-van-quan-uy-mttq-va-cac-to-a56a8f/index.html",
}
NEWEST_FIRST = [S004, S002, S000, S001, S003]
NO_SEARCH_PAGE = "Trang này chưa có tìm kiếm."

needs_pagefind = pytest.mark.skipif(search.find_executable() is None, reason="the Pagefind program is not installed")
needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="Node is not installed")


def _settings(out: Path, corpus: Path = CORPUS):
    return load_settings(ROOT / "site.yaml", {"corpus": str(corpus), "output": str(out)})


def bundle_files(site: Path) -> dict[str, bytes]:
    folder = site / "pagefind"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def unpack(content: bytes) -> object:
    """A Pagefind data file: gzip, the "pagefind_dcd" signature, then CBOR."""
    return search._unpack(content)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    settings = _settings(tmp_path_factory.mktemp("unused") / "site")
    archive = build_archive(collect(settings).articles, settings)
    return archive, settings


@pytest.fixture(scope="module")
def records(seeds) -> dict[str, SearchRecord]:
    archive, settings = seeds
    found = search_records(archive, settings)
    return {a.id: r for a, r in zip(archive.articles, found)}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("search") / "site"
    return out, build(_settings(out))


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built[0]


# --- the records --------------------------------------------------------------------------------


def test_one_record_per_article_newest_first(seeds, records):
    archive, settings = seeds
    assert [r.url for r in search_records(archive, settings)] == [URL[i] for i in NEWEST_FIRST]
    assert {i: r.url for i, r in records.items()} == URL


def test_record_of_seed_000(records):
    r = records[S000]
    assert r.url == URL[S000]
    assert r.language == "vi"
    assert r.meta == {
        "title": "Đảng ủy phường Gia Thụy tổ chức sơ kết việc thực hiện mô hình Dân vận khéo 6 tháng đầu năm 2021",
        "date": "16/07/2021",
        "iso": "2021-07-16",
        "place": "Phường Gia Thụy, quận Long Biên, Hà Nội",  # a label on its own: a capital first
        "type": "Sơ kết",
        "summary": "Chiều ngày 15/07/2021 Đảng ủy phường Gia Thụy tổ chức sơ kết việc thực hiện mô hình Dân vận "
                   "khéo, thực hiện Quy chế dân chủ (QCDC) 6 tháng đầu năm 2021, triển khai nhiệm vụ công tác 6 "
                   "tháng cuối năm.",
        "words": r.meta["words"],
        "title_words": "22",
        "body": r.meta["body"],
    }
    # Places by identity (GSO codes), the meeting type by slug.
    assert r.filters == {"tinh": ["01"], "huyen": ["004"], "xa": ["00130"], "loai": ["so-ket"], "nam": ["2021"]}
    assert r.sort == {"ngay": "2021-07-16T10:09"}


def test_content_holds_the_text_then_its_folded_copy(records):
    r = records[S000]
    lines = r.content.split("\n")
    assert lines[:6] == [
        "Đảng ủy phường Gia Thụy tổ chức sơ kết việc thực hiện mô hình Dân vận khéo 6 tháng đầu năm 2021",
        "phường Gia Thụy, quận Long Biên, Hà Nội",
        "phường Bồ Đề, Hà Nội; phường Long Biên, Hà Nội; phường Việt Hưng, Hà Nội",  # the successor units
        "sơ kết",
        "6 tháng đầu năm 2021",
        "Đảng ủy phường Gia Thụy",
    ]
    assert "Nguyễn Thành Biên, Phó Bí thư thường trực Đảng ủy, Phó trưởng Ban chỉ đạo QCDC, Trưởng khối Dân vận" in lines
    assert "Mặt trận Tổ quốc Việt Nam" in lines
    folded = lines[-1]
    assert folded.startswith("dang uy phuong gia thuy to chuc so ket viec thuc hien mo hinh dan van kheo 6 thang "
                             "dau nam 2021 phuong gia thuy, quan long bien, ha noi")
    assert "nguyen thanh bien, pho bi thu thuong truc dang uy" in folded
    assert folded == fold("\n".join(lines[:-1]))  # no word of the seed is without an ASCII form
    # Word for word: word n + i of the content is word i folded, n = meta["words"] (how the
    # search page marks a match of the folded copy on the text as written).
    words = r.content.split()
    n = int(r.meta["words"])
    assert len(words) == 2 * n
    assert words[n:] == [fold(w) or w for w in words[:n]]
    # the body starts at word meta["body"], after the title and the facts
    assert " ".join(words[int(r.meta["body"]):][:4]) == "Chiều ngày 15/07/2021 Đảng"
    assert " ".join(words[:int(r.meta["title_words"])]) == r.meta["title"]
    # The folded copy is never shown: results show the title and the summary from ``meta``.
    assert all(value.isascii() is False for key, value in r.meta.items() if key in ("title", "summary"))


def test_words_without_an_ascii_form_keep_the_copy_in_step():
    """A dash, quotes or an ellipsis fold to nothing: they stay in the copy, so word n + i is still
    word i folded; zero-width and byte-order characters, which would split words differently in
    the browser, are dropped."""
    article = Article(id="d", source_file="d.txt", sha256="0", title="Hội nghị – “Dân vận khéo” …",
                      body=["Đảng\u200bủy \ufeffphường – năm 2024"])
    article.url = "bai-viet/d/"
    r = article_record(article)
    words = r.content.split()
    n = int(r.meta["words"])
    assert len(words) == 2 * n
    assert words[n:] == ["hoi", "nghi", "–", "dan", "van", "kheo", "…", "khac", "danguy", "phuong", "–", "nam", "2024"]
    assert "\u200b" not in r.content and "\ufeff" not in r.content
    assert r.meta["title_words"] == "7" and r.meta["body"] == "8"


def test_tones_are_placed_one_way_in_the_content():
    article = Article(id="x", source_file="x.txt", sha256="0", title="Hội nghị tại phường Gia Thuỵ, Yên Hoà",
                      body=["Đồng chí Nguyễn Văn Thuý phát biểu."])
    article.url = "bai-viet/x/"
    assert article_record(article).content == (
        "Hội nghị tại phường Gia Thụy, Yên Hòa\n"
        "khác\n"
        "Đồng chí Nguyễn Văn Thúy phát biểu.\n"
        "hoi nghi tai phuong gia thuy, yen hoa khac dong chi nguyen van thuy phat bieu."
    )


def test_records_of_the_other_seeds(records):
    assert {i: r.filters for i, r in records.items()} == {
        S000: {"tinh": ["01"], "huyen": ["004"], "xa": ["00130"], "loai": ["so-ket"], "nam": ["2021"]},
        # "Ban Dân vận Huyện ủy", "Thường trực Thị ủy": no name, no province: the place not known
        S001: {"tinh": ["chua-xac-dinh"], "loai": ["tong-ket"], "nam": ["2020"]},
        S002: {"tinh": ["chua-xac-dinh"], "loai": ["giao-ban"], "nam": ["2022"]},
        S003: {"tinh": ["01"], "huyen": ["004"], "xa": ["00139"], "loai": ["lam-viec"], "nam": ["2020"]},
        S004: {"tinh": ["01"], "huyen": ["006"], "loai": ["lam-viec"], "nam": ["2023"]},  # a quận, no ward
    }
    assert {i: r.sort for i, r in records.items()} == {
        S000: {"ngay": "2021-07-16T10:09"},
        S001: {"ngay": "2020-10-14"},
        S002: {"ngay": "2022-06-22T19:38"},
        S003: {"ngay": "2020-07-10T10:49"},
        S004: {"ngay": "2023-07-12T13:01"},
    }
    assert records[S001].meta["place"] == "Huyện (chưa rõ tên)"
    assert records[S004].meta["place"] == "Quận Đống Đa, Hà Nội"
    assert records[S004].meta["date"] == "12/07/2023"
    for r in records.values():
        words = r.content.split()
        assert len(words) == 2 * int(r.meta["words"])


def test_record_of_an_article_without_date_or_place():
    article = Article(id="y", source_file="y.txt", sha256="0", title="Tin <b>ngắn</b> & gọn", summary=" a  b ")
    article.url = "bai-viet/y/"
    r = article_record(article)
    assert r.url == "bai-viet/y/index.html"
    assert r.meta == {"title": "Tin <b>ngắn</b> & gọn", "date": "", "iso": "", "place": "Chưa xác định",
                      "type": "Khác", "summary": "a b", "words": "5", "title_words": "4", "body": "5"}
    assert r.filters == {"loai": ["khac"]}  # no place node given: no place filter
    assert r.sort == {"ngay": "0000-00-00"}  # last when sorted newest first
    assert r.content == "Tin <b>ngắn</b> & gọn\nkhác\ntin <b>ngan</b> & gon khac"


def test_summary_is_cut_at_a_word():
    article = Article(id="z", source_file="z.txt", sha256="0", title="T", summary="chữ " * 100,
                      published=datetime(2024, 1, 2, 23, 30, tzinfo=timezone.utc),
                      locality=Locality(level="xã", name="Minh Đức", province="Bình Phước"),
                      meeting_type=MeetingType("hoi-nghi", "hội nghị"))
    article.url = "bai-viet/z/"
    r = article_record(article)
    assert len(r.meta["summary"]) <= search.SUMMARY_MAX
    assert r.meta["summary"] == "chữ " * 64 + "chữ…"
    assert r.sort == {"ngay": "2024-01-02T23:30"}  # the day and time as the portal gave them
    assert r.meta["date"] == "02/01/2024"  # the filing date as the site shows it (sort_date)
    assert r.meta["place"] == "Xã Minh Đức, Bình Phước"
    assert r.filters == {"loai": ["hoi-nghi"], "nam": ["2024"]}


def test_a_headline_in_capitals_is_shown_in_sentence_case():
    article = Article(id="c", source_file="c.txt", sha256="0",
                      title="HỘI NÔNG DÂN XÃ PHƯỚC GIANG: HỘI NGHỊ TỔNG KẾT CÔNG TÁC DÂN VẬN NĂM 2025",
                      locality=Locality(level="xã", name="Phước Giang", province="Quảng Ngãi"))
    article.url = "bai-viet/c/"
    r = article_record(article)
    assert r.meta["title"] == "Hội Nông dân xã Phước Giang: Hội nghị tổng kết công tác dân vận năm 2025"
    assert r.content.startswith(article.title + "\n")  # the headline as written is what is searched


def _at(level: str, name: str, province: str | None, district: str | None = None, code: str | None = None) -> Locality:
    return Locality(level=level, name=name, province=province, district=district, code=code)


@pytest.fixture(scope="module")
def namesakes():
    """Five communes called "xã Hiệp Hòa" in five provinces (one with its code, one without a
    district, one whose province is not known), and a bulletin of a province's own level."""
    places = [
        _at("xã", "Hiệp Hòa", "Quảng Ninh", "thị xã Quảng Yên", "07147"),
        _at("xã", "Hiệp Hòa", "Hải Dương", "thị xã Kinh Môn"),
        _at("xã", "Hiệp Hòa", "Thái Bình", "huyện Vũ Thư"),
        _at("xã", "Hiệp Hòa", "Quảng Nam"),
        _at("xã", "Hiệp Hòa", None),
        _at("tỉnh", "Bắc Giang", "Bắc Giang"),
    ]
    articles = []
    for i, loc in enumerate(places):
        articles.append(Article(id=f"h{i}", source_file=f"h{i}.txt", sha256=str(i), title=f"Hội nghị số {i}",
                                body=["Nội dung."], published=datetime(2024, 1, 1 + i), locality=loc))
    archive = build_archive(articles)
    return archive, search.place_keys(archive)


def test_namesake_communes_are_different_filter_values(namesakes):
    archive, keys = namesakes
    records = {r.url: r for r in search_records(archive, load_settings(ROOT / "site.yaml", {}), keys)}
    xa = [r.filters.get("xa", [None])[0] for r in sorted(records.values(), key=lambda r: r.url)]
    assert len(set(xa[:5])) == 5 and None not in xa[:5]
    assert xa[0] == "07147"  # the unit's code when the record has one
    data = search.filter_data(archive, keys)
    hiep_hoa = [e for e in data["xa"] if e[1] == "Xã Hiệp Hòa"]
    assert len(hiep_hoa) == 5
    provinces = {e[0]: e for e in data["tinh"]}
    districts = {e[0]: e for e in data["huyen"]}
    # each with its parents: what the page shows as "Xã Hiệp Hòa – thị xã Quảng Yên – tỉnh Quảng Ninh"
    shown = sorted(" – ".join([e[1]] + ([districts[e[4]][2]] if e[4] else []) + [provinces[e[3]][2]]) for e in hiep_hoa)
    assert shown == [
        "Xã Hiệp Hòa – chưa rõ tỉnh, thành phố",
        "Xã Hiệp Hòa – huyện Vũ Thư – tỉnh Thái Bình",
        "Xã Hiệp Hòa – thị xã Kinh Môn – tỉnh Hải Dương",
        "Xã Hiệp Hòa – thị xã Quảng Yên – tỉnh Quảng Ninh",
        "Xã Hiệp Hòa – tỉnh Quảng Nam",
    ]
    # provinces by their GSO code, from the gazetteer; the place not known last
    assert [e[1] for e in data["tinh"]] == ["Bắc Giang", "Hải Dương", "Quảng Nam", "Quảng Ninh", "Thái Bình",
                                            "Chưa rõ tỉnh, thành phố"]
    assert provinces["22"][2] == "tỉnh Quảng Ninh" and "chua-ro-tinh" in provinces
    # every parent a commune or district names is in the lists
    for e in data["xa"]:
        assert e[3] in provinces and (e[4] == "" or e[4] in districts)
    for e in data["huyen"]:
        assert e[3] in provinces
    assert data["loai"] == [["khac", "Khác"]]
    assert data["nam"] == ["2024"]


def test_filter_keys_do_not_change_when_bulletins_are_added(namesakes, seeds):
    """A key is the unit's code or the path of its place page: it depends on the place alone."""
    archive, keys = namesakes
    more = build_archive([*archive.articles, *seeds[0].articles])
    again = search.place_keys(more)
    before = {n.url: keys[id(n)] for n in archive.localities.walk() if n.kind != "root"}
    after = {n.url: again[id(n)] for n in more.localities.walk() if n.kind != "root"}
    assert {u: after[u] for u in before} == before


# --- the bundle ---------------------------------------------------------------------------------


@needs_pagefind
def test_build_writes_the_bundle(built):
    out, result = built
    assert result.written
    assert len(result.diagnostics) == 0
    files = bundle_files(out)
    names = sorted(files)
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.unknown.pagefind"} <= set(names)
    # One part per year, newest first; the oldest is the primary one (beside pagefind.js), the
    # others each in its folder, without Pagefind's script (the primary one's serves them all).
    assert json.loads(files["phan.json"]) == {"phan": [["2023", "2023/", 1], ["2022", "2022/", 1],
                                                        ["2021", "2021/", 1], ["2020", "", 2]]}
    for part in ("2023/", "2022/", "2021/"):
        own = [n.removeprefix(part) for n in names if n.startswith(part)]
        assert "pagefind-entry.json" in own and not [n for n in own if n.startswith(("pagefind.js", "pagefind-worker",
                                                                                     "wasm."))]
    assert len([n for n in names if re.match(r"(\d{4}/)?fragment/.*\.pf_fragment$", n)]) == 5
    assert len([n for n in names if n.startswith("filter/") and n.endswith(".pf_filter")]) == 6  # with "phan"
    assert "bo-loc.json" in names  # the filters' labels and parents (search.FILTER_FILE)
    assert len([n for n in names if re.match(r"(\d{4}/)?index/.*\.pf_index$", n)]) == 4
    # Pagefind's own ready-made interfaces are not copied: the page has its own.
    assert not [n for n in names if n.startswith(("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui",
                                                  "pagefind-highlight"))]
    entry = json.loads(files["pagefind-entry.json"])
    assert entry["version"].startswith("1.")
    assert list(entry["languages"]) == ["vi"]
    assert entry["languages"]["vi"]["page_count"] == 2  # the primary part: 2020
    assert f"pagefind.{entry['languages']['vi']['hash']}.pf_meta" in files
    # Every file name is plain lowercase ASCII.
    for name in names:
        assert re.fullmatch(r"[a-z0-9._/-]+", name), name
    # The bundle's files count with the copied files, not with the pages.
    assert result.files >= len(files)


@needs_pagefind
def test_bundle_holds_the_records(site):
    files = bundle_files(site)
    fragments = {}
    for name, content in files.items():
        if "fragment/" in name:
            data = gzip.decompress(content)
            assert data.startswith(b"pagefind_dcd")
            fragment = json.loads(data[len(b"pagefind_dcd"):])
            fragments[fragment["url"]] = fragment
    assert set(fragments) == set(URL.values())
    f = fragments[URL[S000]]
    assert f["meta"]["title"].startswith("Đảng ủy phường Gia Thụy tổ chức sơ kết")
    assert f["meta"]["place"] == "Phường Gia Thụy, quận Long Biên, Hà Nội"
    assert f["filters"] == {"huyen": ["004"], "loai": ["so-ket"], "nam": ["2021"], "tinh": ["01"], "xa": ["00130"],
                            "phan": ["2021"]}  # its part of the index
    assert f["filters"].pop("phan") == ["2021"]  # its part
    assert "dang uy phuong gia thuy" in f["content"]
    # The page splits the content at white space as Pagefind counts words: twice meta["words"].
    assert len(f["content"].split()) == 2 * int(f["meta"]["words"])
    # The filter files, in a fixed order: name, then (value, page numbers) sorted by value.
    filters: dict[str, dict[str, int]] = {}
    for name, content in files.items():
        if "filter/" in name:  # each part's
            filter_name, values = unpack(content)
            assert [v[0] for v in values] == sorted(v[0] for v in values)
            for value, pages in values:
                filters.setdefault(filter_name, {}).setdefault(value, 0)
                filters[filter_name][value] += len(pages)
    assert filters == {
        "tinh": {"01": 3, "chua-xac-dinh": 2},
        "huyen": {"004": 2, "006": 1},
        "xa": {"00130": 1, "00139": 1},
        "loai": {"giao-ban": 1, "lam-viec": 2, "so-ket": 1, "tong-ket": 1},
        "nam": {"2020": 2, "2021": 1, "2022": 1, "2023": 1},
        "phan": {"2020": 2, "2021": 1, "2022": 1, "2023": 1},
    }
    # The labels and parents of those values, for the search page's lists.
    assert json.loads(files["bo-loc.json"]) == {
        "tinh": [["01", "Hà Nội", "thành phố Hà Nội"],
                 ["chua-xac-dinh", "Chưa xác định địa phương", "chưa xác định địa phương"]],
        "huyen": [["006", "Quận Đống Đa", "quận Đống Đa", "01"], ["004", "Quận Long Biên", "quận Long Biên", "01"]],
        "xa": [["00139", "Phường Bồ Đề", "phường Bồ Đề", "01", "004"],
               ["00130", "Phường Gia Thụy", "phường Gia Thụy", "01", "004"]],
        "loai": [["so-ket", "Sơ kết"], ["tong-ket", "Tổng kết"], ["giao-ban", "Giao ban"], ["lam-viec", "Làm việc"]],
        "nam": ["2023", "2022", "2021", "2020"],
    }


@needs_pagefind
def test_two_builds_write_the_same_bundle(site, tmp_path):
    again = tmp_path / "site"
    build(_settings(again))
    assert bundle_files(again) == bundle_files(site)
    for page in ("tim-kiem/index.html", "index.html"):
        assert (again / page).read_bytes() == (site / page).read_bytes()


@needs_pagefind
def test_bundle_order_does_not_depend_on_pagefind_hash_maps(seeds):
    """Pagefind lists filters and filter values in hash-map order, which changes from run to run;
    shuffled the other way round, the bundle comes out byte for byte the same."""
    archive, settings = seeds
    files = run_pagefind(search_records(archive, settings))
    entry = json.loads(files["pagefind-entry.json"])
    meta_name = f"pagefind.{entry['languages']['vi']['hash']}.pf_meta"
    meta = unpack(files[meta_name])
    shuffled = {k: v for k, v in files.items() if not k.startswith("filter/") and k != meta_name}
    new_filters = []
    for name, old_hash in reversed(meta[3]):
        filter_name, values = unpack(files[f"filter/{old_hash}.pf_filter"])
        new_hash = f"vi_x{len(new_filters)}"
        shuffled[f"filter/{new_hash}.pf_filter"] = search._pack([filter_name, list(reversed(values))])
        new_filters.append([name, new_hash])
    meta[3] = new_filters
    shuffled["pagefind.vi_shuffled.pf_meta"] = search._pack(meta)
    entry["languages"]["vi"]["hash"] = "vi_shuffled"
    shuffled["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False).encode("utf-8")
    assert search._stabilise(shuffled) == files


def test_cbor_round_trip():
    value = ["tinh", [["Hà Nội", [0, 2, 4, 300, 70000, 2**33]], ["", []]], {"a": None, "b": True, "c": False},
             -1, -500, b"\x00\xff", "x" * 30]
    encoded = search._cbor_encode(value)
    assert search._cbor_decode(encoded) == value
    assert search._cbor_encode(search._cbor_decode(encoded)) == encoded
    assert encoded[:5] == bytes([0x87, 0x64]) + b"tin"
    with pytest.raises(ValueError):
        search._cbor_decode(encoded + b"\x00")


# --- without the Pagefind program ---------------------------------------------------------------


def test_build_without_pagefind_completes_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "find_executable", lambda: None)
    out = tmp_path / "site"
    result = build(_settings(out))
    assert result.written
    assert [(d.file, d.level, d.message) for d in result.diagnostics] == [(
        "pagefind", "warning",
        "search index not built: the Pagefind program was not found (install it with: pip install "
        "'pagefind[bin]'); the site works without search",
    )]
    assert not (out / "pagefind").exists()
    page = (out / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    assert NO_SEARCH_PAGE in page
    assert "search.js" not in page  # nothing to load: no failed request, no console error
    assert "../dia-phuong/index.html" in page  # the way to browse instead
    assert check_links(out) == []


def test_build_with_a_failing_pagefind_completes(tmp_path, monkeypatch):
    if sys.platform == "win32" or not Path("/bin/false").exists():
        pytest.skip("needs /bin/false")
    monkeypatch.setattr(search, "find_executable", lambda: Path("/bin/false"))
    out = tmp_path / "site"
    result = build(_settings(out))
    assert result.written
    assert [d.message for d in result.diagnostics] == [
        "search index not built: the Pagefind program stopped unexpectedly; the site works without search"
    ]
    assert not (out / "pagefind").exists()
    assert NO_SEARCH_PAGE in (out / "tim-kiem" / "index.html").read_text(encoding="utf-8")


def test_run_pagefind_errors_are_plain_sentences(tmp_path):
    with pytest.raises(SearchUnavailable, match=r"^the Pagefind program .*missing could not be started"):
        run_pagefind([], executable=tmp_path / "missing")


def test_strict_does_not_fail_on_a_missing_pagefind(tmp_path):
    """From the command line, with the program pointed at a file that does not exist."""
    shutil.copy(ROOT / "site.yaml", tmp_path / "site.yaml")
    shutil.copytree(CORPUS, tmp_path / "corpus")
    env = {**os.environ, "PAGEFIND_BINARY_PATH": str(tmp_path / "no-pagefind")}
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--strict"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "warning: pagefind: search index not built: the Pagefind program" in done.stderr
    assert "the site works without search" in done.stderr
    assert "  Warnings: 1, errors: 0, in 1 file: pagefind (1)." in done.stdout
    assert (tmp_path / "site" / "tim-kiem" / "index.html").is_file()
    assert not (tmp_path / "site" / "pagefind").exists()


def test_empty_archive_has_no_index(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    out = tmp_path / "site"
    settings = _settings(out, corpus)
    with pytest.raises(NoBulletins):  # the build publishes no empty site (exit code 4)
        build(settings)
    assert not out.exists()
    # An archive with nothing in it, rendered all the same (a theme's preview): no index, and a
    # search page that says so.
    archive = build_archive([], settings)
    found = search.build_search(archive, settings)
    assert found.outputs == []
    write_site(render_site(archive, settings, search=False), out)
    assert not (out / "pagefind").exists()
    page = (out / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    assert "Chưa có bản tin nào để tìm." in page and "search.js" not in page


# --- the pages ----------------------------------------------------------------------------------


@needs_pagefind
def test_search_page(site):
    page = (site / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in page
    assert '<div id="tim-kiem" class="search" data-bundle="../pagefind/pagefind.js">' in page
    assert '<form class="search-form" role="search" action="index.html" method="get" hidden>' in page
    assert '<label for="q">Từ khóa</label>' in page
    assert '<input type="search" id="q" name="q"' in page
    for name, label in (("tinh", "Tỉnh, thành phố"), ("huyen", "Quận, huyện, thị xã"), ("xa", "Xã, phường, thị trấn"),
                        ("loai", "Loại hội nghị"), ("nam", "Năm")):
        assert f'>{label}</label>' in page
        assert f'name="{name}" data-filter="{name}"' in page
    # The results come right after the box; the filters fold away above them, closed.
    assert page.index('id="q"') < page.index('<details class="search-filters" data-filter-box>') \
        < page.index('class="search-status"') < page.index('<ol class="search-results">')
    assert '<details class="search-filters" data-filter-box open' not in page
    assert '<p class="search-status" role="status" aria-live="polite" aria-atomic="true"></p>' in page
    assert '<script src="../static/search.js" defer></script>' in page
    # One style sheet, nothing else blocks the first paint.
    assert 'search.css' not in page
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)">', page) == ["../static/style.css"]
    # Without JavaScript, or from disk, this message stays; with the bundle loaded, the form shows.
    assert "chỉ chạy khi trang được mở qua một máy chủ web (HTTP)" in page
    assert "<code>python build.py serve</code>" in page
    # No second search box in the header of the search page itself.
    assert 'id="site-search-q"' not in page
    assert (site / "static" / "search.js").is_file()
    # its own description
    assert '<meta name="description" content="Tìm trong 5 bản tin dân vận theo từ khóa' in page


def test_search_script_shows_text_never_markup():
    """search.js puts every field of a result, and the matched words' <mark>s, into the page with
    textContent and createElement: no HTML is made of a record; no eval of any kind."""
    script = (ROOT / "src/danvan_site/site/theme" / "static" / "search.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                 "setTimeout(\"", ".excerpt"):
        assert sink not in script, sink
    assert 'createElement("mark")' in script and "mark.textContent = words[i]" in script


def test_header_search_form_on_every_page(site):
    for rel, action in (("index.html", "tim-kiem/index.html"),
                        (URL[S000], "../../tim-kiem/index.html"),
                        ("dia-phuong/ha-noi/quan-long-bien/phuong-gia-thuy/index.html",
                         "../../../../tim-kiem/index.html")):
        page = (site / rel).read_text(encoding="utf-8")
        assert f'<form class="site-search" role="search" action="{action}" method="get">' in page, rel
        assert '<label for="site-search-q">Tìm bản tin</label>' in page
        assert '<input type="search" id="site-search-q" name="q"' in page


def test_links_of_the_search_page(site):
    assert check_links(site) == []


# --- real queries, run by Node on the built bundle ----------------------------------------------

# As search.js searches: every part of phan.json merged into one instance, diacritics matched
# exactly, newest first part by part (the "phan" filter).
QUERY_SCRIPT = r"""
const [bundle, base, request] = process.argv.slice(2);
const pf = await import(bundle);
const parts = (await (await fetch(base + "phan.json")).json()).phan;
const made = {};
async function instance(exact) {
  if (!made[exact]) {
    const one = pf.createInstance({ basePath: base, exactDiacritics: exact });
    await one.options({ exactDiacritics: exact });
    await one.init();
    for (const part of parts) if (part[1]) await one.mergeIndex(base + part[1], { exactDiacritics: exact });
    made[exact] = one;
  }
  return made[exact];
}
// which parts know which words (tu.json), looked up as search.js does (partsFor)
const owners = {};
if (parts.length > 1) {
  for (const [numbers, words] of (await (await fetch(base + "tu.json")).json()).tu) {
    for (const w of words.split(" ")) owners[w] = numbers.split(" ").map(Number);
  }
}
const sorted = Object.keys(owners).sort();
function allowed(term) {
  if (!term || /^\s*".+"\s*$/.test(term) || parts.length <= 1) return null;
  let t = term.replace(/[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu, "").toLocaleLowerCase().replace(/\s{2,}/g, " ").trim();
  t = t.normalize("NFD").replace(/\p{M}/gu, "");
  let keep = null;
  for (const word of t ? t.split(" ") : []) {
    let numbers = new Set(sorted.filter((w) => w.startsWith(word)).flatMap((w) => owners[w]));
    if (!numbers.size) {
      const chars = Array.from(word);
      for (let k = chars.length - 1; k > 0; k--) {
        const prefix = chars.slice(0, k).join("");
        if (owners[prefix]) { numbers = new Set(owners[prefix]); break; }
      }
    }
    if (numbers.size) keep = new Set([...numbers].filter((n) => !keep || keep.has(n)));
  }
  return keep;
}
const out = [];
const every = { any: parts.map((p) => p[0]) };
for (const [term, filters] of JSON.parse(request)) {
  const one = await instance(true);
  const found = await one.search(term, { filters: { ...filters, phan: every } });
  const counts = found.filters.phan || {};
  const keep = allowed(term);
  const results = [];
  for (const [n, part] of parts.entries()) {
    if (!counts[part[0]] || (keep && !keep.has(n))) continue;
    const own = await one.search(term, { filters: { ...filters, phan: part[0] }, sort: { ngay: "desc" } });
    results.push(...own.results);
  }
  out.push(await Promise.all(results.map(async (r) => (await r.data()).url)));
}
console.log(JSON.stringify({ results: out, filters: await (await instance(true)).filters() }));
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def served(site):
    """The built site on 127.0.0.1 (any free port), as ``python build.py serve`` serves it."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def node_search(site: Path, base: str, queries: list[tuple[str | None, dict]], tmp_path: Path) -> dict:
    script = tmp_path / "query.mjs"
    script.write_text(QUERY_SCRIPT, encoding="utf-8")
    bundle = (site / "pagefind" / "pagefind.js").as_uri()
    done = subprocess.run(["node", str(script), bundle, f"{base}pagefind/", json.dumps(queries)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    data["results"] = [[url.removeprefix(base) for url in urls] for urls in data["results"]]
    return data


@needs_pagefind
@needs_node
def test_real_queries(site, served, tmp_path):
    queries = [
        ("dan van kheo", {}),
        ("Dân vận khéo", {}),
        ("dang uy gia thuy", {}),
        ("Gia Thụy", {}),
        ("Đống Đa", {}),
        ("dong da", {}),
        ("nguyen thanh bien", {}),
        ("dang uy", {}),
        ("dang uy", {"nam": "2021"}),
        ("dang uy", {"tinh": "01", "loai": "lam-viec"}),
        (None, {"xa": "00139"}),
        ("xyzzy", {}),
        (None, {"huyen": "004"}),
        (None, {"tinh": "chua-xac-dinh"}),
    ]
    data = node_search(site, served, queries, tmp_path)
    got = dict(zip(range(len(queries)), data["results"]))
    assert got[0] == [URL[S000], URL[S001]]  # without diacritics
    assert got[1] == [URL[S000], URL[S001]]  # with them
    assert got[2] == [URL[S000]]  # "đ" found through the folded copy
    assert got[3] == [URL[S000]]
    assert got[4] == [URL[S004]]  # diacritics typed are matched exactly: not every "đồng"
    assert URL[S004] in got[5]
    assert got[6] == [URL[S004], URL[S002], URL[S000], URL[S003]]
    assert got[7] == [URL[i] for i in NEWEST_FIRST]  # every seed, newest first
    assert got[8] == [URL[S000]]  # a filter narrows the results
    assert got[9] == [URL[S004], URL[S003]]
    assert got[10] == [URL[S003]]
    assert got[11] == []
    assert got[12] == [URL[S000], URL[S003]]  # a district: its wards' bulletins
    assert got[13] == [URL[S002], URL[S001]]
    assert data["filters"] == {
        "huyen": {"004": 2, "006": 1},
        "loai": {"giao-ban": 1, "lam-viec": 2, "so-ket": 1, "tong-ket": 1},
        "nam": {"2020": 2, "2021": 1, "2022": 1, "2023": 1},
        "tinh": {"01": 3, "chua-xac-dinh": 2},
        "xa": {"00130": 1, "00139": 1},
        "phan": {"2020": 2, "2021": 1, "2022": 1, "2023": 1},
    }


@needs_node
def test_query_tones_are_placed_as_in_the_index(tmp_path):
    """search.js moves the tone of a query's "oa", "oe", "uy" syllables as vnsort does for the index."""
    from danvan_site.vn.sort import normalize_tone_placement

    source = (ROOT / "src/danvan_site/site/theme" / "static" / "search.js").read_text(encoding="utf-8")
    match = re.search(r"  var TONE = .*?\n  function normaliseQuery\(text\) \{.*?\n  \}\n", source, re.S)
    assert match, "normaliseQuery not found in search.js"
    words = ["Thuỵ", "thủy", "Hoà", "hòa", "khoẻ", "KHOẺ", "quý", "Quý", "hoàn", "thuyền", "Khuê", "uỷ", "UỶ",
             "oà", "loè", "huỳnh", "Gia Thuỵ, Yên Hoà (Đống Đa)", "Thuỵ2 hoá_học", "dan van kheo"]
    script = tmp_path / "tones.js"
    script.write_text(match.group(0) + "\nconsole.log(JSON.stringify(JSON.parse(process.argv[2]).map(normaliseQuery)));\n",
                      encoding="utf-8")
    done = subprocess.run(["node", str(script), json.dumps(words)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [normalize_tone_placement(w) for w in words]
    assert json.loads(done.stdout)[0] == "Thụy"
