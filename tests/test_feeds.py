"""Machine-readable files: the Atom feeds, the sitemap and robots.txt, the 404 page and the CSV
export, on a build of the five seeds (with and without a base URL) and on hand-made records."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import feedparser
import pytest

from conftest import BASE_URL, CORPUS, seed_settings
from danvan_site.site import feeds
from danvan_site.archive.groups import build_archive
from danvan_site.site.exports import CSV_COLUMNS, articles_csv, csv_cell
from danvan_site.site.feeds import FeedInfo, atom_feed, entry_id, robots_txt, sitemap_files
from danvan_site.core.models import Article, Author, Locality, MeetingType, Person
from danvan_site.build.pipeline import build
from danvan_site.site.render import render_site
from danvan_site.output.write import write_site
from linkcheck import check_links, collect_feed_links
from site_samples import make_settings, sample_articles, write_corpus

BASE = BASE_URL
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
VN = timezone(timedelta(hours=7))

S000 = "000_889518c93afc39ce"
S001 = "001_fbc40ca82c7a5395"
S002 = "002_3766498ac55aaad5"
S003 = "003_9d20f8220b7ddb70"
S004 = "004_63b62a890c848497"
NEWEST_FIRST = [S004, S002, S000, S001, S003]
PUBLISHED = {
    S004: "2023-07-12T13:01:00+07:00",
    S002: "2022-06-22T19:38:00+07:00",
    S000: "2021-07-16T10:09:00+07:00",
    S001: "2020-10-14T00:00:00+07:00",  # the portal gives a date only
    S003: "2020-07-10T10:49:00+07:00",
}
# feed -> its bulletins, newest first
FEEDS = {
    "feed.xml": NEWEST_FIRST,
    "dia-phuong/chua-xac-dinh/feed.xml": [S002, S001],
    "dia-phuong/ha-noi/feed.xml": [S004, S000, S003],
    "dia-phuong/ha-noi/quan-dong-da/feed.xml": [S004],
    "dia-phuong/ha-noi/quan-long-bien/feed.xml": [S000, S003],
    "dia-phuong/ha-noi/quan-long-bien/phuong-bo-de/feed.xml": [S003],
    "dia-phuong/ha-noi/quan-long-bien/phuong-gia-thuy/feed.xml": [S000],
    "loai-hoi-nghi/giao-ban/feed.xml": [S002],
    "loai-hoi-nghi/lam-viec/feed.xml": [S004, S003],
    "loai-hoi-nghi/so-ket/feed.xml": [S000],
    "loai-hoi-nghi/tong-ket/feed.xml": [S001],
}
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})")


def _settings(out: Path, **extra):
    return seed_settings(out, **extra)


@pytest.fixture(scope="module")
def plain(plain_seed_site) -> Path:
    return plain_seed_site


@pytest.fixture(scope="module")
def based(based_seed_site) -> Path:
    return based_seed_site


@pytest.fixture(scope="module")
def export(plain) -> dict[str, dict]:
    data = json.loads((plain / "api/articles.json").read_text(encoding="utf-8"))
    return {a["id"]: a for a in data["articles"]}


def _parse(path: Path):
    return feedparser.parse(path.read_bytes())


def _ids(parsed) -> list[str]:
    return [e.id.rsplit(":", 1)[1].rsplit("/", 1)[-1] for e in parsed.entries]


# --- the feeds of a build -----------------------------------------------------------------------


def test_every_place_and_meeting_type_has_a_feed(plain, based):
    for site in (plain, based):
        assert {p.relative_to(site).as_posix() for p in site.rglob("feed.xml")} == set(FEEDS)


@pytest.mark.parametrize("rel", sorted(FEEDS))
def test_feed_parses_without_errors_newest_first(plain, based, export, rel):
    for site in (plain, based):
        parsed = _parse(site / rel)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert parsed.version == "atom10"
        assert _ids(parsed) == FEEDS[rel]
        assert [e.title for e in parsed.entries] == [export[i]["title"] for i in FEEDS[rel]]
        assert [e.published for e in parsed.entries] == [PUBLISHED[i] for i in FEEDS[rel]]
        # deterministic: the feed is as new as its newest entry, whatever the build time
        assert parsed.feed.updated == PUBLISHED[FEEDS[rel][0]]
        assert parsed.feed.language == "vi"


def test_links_are_absolute_with_a_base_url(based, export):
    parsed = _parse(based / "dia-phuong/ha-noi/feed.xml")
    assert [e.link for e in parsed.entries] == [f"{BASE}/{export[i]['url']}" for i in FEEDS["dia-phuong/ha-noi/feed.xml"]]
    assert [e.id for e in parsed.entries] == [f"tag:example.org,2026:luu-tru/{i}" for i in (S004, S000, S003)]
    assert parsed.feed.id == "tag:example.org,2026:luu-tru/feed/dia-phuong/ha-noi/"
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links == {"self": f"{BASE}/dia-phuong/ha-noi/feed.xml", "alternate": f"{BASE}/dia-phuong/ha-noi/"}
    assert parsed.feed.title == "Hà Nội – Lưu trữ tin dân vận"
    assert parsed.feed.author_detail.href == f"{BASE}/"
    for rel in FEEDS:
        for entry in _parse(based / rel).entries:
            assert entry.link.startswith(BASE + "/bai-viet/"), (rel, entry.link)


def test_links_are_relative_to_the_feed_without_a_base_url(plain, export):
    for rel, ids in FEEDS.items():
        root = ET.fromstring((plain / rel).read_bytes())
        hrefs = [e.find(f"{ATOM}link").get("href") for e in root.iter(f"{ATOM}entry")]
        folder = posixpath.dirname(rel)
        assert [posixpath.normpath(posixpath.join(folder, h)) for h in hrefs] == [
            export[i]["url"] + "index.html" for i in ids
        ]
        assert all(not h.startswith(("/", "http")) for h in hrefs)
    parsed = _parse(plain / "loai-hoi-nghi/lam-viec/feed.xml")
    assert [e.id for e in parsed.entries] == [f"tag:danvan-site,2026:{S004}", f"tag:danvan-site,2026:{S003}"]
    assert parsed.feed.id == "tag:danvan-site,2026:feed/loai-hoi-nghi/lam-viec/"
    assert parsed.feed.title == "Loại hội nghị: làm việc – Lưu trữ tin dân vận"
    assert {link.rel: link.href for link in parsed.feed.links} == {"self": "feed.xml", "alternate": "index.html"}


def test_entry_categories_author_and_summary(plain, export):
    entry = _parse(plain / "feed.xml").entries[2]
    a = export[S000]
    assert entry.author == a["author"]["name"]
    assert entry.summary == a["summary"]
    assert [(t.term, t.label) for t in entry.tags] == [
        ("so-ket", "sơ kết"), ("phường Gia Thụy, quận Long Biên, Hà Nội", None),
    ]
    # a bulletin whose place is not known has only its meeting type
    undated_place = _parse(plain / "feed.xml").entries[3]
    assert [t.term for t in undated_place.tags] == ["tong-ket"]


def test_atom_structure(based, plain):
    """The elements RFC 4287 requires, once each, with RFC 3339 dates and unique absolute ids."""
    for site in (plain, based):
        for rel in FEEDS:
            raw = (site / rel).read_bytes()
            assert raw.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"')
            root = ET.fromstring(raw)
            assert root.tag == f"{ATOM}feed"
            for name in ("id", "title", "updated", "author", "generator"):
                assert len(root.findall(f"{ATOM}{name}")) == 1, (rel, name)
            assert RFC3339.fullmatch(root.findtext(f"{ATOM}updated"))
            assert [link.get("rel") for link in root.findall(f"{ATOM}link")] == ["self", "alternate"]
            assert root.find(f"{ATOM}link[@rel='self']").get("type") == "application/atom+xml"
            ids = [root.findtext(f"{ATOM}id")]
            for entry in root.findall(f"{ATOM}entry"):
                for name in ("id", "title", "updated", "published", "summary"):
                    assert len(entry.findall(f"{ATOM}{name}")) == 1, (rel, name)
                assert RFC3339.fullmatch(entry.findtext(f"{ATOM}updated"))
                assert entry.findtext(f"{ATOM}updated") == entry.findtext(f"{ATOM}published")
                alternate = entry.findall(f"{ATOM}link[@rel='alternate']")
                assert len(alternate) == 1 and alternate[0].get("type") == "text/html"
                ids.append(entry.findtext(f"{ATOM}id"))
            assert all(re.fullmatch(r"tag:[a-z0-9.-]+,2026:[A-Za-z0-9._~/%-]+", i) for i in ids), ids
            assert len(set(ids)) == len(ids)


def test_feed_size_keeps_the_newest(tmp_path):
    out = tmp_path / "site"
    build(_settings(out, feed_size=2))
    parsed = _parse(out / "feed.xml")
    assert parsed.bozo == 0
    assert _ids(parsed) == [S004, S002]
    assert _ids(_parse(out / "dia-phuong/ha-noi/feed.xml")) == [S004, S000]


def test_builds_are_byte_identical(tmp_path):
    files = {}
    for name in ("a", "b"):
        out = tmp_path / name
        build(_settings(out, base_url=BASE))
        files[name] = {p.relative_to(out).as_posix(): p.read_bytes()
                       for p in out.rglob("*") if p.suffix in (".xml", ".csv", ".txt")}
    assert files["a"] == files["b"]
    assert "sitemap.xml" in files["a"] and "api/articles.csv" in files["a"]


# --- escaping and edge cases, on hand-made records ----------------------------------------------


NASTY = "<script>alert(\"x\")</script> & 'q' \x01\x0bend\ufffe"


def _nasty_article(**changes) -> Article:
    values = dict(
        id="Bản tin số 1 & <2>",
        source_file="x.txt",
        sha256="f" * 64,
        title=NASTY,
        published=datetime(2024, 3, 5, 8, 30, tzinfo=VN),
        locality=Locality(level="xã", name="A&B <c>", province="Hà Nội"),
        meeting_type=MeetingType("khac", "khác"),
        author=Author("Người \x02viết <b>"),
        summary="Tóm tắt \x00có </summary> & \x1f",
        url="bai-viet/x-abc123/",
    )
    values.update(changes)
    return Article(**values)


def _feed(articles, **kw) -> bytes:
    info = FeedInfo("dia-phuong/x/feed.xml", "dia-phuong/x/", kw.pop("title", "Tiêu đề <&>"))
    return atom_feed(info, articles, site_title="Site & <co>", tz=VN, **kw)


def test_text_is_escaped_and_control_characters_removed():
    article = _nasty_article()
    raw = _feed([article], place_of={article.id: "xã A&B <c>, Hà Nội"})
    text = raw.decode("utf-8")
    assert "<script>" not in text
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'q' end" in text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe]", text)
    parsed = feedparser.parse(raw)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    entry = parsed.entries[0]
    assert entry.title == "<script>alert(\"x\")</script> & 'q' end"
    assert entry.title_detail.type == "text/plain"
    assert entry.summary == "Tóm tắt có </summary> &"  # feedparser trims the trailing space
    assert entry.author == "Người viết <b>"
    assert [t.term for t in entry.tags] == ["khac", "xã A&B <c>, Hà Nội"]
    assert entry.id == "tag:danvan-site,2026:B%E1%BA%A3n%20tin%20s%E1%BB%91%201%20%26%20%3C2%3E"
    assert entry.link == "../../bai-viet/x-abc123/index.html"
    assert parsed.feed.title == "Tiêu đề <&>"
    assert parsed.feed.author == "Site & <co>"
    assert ET.fromstring(raw) is not None


def test_undated_bulletins_are_left_out_and_an_empty_feed_is_valid():
    undated = _nasty_article(published=None, event_date=None)
    event_only = _nasty_article(id="b", published=None, event_date=date(2019, 5, 2))
    parsed = feedparser.parse(_feed([undated, event_only]))
    assert parsed.bozo == 0
    assert [e.id for e in parsed.entries] == ["tag:danvan-site,2026:b"]
    assert parsed.entries[0].published == "2019-05-02T00:00:00+07:00"
    empty = feedparser.parse(_feed([undated]))
    assert empty.bozo == 0 and empty.entries == []
    assert empty.feed.updated == "1970-01-01T00:00:00+00:00"


def test_feed_updated_is_the_newest_entry_even_out_of_order():
    older = _nasty_article(id="old", published=datetime(2020, 1, 1, 9, 0, tzinfo=VN))
    newer = _nasty_article(id="new", published=datetime(2021, 1, 1, 9, 0, tzinfo=VN))
    assert feedparser.parse(_feed([older, newer])).feed.updated == "2021-01-01T09:00:00+07:00"


def test_entry_ids_depend_only_on_the_address_and_the_file_name():
    assert entry_id("000_889518c93afc39ce") == "tag:danvan-site,2026:000_889518c93afc39ce"
    assert entry_id("000_x", "https://Example.org") == "tag:example.org,2026:000_x"
    assert entry_id("000_x", "https://example.org:8443/a/b c/") == "tag:example.org,2026:a/b%20c/000_x"
    assert feeds.feed_id("", BASE) == "tag:example.org,2026:luu-tru/feed/"


# --- sitemap, robots.txt, 404 ------------------------------------------------------------------


def test_robots_and_no_sitemap_without_a_base_url(plain):
    assert (plain / "robots.txt").read_bytes() == b"User-agent: *\nDisallow:\n"
    assert not (plain / "sitemap.xml").exists()
    assert robots_txt("") == b"User-agent: *\nDisallow:\n"
    assert sitemap_files([("", None)], "") == []


def test_sitemap_lists_every_page_with_a_base_url(based, export):
    assert (based / "robots.txt").read_text(encoding="utf-8") == (
        "User-agent: *\nDisallow:\n\nSitemap: https://example.org/luu-tru/sitemap.xml\n"
    )
    root = ET.fromstring((based / "sitemap.xml").read_bytes())
    assert root.tag == f"{SM}urlset"
    entries = {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in root.findall(f"{SM}url")}
    pages = {
        p.relative_to(based).as_posix()[: -len("index.html")]
        for p in based.rglob("index.html")
    }
    assert set(entries) == {f"{BASE}/{page}" for page in pages}
    assert len(entries) == len(root.findall(f"{SM}url"))  # no address twice
    assert f"{BASE}/404.html" not in entries
    for i, a in export.items():
        assert entries[f"{BASE}/{a['url']}"] == PUBLISHED[i][:10]
    assert entries[f"{BASE}/"] is None


def test_a_large_sitemap_becomes_an_index(monkeypatch):
    monkeypatch.setattr(feeds, "SITEMAP_MAX_URLS", 2)
    files = sitemap_files([(f"p{i}/", None) for i in range(5)], "https://x.org")
    assert [name for name, _ in files] == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]
    index = ET.fromstring(files[0][1])
    assert index.tag == f"{SM}sitemapindex"
    assert [s.findtext(f"{SM}loc") for s in index] == [f"https://x.org/sitemap-{n}.xml" for n in (1, 2, 3)]
    assert [u.findtext(f"{SM}loc") for u in ET.fromstring(files[3][1])] == ["https://x.org/p4/"]


def test_not_found_page(plain, based):
    html = (plain / "404.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in html and "<h1>Không tìm thấy trang</h1>" in html
    assert '<meta name="robots" content="noindex">' in html
    # Served for a missing address at any depth: every link is root-relative ("/x"), which a
    # web server reads against the site's root whatever the address asked for.
    assert '<a href="/">Về trang chủ</a>' in html
    assert '<a href="/dia-phuong/">Tra theo địa phương</a>' in html
    assert '<link rel="stylesheet" href="/static/style.css">' in html
    assert "thư mục gốc của trang" in html  # without a base URL: the site must be at the domain's root
    assert not re.findall(r'href="(?!/|#)', html)
    html = (based / "404.html").read_text(encoding="utf-8")
    assert '<a href="/luu-tru/">Về trang chủ</a>' in html  # under the base URL's path
    assert '<a href="/luu-tru/dia-phuong/">Tra theo địa phương</a>' in html
    assert '<link rel="stylesheet" href="/luu-tru/static/style.css">' in html
    assert 'rel="canonical"' not in html and "og:" not in html
    assert "thư mục gốc của trang" not in html
    assert not re.findall(r'href="(?!/luu-tru/|#)', html)


# --- links to the feeds -------------------------------------------------------------------------


def test_pages_link_their_feeds(plain):
    home = (plain / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="Lưu trữ tin dân vận" href="feed.xml">' in home
    place = (plain / "dia-phuong/ha-noi/quan-long-bien/index.html").read_text(encoding="utf-8")
    assert ('<link rel="alternate" type="application/atom+xml" title="Quận Long Biên, Hà Nội – Lưu trữ tin dân vận"'
            ' href="feed.xml">') in place
    assert '<link rel="alternate" type="application/atom+xml" title="Lưu trữ tin dân vận" href="../../../feed.xml">' in place
    assert '<a href="feed.xml" type="application/atom+xml">Theo dõi bản tin mới của trang này (Atom)</a>' in place
    kind = (plain / "loai-hoi-nghi/so-ket/index.html").read_text(encoding="utf-8")
    assert '<a href="feed.xml" type="application/atom+xml">' in kind
    for rel in FEEDS:
        if rel != "feed.xml":
            page = (plain / rel).with_name("index.html").read_text(encoding="utf-8")
            assert page.count('type="application/atom+xml"') == 3, rel  # site feed, own feed, visible link
    month = (plain / "thoi-gian/2021/07/index.html").read_text(encoding="utf-8")
    assert month.count('type="application/atom+xml"') == 1  # the site's feed only
    assert '<a href="../../../feed.xml">Nguồn cấp tin (Atom)</a>' in month
    assert '<a href="../../../api/articles.csv">Dữ liệu dạng CSV</a>' in month


def test_link_checker_follows_feed_links(plain, based, tmp_path):
    assert check_links(plain) == []
    assert check_links(based) == []
    (tmp_path / "index.html").write_text("ok", encoding="utf-8")
    (tmp_path / "feed.xml").write_bytes(
        b'<feed xmlns="http://www.w3.org/2005/Atom"><link href="index.html"/>'
        b'<entry><link href="missing/index.html"/></entry><link href="https://x.org/"/></feed>'
    )
    (tmp_path / "other.xml").write_bytes(b"<urlset><link href='nowhere'/></urlset>")
    assert check_links(tmp_path) == ["feed.xml: <link> 'missing/index.html': target does not exist"]
    assert collect_feed_links(b"not xml") is None


def test_sample_site_feeds_and_links(tmp_path):
    articles = sample_articles()
    write_corpus(tmp_path / "corpus", articles)
    settings = make_settings(tmp_path, page_size=1)
    write_site(render_site(build_archive(articles, settings), settings), settings.output)
    assert check_links(settings.output) == []
    parsed = _parse(settings.output / "dia-phuong/chua-ro-tinh/xa-hoang-tan/feed.xml")
    assert parsed.bozo == 0 and [e.title for e in parsed.entries] == ["Thường trực Thị ủy giao ban khối Dân vận"]


# --- the CSV export -----------------------------------------------------------------------------


def _csv_rows(raw: bytes) -> list[list[str]]:
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


def test_csv_mirrors_the_json(plain, export):
    raw = (plain / "api/articles.csv").read_bytes()
    rows = _csv_rows(raw)
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[0] == [
        "id", "source_file", "url", "title", "published", "event_date", "time_of_day",
        "locality_level", "locality_name", "province", "district", "code", "successor",
        "meeting_type", "meeting_type_label", "period_label", "period_start", "period_end",
        "author", "author_role", "organizer", "section", "views", "people", "organisations",
        "word_count", "summary", "sha256", "raw_url",
    ]
    assert [r[0] for r in rows[1:]] == NEWEST_FIRST
    assert raw.count(b"\r\n") >= 6
    for row in rows[1:]:
        a = export[row[0]]
        by_name = dict(zip(rows[0], row))
        loc, period, author = a["locality"], a["period"] or {}, a["author"] or {}

        def s(v):
            return "" if v is None else str(v)

        assert by_name == {
            "id": a["id"], "source_file": a["source_file"], "url": a["url"], "title": a["title"],
            "published": s(a["published"]), "event_date": s(a["event_date"]), "time_of_day": s(a["time_of_day"]),
            "locality_level": s(loc["level"]), "locality_name": s(loc["name"]), "province": s(loc["province"]),
            "district": s(loc["district"]), "code": s(loc["code"]), "successor": s(loc["successor"]),
            "meeting_type": a["meeting_type"]["slug"], "meeting_type_label": a["meeting_type"]["label"],
            "period_label": s(period.get("label")), "period_start": s(period.get("start")),
            "period_end": s(period.get("end")), "author": s(author.get("name")), "author_role": s(author.get("role")),
            "organizer": s(a["organizer"]), "section": s(a["section"]), "views": s(a["views"]),
            "people": "; ".join(p["name"] for p in a["people"]), "organisations": "; ".join(a["organisations"]),
            "word_count": str(a["word_count"]), "summary": s(a["summary"]), "sha256": a["sha256"],
            "raw_url": a["raw_url"],
        }
    seed = dict(zip(rows[0], rows[3]))
    assert seed["id"] == S000 and seed["source_file"] == f"{S000}.txt"
    assert seed["published"] == "2021-07-16T10:09:00+07:00"
    assert seed["meeting_type"] == "so-ket" and seed["meeting_type_label"] == "sơ kết"
    assert seed["province"] == "Hà Nội" and seed["locality_name"] == "Gia Thụy"
    assert seed["sha256"] == hashlib.sha256((CORPUS / f"{S000}.txt").read_bytes()).hexdigest()
    assert seed["url"] == "bai-viet/dang-uy-phuong-gia-thuy-to-chuc-so-ket-viec-thuc-hien-mo-hinh-dan-van-kheo-6-e26135/"


def test_csv_neutralises_formulas_and_round_trips():
    article = _nasty_article(
        id="=HYPERLINK(\"http://evil.example\",\"bấm\")",
        title="+1",
        organizer="-1",
        section="@SUM(A1:A9)",
        summary="\tnội dung, có \"ngoặc\"\r\nvà xuống dòng",
        author=Author("\rtác giả", "=1+1"),
        people=[Person("=cmd|' /C calc'!A0"), Person("Lê Văn A")],
        organisations=["Hội, có dấu phẩy"],
        views=-5,
        word_count=12,
    )
    rows = _csv_rows(articles_csv([article]))
    row = dict(zip(rows[0], rows[1]))
    assert row["id"] == "'=HYPERLINK(\"http://evil.example\",\"bấm\")"
    assert row["title"] == "'+1"
    assert row["organizer"] == "'-1"
    assert row["section"] == "'@SUM(A1:A9)"
    assert row["summary"] == "'\tnội dung, có \"ngoặc\"\r\nvà xuống dòng"
    assert row["author"] == "'\rtác giả" and row["author_role"] == "'=1+1"
    assert row["people"] == "'=cmd|' /C calc'!A0; Lê Văn A"
    assert row["organisations"] == "Hội, có dấu phẩy"
    assert row["views"] == "-5" and row["word_count"] == "12"  # numbers stay numbers
    assert row["locality_name"] == "A&B <c>"
    assert len(rows) == 2 and len(rows[1]) == len(CSV_COLUMNS)


def test_csv_cells():
    assert [csv_cell(v) for v in (None, 0, 7, "a", "=a", "+a", "-a", "@a", "\ta", "\ra", " =a", "a\x00b")] == [
        "", "0", "7", "a", "'=a", "'+a", "'-a", "'@a", "'\ta", "'\ra", " =a", "ab",
    ]
    assert articles_csv([]) == b"\xef\xbb\xbf" + ",".join(CSV_COLUMNS).encode() + b"\r\n"
