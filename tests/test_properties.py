"""Property-based tests (Hypothesis) of the loader and of extraction.

1. Any bytes in a ``.txt`` file (random bytes, texts in several encodings, real lines mixed with
   garbage) become a record or a ``ParseError`` whose message names the file, never another
   exception; any text in a sidecar is applied or refused with a ``ParseError`` naming it.
2. Extraction never states what the text does not: on texts made of real sentences (their dates
   and place names taken out) with dates, places and meeting-type words put in at random, the
   publication and event dates are written in the text, the locality's name is in the text,
   and the meeting type is "khác" or one whose cue is in the text.

The examples are derandomised, so a run in CI checks the same examples every time. To explore
with fresh random examples, set ``DANVAN_PROPERTY_EXAMPLES`` (e.g. 5000).
"""
from __future__ import annotations

import copy
import os
import re
import tempfile
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, ROOT
from danvan_site import gazetteer as gz
from danvan_site.core.errors import ParseError
from danvan_site.extract import extract
from danvan_site.vocab import meeting_types
from danvan_site.readers.text import read_source
from danvan_site.extract.sidecar import apply_sidecar
from danvan_site.vn.text import tone_key

_EXPLORE = int(os.environ.get("DANVAN_PROPERTY_EXAMPLES", "0"))


def _settings(examples: int):
    return settings(max_examples=_EXPLORE or examples, deadline=None, derandomize=not _EXPLORE,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], database=None)


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory(prefix="danvan-properties-") as name:
        yield Path(name)


# --- 1. the loader: a record or a clear rejection ------------------------------------------------

SEED_FILES = sorted(CORPUS.glob("*.txt")) + sorted((ROOT / "tests" / "data" / "formats").glob("*.txt"))
SEED_LINES = sorted({line for p in SEED_FILES for line in p.read_text(encoding="utf-8-sig").splitlines() if line.strip()})

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
TEXT = st.text(alphabet=st.sampled_from(VIETNAMESE + VIETNAMESE.upper() + " \n\t.,:;/-()0123456789\u00a0\ufeff\u200b"),
               max_size=400)
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258", "cp1252", "latin-1", "utf-32")
GARBAGE = st.one_of(
    st.binary(max_size=40),
    st.sampled_from([b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\r", b"\r\n", b"\x89PNG", b"%PDF", b"\xc3", b"\xe1\xba"]),
)


def _encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


ANY_BYTES = st.one_of(
    st.binary(max_size=3000),
    st.builds(_encoded, TEXT, st.sampled_from(ENCODINGS)),
    st.builds(_encoded, st.lists(st.sampled_from(SEED_LINES), max_size=12).map("\n".join), st.sampled_from(ENCODINGS)),
    st.lists(st.one_of(st.sampled_from(SEED_LINES).map(lambda s: s.encode("utf-8") + b"\n"), GARBAGE),
             max_size=20).map(b"".join),
)


def _read_or_reject(folder: Path, name: str, data: bytes):
    """(record, None, the text as read) or (None, the ParseError, None)."""
    path = folder / name
    path.write_bytes(data)
    try:
        source = read_source(path, folder)
    except ParseError as exc:
        return None, exc, None
    return extract(source), None, source.text


@_settings(300)
@given(data=ANY_BYTES)
@example(data=b"")
@example(data=b"\xff\xfe")  # a UTF-16 byte-order mark and nothing else
@example(data=b"\xff\xfe\x00")  # an odd number of UTF-16 bytes
@example(data=b"\xef\xbb\xbf\xef\xbb\xbf")
@example(data=b"\r\r\r")
@example(data="Ti\u00eau \u0111\u1ec1\n".encode("utf-32"))
def test_any_bytes_become_a_record_or_a_clear_rejection(folder, data):
    article, error, _ = _read_or_reject(folder, "ban-tin.txt", data)
    if error is not None:
        d = error.diagnostic
        assert (d.file, d.level) == ("ban-tin.txt", "error")
        assert str(error).startswith("ban-tin.txt") and d.message
        return
    assert article.id == "ban-tin" and article.source_file == "ban-tin.txt"
    assert isinstance(article.title, str) and article.title == unicodedata.normalize("NFC", article.title)
    assert all(isinstance(p, str) and p.strip() for p in article.body)
    assert all(d.file == "ban-tin.txt" for d in article.diagnostics)


@pytest.fixture(scope="module")
def seed_record(folder):
    article, _, _ = _read_or_reject(folder, "tin.txt", (CORPUS / "000_889518c93afc39ce.txt").read_bytes())
    return article


SIDECAR_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from([
        "title: ", "published: ", "event_date: ", "locality:", "  name: ", "  province: ", "views: ", "people:",
        "  - ", "- ", "{", "}", "[", "]", "'", '"', "!!python/object/apply:os.system ['x']", "!!binary aGk=",
        "&a ", "*a", "<<: ", "2021-07-16", "2021-13-45", "-1", "1e9", "null", "~", "yes", "Hà Nội", "\t", ": ",
        "\n", "\n", "\n", "%YAML 1.1\n", "---\n", "...\n", "? ", "|\n", ">\n", "#", "\\x00", "\x85", "\ufeff",
    ]), max_size=30).map("".join),
)


