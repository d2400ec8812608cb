"""Page chrome learned from the corpus: a corpus of several bulletins from one portal template
whose furniture no word list knows (a menu, a section label, an unknown related-news heading and
its headlines, a footer) builds clean bodies only with the lesson; copies of one bulletin teach
nothing; a portal's one writer still signs every bulletin."""
from __future__ import annotations

from pathlib import Path

from danvan_site.core.config import load_settings
from danvan_site.extract import extract
from danvan_site.extract.chrome import MIN_DOCUMENTS, file_lines, learn, line_key
from danvan_site.readers.text import read_source
from danvan_site.build.pipeline import collect

# (place, event, people) of six bulletins of one fictitious ward portal
EVENTS = [
    ("phường Phúc Xá", "sơ kết công tác Mặt trận 6 tháng đầu năm 2023", "Nguyễn Văn An"),
    ("phường Trúc Bạch", "tổng kết công tác dân vận năm 2023", "Trần Thị Bình"),
    ("phường Vĩnh Phúc", "giao ban Khối dân vận quý I năm 2024", "Lê Văn Cường"),
    ("phường Cống Vị", "hội nghị đối thoại với Nhân dân năm 2024", "Phạm Thị Dung"),
    ("phường Liễu Giai", "tập huấn nghiệp vụ công tác Mặt trận năm 2024", "Hoàng Văn Em"),
    ("phường Ngọc Hà", "sơ kết công tác dân vận 6 tháng đầu năm 2024", "Vũ Thị Giang"),
]
# Furniture of the template: none of these lines is in data/chrome.yaml.
MENU = "Giới thiệu | Tin tức | Văn bản | Liên hệ"
SLOGAN = "Thông tin hoạt động của các phường trên địa bàn quận Ba Đình"  # printed between date and headline
CREDIT = "Bài viết do Trung tâm Văn hóa - Thông tin và Thể thao quận thực hiện."
RELATED = "Đừng bỏ lỡ"
FOOTER = "Trang thông tin do Văn phòng HĐND - UBND quận Ba Đình quản lý"


def _bulletin(i: int, place: str, event: str, person: str, related: list[str], signed: bool = False) -> str:
    day = 10 + i
    title = f"Ủy ban MTTQ Việt Nam {place} {event}"
    return "\n".join([
        "QUẬN BA ĐÌNH - THÀNH PHỐ HÀ NỘI",
        MENU,
        f"{day}/06/2024 08:30",
        SLOGAN,
        title,
        "",
        f"Sáng ngày {day - 1}/6/2024, Ủy ban MTTQ Việt Nam {place} tổ chức {event}. Dự hội nghị có đồng chí "
        f"{person}, Chủ tịch Ủy ban MTTQ Việt Nam {place}, cùng đại diện các đoàn thể chính trị - xã hội.",
        "",
        "Hội nghị đã đánh giá kết quả thực hiện các nhiệm vụ trọng tâm, chỉ ra những hạn chế và bàn giải pháp "
        "khắc phục trong thời gian tới, tập trung vào công tác tuyên truyền, vận động Nhân dân ở khu dân cư.",
        "",
        f"Phát biểu kết luận, đồng chí {person} đề nghị các Ban công tác Mặt trận bám sát địa bàn, lắng nghe ý "
        "kiến của Nhân dân và kịp thời phản ánh với cấp ủy, chính quyền.",
        "",
        *(["Thu Trang", ""] if signed else []),
        CREDIT,
        "",
        RELATED,
        *related,
        "",
        FOOTER,
        "",
    ])


def _corpus(folder: Path, signed: bool = False) -> list[str]:
    titles = [f"Ủy ban MTTQ Việt Nam {p} {e}" for p, e, _ in EVENTS]
    for i, (place, event, person) in enumerate(EVENTS):
        related = [t for j, t in enumerate(titles) if j != i][:3]
        (folder / f"ba-dinh-{i:02d}.txt").write_text(_bulletin(i, place, event, person, related, signed), encoding="utf-8")
    return titles


def _settings(folder: Path):
    s = load_settings(None, {"corpus": str(folder)})
    s.verbosity = 0
    return s


def test_one_portal_corpus_learns_its_chrome(tmp_path):
    titles = _corpus(tmp_path)
    alone = extract(read_source(tmp_path / "ba-dinh-00.txt", tmp_path))
    # Read alone, the template's furniture is taken for the article: the slogan printed between
    # the date and the headline is taken for the headline, the credit line ends the body.
    assert alone.title == SLOGAN
    assert alone.body[-1] == CREDIT

    collected = collect(_settings(tmp_path))
    learned = dict(collected.chrome.lines)
    for line in (MENU, SLOGAN, CREDIT, RELATED, FOOTER, "QUẬN BA ĐÌNH - THÀNH PHỐ HÀ NỘI"):
        assert learned[line] == len(EVENTS), line  # found in every bulletin of the template
    assert collected.chrome.documents == len(EVENTS)
    by_id = {a.id: a for a in collected.articles}
    for i, (place, event, person) in enumerate(EVENTS):
        a = by_id[f"ba-dinh-{i:02d}"]
        assert a.title == titles[i]
        assert a.body[0].startswith(f"Sáng ngày {9 + i}/6/2024, Ủy ban MTTQ Việt Nam {place}")
        assert a.body[-1].startswith("Phát biểu kết luận")
        assert len(a.body) == 3
        assert not any(p in (SLOGAN, CREDIT, RELATED, FOOTER) or p in titles for p in a.body)