@_settings(300)
@given(text=SIDECAR_TEXT)
@example(text="title: !!python/object/new:os.system ['echo pwned']\n")
@example(text="a: &a [*a]\n")  # a recursive alias
@example(text="people: &p [{name: X, roles: *p}]\n")
@example(text="views: 99999999999999999999999999\n")
@example(text="published: 2021-07-16T25:61\n")
@example(text="\x00")
def test_any_sidecar_is_applied_or_refused_with_its_name(folder, seed_record, text):
    article = copy.deepcopy(seed_record)
    side = folder / "tin.yaml"
    side.write_bytes(text.encode("utf-8", errors="surrogatepass") if "\ud800" not in text else b"")
    try:
        apply_sidecar(article, side, "tin.yaml")
    except ParseError as exc:
        assert exc.diagnostic.file == "tin.yaml" and str(exc).startswith("tin.yaml")


# --- 2. extraction states only what the text says --------------------------------------------

_LEVELS = r"(?:thị trấn|thị xã|thành phố|tp\.?|xã|phường|huyện|quận|tỉnh|thị|thành)"
_DATEISH = re.compile(r"\d")  # every digit goes: no date, time, number or "Phường 8" is left


def _clean(sentence: str) -> str:
    """A real sentence with its dates, numbers and place words taken out."""
    text = _DATEISH.sub("", sentence)
    text = re.sub(rf"(?<!\w){_LEVELS}(?!\w)", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip(" ,;:-–/")


def _sentences() -> list[str]:
    from danvan_site.vn.text import sentences

    out: set[str] = set()
    for line in SEED_LINES:
        for s in sentences(line):
            clean = _clean(s)
            if len(clean.split()) >= 3:
                out.add(clean)
    return sorted(out)


SENTENCES = _sentences()
PLACES = [
    "phường Gia Thụy", "xã Tân Lộc", "huyện Châu Thành", "quận Đống Đa", "thị xã Hương Thủy", "Quận ủy Long Biên",
    "Huyện uỷ Vạn Ninh", "TP.Pleiku", "thành phố Tam Kỳ", "phường 8", "Phường 08", "xã Minh Đức - huyện Hớn Quản - tỉnh Bình Phước",
    "tỉnh Gia Lai", "Thành ủy Đà Nẵng", "thị trấn Vĩnh Bình", "xã Vị Thuỷ", "phường Bồ Đề", "PHƯỜNG ĐÔNG XUYÊN",
    "Đảng ủy phường Hòa Thuận Tây", "Ban Dân vận Huyện ủy", "xã", "phường",
]
CUES = ["sơ kết", "tổng kết", "giao ban", "làm việc với", "hội nghị", "tọa đàm", "đối thoại", "tập huấn", "kỷ niệm",
        "triển khai", "tuyên dương", "kiểm tra", "giám sát", "đại hội", "tiếp xúc cử tri", "phát động", "hội thi",
        "Hội Nghị", "SƠ KẾT", "tổng  kết", "ra quân"]


@st.composite
def written_dates(draw):
    d = draw(st.dates(min_value=date(2015, 1, 1), max_value=date(2025, 12, 31)))
    form = draw(st.sampled_from([
        "{d:02d}/{m:02d}/{y}", "{d}/{m}/{y}", "{d}-{m}-{y}", "{d}.{m}.{y}", "ngày {d} tháng {m} năm {y}",
        "Sáng ngày {d}/{m}", "Chiều {d}-{m}", "Tối ngày {d:02d}.{m:02d}", "vào hồi 15h30 ngày {d}/{m}/{y}",
        "{d:02d}/{m:02d}/{y} 10:09", "Thứ Sáu, {d:02d}/{m:02d}/{y} - 10:05", "Ngày đăng {d:02d}/{m:02d}/{y} | 10:09",
        "từ ngày {d} đến {d2}/{m}/{y}", "{y}-{m:02d}-{d:02d}", "{h}:{mi:02d} {d:02d}/{m:02d}/{y}",
    ]))
    return form.format(d=d.day, m=d.month, y=d.year, d2=min(28, d.day + 1), h=draw(st.integers(0, 23)),
                       mi=draw(st.integers(0, 59)))


@st.composite
def bulletins(draw):
    """A bulletin made of real sentences, with dates, places and meeting words put in."""
    paragraphs = draw(st.lists(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4).map(" ".join),
                               min_size=0, max_size=4))
    title = draw(st.one_of(st.none(), st.sampled_from(SENTENCES)))
    inserts = draw(st.lists(st.one_of(written_dates(), st.sampled_from(PLACES), st.sampled_from(CUES)), max_size=6))
    lines = ([title] if title else []) + paragraphs
    for piece in inserts:
        if not lines:
            lines.append(piece)
            continue
        i = draw(st.integers(0, len(lines) - 1))
        words = lines[i].split(" ")
        j = draw(st.integers(0, len(words)))
        lines[i] = " ".join(words[:j] + [piece] + words[j:])
    date_line = draw(st.one_of(st.none(), written_dates()))
    head = lines[:1]
    if date_line is not None:
        head.append(date_line)
    text = "\n".join(head) + "\n\n" + "\n\n".join(lines[1:]) + "\n"
    return text


def _day_month(text: str, day: int, month: int) -> bool:
    d, m = rf"0?{day}", rf"0?{month}"
    return bool(re.search(
        rf"(?<!\d){d}\s*[/.\-]\s*{m}(?!\d)|(?<!\d){d}\s+tháng\s+{m}(?!\d)"
        rf"|(?<!\d){d}\s*(?:và|đến|tới|,|–|-)\s*(?:ngày\s+)?\d{{1,2}}\s*[/.\-]\s*{m}(?!\d)"
        rf"|(?<!\d)\d{{4}}-{m}-{d}(?!\d)",
        text, re.IGNORECASE))


def _written(text: str, value: date, year_from: tuple[int, ...] = ()) -> bool:
    """``value`` is written in ``text``: its day and month together, and its year (or the year is
    one that the rules take from elsewhere: ``year_from``)."""
    if not _day_month(text, value.day, value.month):
        return False
    return value.year in year_from or bool(re.search(rf"(?<!\d){value.year}(?!\d)", text))


def _cue_in(text: str, slug: str) -> bool:
    key = tone_key(text)
    return any(cue.pattern.search(key) for cue in meeting_types() if cue.slug == slug)


def _check_states_only_what_the_text_says(folder: Path, data: bytes) -> None:
    """The checks, on the text as the loader reads it (NFC, line ends, mojibake repaired)."""
    article, error, text = _read_or_reject(folder, "tin.txt", data)
    if error is not None:
        assert error.diagnostic.file == "tin.txt"
        return
    if article.published is not None:
        day = article.published.date() if isinstance(article.published, datetime) else article.published
        assert _written(text, day), (article.published, text)
    if article.event_date is not None:
        pub = article.published.date() if isinstance(article.published, datetime) else article.published
        years = (pub.year, pub.year - 1) if pub is not None else ()
        assert _written(text, article.event_date, years), (article.event_date, article.published, text)
    if article.locality.name is not None:
        assert gz.key(article.locality.name) in gz.key(text), (article.locality, text)
    slug = article.meeting_type.slug
    assert slug == "khac" or _cue_in(text, slug), (article.meeting_type, text)


@_settings(300)
@given(text=bulletins())
@example(text="Đảng ủy phường Gia Thụy tổ chức hội nghị sơ kết\n12/07/2021 10:00\n\nSáng ngày 10/7, Đảng ủy phường Gia Thụy tổ chức hội nghị sơ kết.\n")
@example(text="Hội nghị\n\nTừ ngày 01 đến 05/4/2021, các đoàn thể giám sát.\n")
@example(text="Tin tức\n31/01/2021\n\nSáng ngày 30/12, xã Tân Lộc tổng kết năm.\n")
def test_extraction_states_only_what_the_text_says(folder, text):
    _check_states_only_what_the_text_says(folder, text.encode("utf-8"))


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_the_real_bulletins_hold_the_same_properties(folder, path):
    _check_states_only_what_the_text_says(folder, path.read_bytes())