def test_a_recurring_signature_still_signs(tmp_path):
    """The portal's one writer signs every bulletin: a learned line shaped like a signature
    still gives the author."""
    _corpus(tmp_path, signed=True)
    collected = collect(_settings(tmp_path))
    assert dict(collected.chrome.lines)["Thu Trang"] == len(EVENTS)
    for a in collected.articles:
        assert a.author is not None and a.author.name == "Thu Trang"
        assert a.body[-1].startswith("Phát biểu kết luận")


def test_copies_of_one_bulletin_teach_nothing(tmp_path):
    text = _bulletin(0, *EVENTS[0], related=[])
    for n in range(MIN_DOCUMENTS + 1):
        (tmp_path / f"copy-{n}.txt").write_text(text, encoding="utf-8")
    lesson = learn(file_lines((tmp_path / f"copy-{n}.txt").read_text(encoding="utf-8")) for n in range(MIN_DOCUMENTS + 1))
    assert lesson.documents == 1 and not lesson.keys


def test_threshold_and_wrapped_lines():
    short = "Đừng bỏ lỡ"
    docs = [f"Tiêu đề số {i} của một bản tin khá dài để làm dòng dài nhất\n\n{short}\n\nmột dòng bị\nngắt giữa câu.\n"
            for i in range(MIN_DOCUMENTS)]
    lesson = learn(file_lines(d) for d in docs[: MIN_DOCUMENTS - 1])
    assert line_key(short) not in lesson.keys  # two bulletins are not enough
    lesson = learn(file_lines(d) for d in docs)
    assert line_key(short) in lesson.keys
    assert line_key("một dòng bị") not in lesson.keys  # a piece of a hard-wrapped sentence never counts
    assert lesson.lines == [(short, MIN_DOCUMENTS)]


def test_incremental_build_equals_full_build_with_learning(tmp_path):
    """A record depends on the learned lines its file holds: adding the file that makes a line
    recur often enough re-reads the others, and the result equals a build from scratch."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _corpus(corpus)
    (corpus / "ba-dinh-05.txt").unlink()
    from danvan_site.store.db import Store

    store = Store(tmp_path / "cache")
    first = collect(_settings(corpus), store)
    assert first.parsed == 5
    _corpus(corpus)  # the sixth bulletin comes back
    again = collect(_settings(corpus), store)
    # adding the sixth makes some lines recur in three bulletins: the files that hold them are read again
    assert again.parsed > 1
    assert collect(_settings(corpus), store).parsed == 0  # nothing changed since: nothing read
    fresh = collect(_settings(corpus))
    assert [a.to_json() for a in again.articles] == [a.to_json() for a in fresh.articles]


def test_report_shows_the_lesson_and_why_values_were_chosen(tmp_path):
    """The quality report lists the learned lines with their counts, and for a bulletin how its
    headline, publication date, place and author were read (api/report.json and the page)."""
    import json

    from conftest import seed_settings
    from danvan_site.build.pipeline import build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    titles = _corpus(corpus)
    # one bulletin lacks its place name, so that it is listed among those to check
    text = (corpus / "ba-dinh-02.txt").read_text(encoding="utf-8").replace("phường Vĩnh Phúc", "phường")
    (corpus / "ba-dinh-02.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    build(seed_settings(out, corpus, search=False))
    data = json.loads((out / "api/report.json").read_text(encoding="utf-8"))
    assert {"line": SLOGAN, "bulletins": len(EVENTS)} in data["learned_chrome"]
    record = next(b for b in data["bulletins"] if b["id"] == "ba-dinh-00")
    title = record["evidence"]["title"]["chosen"]
    assert (title["value"], title["line"]) == (titles[0], 5)
    # The headline is learned too (other bulletins list it under "Đừng bỏ lỡ"): it says so, and
    # still wins, as the slogan before it is passed over.
    assert "dòng lặp lại ở nhiều bài khác của kho (khung trang)" in title["reasons"]
    published = record["evidence"]["published"]["chosen"]
    assert (published["value"], published["line"]) == ("2024-06-10T08:30:00+07:00", 3)
    assert record["evidence"]["locality"]["chosen"]["value"] == "phường Phúc Xá"
    assert {"line": 4, "text": SLOGAN} in record["evidence"]["learned_chrome"]
    page = (out / "bao-cao/index.html").read_text(encoding="utf-8")
    assert "Khung trang học được từ kho" in page and f"{SLOGAN} <span class=\"muted\">(6)</span>" in page
    assert "Vì sao có các giá trị này" in page  # shown for the bulletin to check
    # each bulletin's rows (render._Why, made as the page is written): the value, where, reasons
    whys = [part.split("</details>")[0] for part in page.split('<details class="why">')[1:]]
    assert any("phường Phúc Xá" in why and "dòng lặp lại ở nhiều bài khác của kho (khung trang)" in why
               for why in whys)
