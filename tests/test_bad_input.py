"""A corpus of bad inputs: each gets a clear message naming the file, the build goes on with the
rest, and every input is accounted for (built or rejected with a reason)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from danvan_site.core.config import load_settings
from danvan_site.build.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
GOOD = "Đảng ủy phường Gia Thụy tổ chức hội nghị sơ kết\n12/07/2021 10:00\n\nSáng ngày 10/7, Đảng ủy phường Gia Thụy tổ chức hội nghị sơ kết.\n"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    base = tmp_path_factory.mktemp("bad")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blank.txt").write_bytes(b"  \n\t\n")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (corpus / "doc.txt").write_bytes(b"%PDF-1.4\n")
    (corpus / "arch.txt").write_bytes(b"PK\x03\x04\x00")
    (corpus / "utf16.txt").write_bytes(GOOD.encode("utf-16"))
    (corpus / "cp1258.txt").write_bytes("Hội nghị\n12/07/2021\n\nSáng ngày 10/7, Đảng ủy tổ chức hội nghị.\n".encode("cp1258", "replace"))
    (corpus / "mixed.txt").write_bytes(GOOD.replace("\n", "\r\n", 2).encode())
    (corpus / "Tên có dấu và khoảng trắng.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "UPPER.TXT").write_text(GOOD, encoding="utf-8")
    (corpus / ".hidden.txt").write_text(GOOD, encoding="utf-8")
    outside = base / "secret.txt"
    outside.write_text("not part of the corpus", encoding="utf-8")
    (corpus / "link.txt").symlink_to(outside)
    (corpus / "mixed.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    (corpus / "utf16.yaml").write_text('!!python/object/apply:os.system ["echo pwned"]\n', encoding="utf-8")
    settings = load_settings(ROOT / "site.yaml", {"corpus": str(corpus), "output": str(base / "site")})
    return build(settings), base / "site"


def _messages(res) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for d in res.diagnostics:
        out.setdefault(d.file, []).append(d.message)
    return out


def test_every_input_is_accounted_for(result):
    res, site = result
    c = res.collected
    assert c.files == 12  # every *.txt, .TXT and the link included
    assert len(c.articles) + len(c.rejected) == c.files
    assert sorted(r.file for r in c.rejected) == ["arch.txt", "blank.txt", "doc.txt", "empty.txt", "image.txt", "link.txt"]
    assert sorted(a.source_file for a in c.articles) == sorted(
        [".hidden.txt", "UPPER.TXT", "Tên có dấu và khoảng trắng.txt", "cp1258.txt", "mixed.txt", "utf16.txt"])
    report = json.loads((site / "api" / "report.json").read_text(encoding="utf-8"))
    # Five of the six readable files hold the same bulletin (saved under other names and
    # encodings): one page for them, four records merged as duplicates.
    n = report["counts"]
    assert (n["files"], n["built"], n["merged_duplicates"], n["rejected"]) == (12, 2, 4, 6)
    assert n["built"] + n["merged_duplicates"] + n["rejected"] == n["files"]
    # The primary is the first by file name among equally complete records.
    assert {d["file"]: d["duplicate_of_file"] for d in report["duplicates"]} == {
        name: ".hidden.txt" for name in ["Tên có dấu và khoảng trắng.txt", "UPPER.TXT", "mixed.txt", "utf16.txt"]}


def test_clear_messages_naming_the_file(result):
    res, _ = result
    msgs = _messages(res)
    assert msgs["empty.txt"] == ["the file is empty"]
    assert msgs["blank.txt"] == ["the file is empty"]
    assert msgs["image.txt"] == ["this is a PNG image, not a text bulletin"]
    assert msgs["doc.txt"] == ["this is a PDF document, not a text bulletin"]
    assert msgs["arch.txt"] == ["this is a ZIP archive (or an Office document), not a text bulletin"]
    assert msgs["link.txt"] == ["the file is a link to a file outside the corpus folder; it is not read"]
    assert msgs["cp1258.txt"][0].startswith("not valid UTF-8") and "read as cp1258" in msgs["cp1258.txt"][0]
    assert any("not valid YAML" in m for m in msgs["mixed.yaml"])
    assert any("!!python/object/apply:os.system" in m for m in msgs["utf16.yaml"])


def test_the_rest_is_built_and_read_right(result):
    res, site = result
    arts = {a.source_file: a for a in res.collected.articles}
    for name in ("utf16.txt", "mixed.txt", "Tên có dấu và khoảng trắng.txt", "UPPER.TXT", ".hidden.txt"):
        a = arts[name]
        assert a.title == "Đảng ủy phường Gia Thụy tổ chức hội nghị sơ kết", name
        assert (a.locality.level, a.locality.name, a.locality.province) == ("phường", "Gia Thụy", "Hà Nội")
        assert a.body == ["Sáng ngày 10/7, Đảng ủy phường Gia Thụy tổ chức hội nghị sơ kết."]
        assert (site / a.url / "index.html").is_file()
        assert (site / a.raw_url).read_bytes() == (site.parent / "corpus" / name).read_bytes()
    assert "not part of the corpus" not in "".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.txt"))


# --- more bad inputs: each in one corpus together, then each alone with and without --strict -------

import shutil  # noqa: E402
from html.parser import HTMLParser  # noqa: E402

from danvan_site.readers import text as load_module  # noqa: E402
from danvan_site.cli import main  # noqa: E402
from danvan_site.core.errors import ParseError  # noqa: E402
from danvan_site.readers.text import read_source  # noqa: E402

FORMATS = ROOT / "tests" / "data" / "formats"
SEED = ROOT / "corpus" / "000_889518c93afc39ce.txt"  # a clean bulletin: no warning of its own

HOSTILE_TITLE = "Hội nghị </script><script>alert(1)</script> tại phường Gia Thụy"
HTML_TEXT = (
    f"{HOSTILE_TITLE}\n12/07/2021 10:00\n\n"
    "Sáng ngày 10/7, Đảng ủy phường Gia Thụy <script>alert(2)</script> tổ chức hội nghị <img src=x onerror=alert(3)>.\n\n"
    'Xem thêm tại javascript:alert(4) và <a href="javascript:alert(5)">đây</a>.\n'
)
W1252_TEXT = "Café “Saigon” résumé – naïve façade\n12/07/2021 08:30\n\nThe committee met at the café on 10/7 to review the façade.\n"
# Neither a title nor a date: two lower-case paragraphs.
NO_TITLE_TEXT = ("trong tháng qua, các chi hội đã vận động hội viên tham gia làm đường giao thông nông thôn.\n\n"
                 "nhiều hộ gia đình đã hiến đất, góp ngày công để hoàn thành các tuyến đường.\n")


def _long_line() -> str:
    words = "các đoàn thể vận động nhân dân tham gia xây dựng nông thôn mới tại địa phương trong năm qua".split()
    line = " ".join(words[(i * 7) % len(words)] for i in range(50_000))[:199_990] + " kết thúc."
    assert len(line) == 200_000
    return line


def _sidecar(name: str, yaml_text: str):
    def write(corpus: Path) -> None:
        shutil.copy(FORMATS / f"{name}.txt", corpus / f"{name}.txt")
        (corpus / f"{name}.yaml").write_text(yaml_text, encoding="utf-8")
    return write


def _text(name: str, text: str, encoding: str = "utf-8"):
    def write(corpus: Path) -> None:
        (corpus / name).write_bytes(text.encode(encoding))
    return write


def _huge(corpus: Path) -> None:
    with open(corpus / "huge.txt", "wb") as handle:
        handle.truncate(50 * 2**20)  # 50 MB of zero bytes, sparse: made at once


# case -> (writes its files, the .txt files it gives, what is said about them as (file, line, level,
# message), whether the bulletin is built or rejected)
CASES = {
    "windows-1252": (_text("w1252.txt", W1252_TEXT, "cp1252"), ["w1252.txt"],
                     [("w1252.txt", None, "warning", "not valid UTF-8 (byte 3); read as cp1258")], "built"),
    "50 MB": (_huge, ["huge.txt"],
              [("huge.txt", None, "error", "the file is 50.0 MB, far larger than a bulletin (limit 5 MB)")], "rejected"),
    "no title or date": (_text("khong-ro.txt", NO_TITLE_TEXT), ["khong-ro.txt"],
                         [("khong-ro.txt", None, "warning", "no publication date found"),
                          ("khong-ro.txt", None, "warning", "no body text found")], "built"),
    "html and script": (_text("html.txt", HTML_TEXT), ["html.txt"],
                        [("html.txt", 1, "warning",
                          "the text holds HTML markup (<script>, <img>, javascript:, <a>); it is kept as text and never run")],
                        "built"),
    "200,000-character line": (_text("dong-dai.txt", "Hội Nông dân xã Tân Lộc huyện Tam Bình tỉnh Vĩnh Long vận động "
                                     "hội viên xây dựng nông thôn mới\n14/03/2023 09:15\n\n" + _long_line() + "\n"),
                               ["dong-dai.txt"], [], "built"),
    "UTF-16 with an odd number of bytes": (
        lambda c: (c / "utf16-le.txt").write_bytes(
            "Hội Nông dân phường Gia Thụy tập huấn kỹ thuật\n03/03/2023\n\nSáng ngày 03/3, Hội Nông dân phường Gia Thụy "
            "tập huấn kỹ thuật trồng rau sạch cho 120 hội viên.\n".encode("utf-16") + b"\x41"),
        ["utf16-le.txt"], [("utf16-le.txt", None, "warning", "some bytes are not valid UTF-16 and were replaced")], "built"),
    "UTF-32": (_text("utf32.txt", "Đoàn Thanh niên phường ra quân làm sạch kênh rạch\n12/05/2023\n\nNgày 12/5, Đoàn Thanh "
                     "niên phường ra quân làm sạch kênh rạch, thu gom hai tấn rác thải.\n", "utf-32"),
               ["utf32.txt"], [], "built"),
    "control characters": (_text("dieu-khien.txt", "Hội Liên hiệp Phụ nữ xã trao bò giống\n08/08/2023\n\nSáng ngày 08/8, "
                                 "Hội Liên hiệp Phụ nữ xã\x07 trao mười con bò\x1b giống\x0c cho hộ nghèo.\n"),
                           ["dieu-khien.txt"],
                           [("dieu-khien.txt", 4, "warning", "3 control characters (such as U+0007) removed from the text")],
                           "built"),
    "NUL bytes after the first 4 KB": (_text("nul.txt", "Tiêu đề\n\n" + "chữ " * 2000 + "\x00 hết\n"), ["nul.txt"],
                                       [("nul.txt", None, "error", "the file holds binary data (NUL bytes), not text")],
                                       "rejected"),
    "sidecar: unknown key": (_sidecar("f01_glued-date-sapo", "title: Giao ban\ntac_gia: Lan\n"), ["f01_glued-date-sapo.txt"],
                             [("f01_glued-date-sapo.yaml", 2, "error", "unknown sidecar key 'tac_gia'")], "built"),
    "sidecar: not a whole number": (_sidecar("f02_bom-crlf-caps", "title: Tổng kết\nviews: nhiều\n"), ["f02_bom-crlf-caps.txt"],
                                    [("f02_bom-crlf-caps.yaml", 2, "error",
                                      "sidecar key 'views': expected a whole number, got 'nhiều'")], "built"),
    "sidecar: a list for a text": (_sidecar("f03_nfd-dialogue", "title: Cà phê sáng\nlocality:\n  name: [1, 2]\n"),
                                   ["f03_nfd-dialogue.txt"],
                                   [("f03_nfd-dialogue.yaml", 2, "error",
                                     "sidecar key 'locality.name': expected text, got list ([1, 2])")], "built"),
    "sidecar: a number for a list": (_sidecar("f04_2025-mojibake", "title: Triển khai\npeople: 5\n"), ["f04_2025-mojibake.txt"],
                                     [("f04_2025-mojibake.yaml", 2, "error", "sidecar key 'people': expected a list, got int")],
                                     "built"),
    "sidecar: malformed YAML": (_sidecar("f05_thematic-title", "title: 'Dân vận\n  khéo: [\n"), ["f05_thematic-title.txt"],
                                [("f05_thematic-title.yaml", 3, "error",
                                  "the sidecar is not valid YAML: found unexpected end of stream")], "built"),
    "sidecar: !!python/name": (_sidecar("f06_contest-profile", "event_date: !!python/name:os.system\n"),
                               ["f06_contest-profile.txt"],
                               [("f06_contest-profile.yaml", 1, "error",
                                 "sidecar key 'event_date': the YAML tag '!!python/name:os.system' is not allowed")], "built"),
    "sidecar: !!python/object/new": (_sidecar("f07_province-co-organised",
                                              "title: Hội nghị\nauthor: !!python/object/new:os.system [echo pwned]\n"),
                                     ["f07_province-co-organised.txt"],
                                     [("f07_province-co-organised.yaml", 2, "error",
                                       "sidecar key 'author': the YAML tag '!!python/object/new:os.system' is not allowed")],
                                     "built"),
    "sidecar: a list, not a mapping": (_sidecar("f08_caps-general-lead", "- title\n- views\n"), ["f08_caps-general-lead.txt"],
                                       [("f08_caps-general-lead.yaml", 1, "error", "the sidecar must be a mapping of field: value")],
                                       "built"),
}


def _said(diagnostics, files) -> set[tuple]:
    stems = {f.rsplit(".", 1)[0] for f in files}
    return {(d.file, d.line, d.level, d.message) for d in diagnostics if d.file.rsplit(".", 1)[0] in stems}


@pytest.fixture(scope="module")
def together(tmp_path_factory):
    """Every case in one corpus, built once."""
    base = tmp_path_factory.mktemp("bad-together")
    corpus = base / "corpus"
    corpus.mkdir()
    for write, _, _, _ in CASES.values():
        write(corpus)
    settings = load_settings(ROOT / "site.yaml", {"corpus": str(corpus), "output": str(base / "site"), "search": False})
    return build(settings), base / "site", corpus


def test_more_bad_inputs_all_accounted_for(together):
    res, site, corpus = together
    given = sorted(f for _, files, _, _ in CASES.values() for f in files)
    c = res.collected
    assert c.files == len(given) == 17
    assert sorted(r.file for r in c.rejected) == sorted(f for _, files, _, fate in CASES.values() if fate == "rejected" for f in files)
    assert sorted(a.source_file for a in c.articles) == sorted(f for _, files, _, fate in CASES.values() if fate == "built" for f in files)
    report = json.loads((site / "api" / "report.json").read_text(encoding="utf-8"))
    # Seventeen different bulletins: none is merged as a duplicate, so built + rejected = given.
    assert (report["counts"]["bulletins"], report["counts"]["rejected"]) == (15, 2)
    assert report["counts"]["bulletins"] + report["counts"]["rejected"] == len(given)
    assert report["rejected"] == [{"file": "huge.txt", "reason": "the file is 50.0 MB, far larger than a bulletin (limit 5 MB)"},
                                  {"file": "nul.txt", "reason": "the file holds binary data (NUL bytes), not text"}]


@pytest.mark.parametrize("case", list(CASES))
def test_more_bad_inputs_messages_name_the_file_and_line(together, case):
    res, _, _ = together
    _, files, said, _ = CASES[case]
    assert _said(res.diagnostics, files) == set(said)


def test_a_bulletin_whose_sidecar_is_wrong_is_built_as_extracted(together):
    res, _, corpus = together
    arts = {a.source_file: a for a in res.collected.articles}
    from danvan_site.extract import extract
    for name in [f for case, (_, files, _, _) in CASES.items() if case.startswith("sidecar") for f in files]:
        alone = extract(read_source(FORMATS / name, FORMATS))
        assert arts[name].overridden == [], name
        assert (arts[name].title, arts[name].published, arts[name].event_date) == (alone.title, alone.published, alone.event_date)


def test_windows_1252_no_title_and_long_line_are_read(together):
    res, site, _ = together
    arts = {a.source_file: a for a in res.collected.articles}
    w = arts["w1252.txt"]
    assert (w.title, w.body, w.published.isoformat()) == (
        "Café “Saigon” résumé – naïve façade", ["The committee met at the café on 10/7 to review the façade."],
        "2021-07-12T08:30:00+07:00")
    # No title and no date: what the code does today is to take the second paragraph as the title
    # and the first as the portal's section line, leaving no body; it says so and the report lists
    # every field it could not find.
    n = arts["khong-ro.txt"]
    assert (n.title, n.section, n.body, n.published, n.event_date) == (
        "nhiều hộ gia đình đã hiến đất, góp ngày công để hoàn thành các tuyến đường.",
        "Trong tháng qua, các chi hội đã vận động hội viên tham gia làm đường giao thông nông thôn.", [], None, None)
    report = json.loads((site / "api" / "report.json").read_text(encoding="utf-8"))
    entry = next(b for b in report["bulletins"] if b["source_file"] == "khong-ro.txt")
    assert entry["missing"] == ["published", "locality.level", "locality.name", "locality.province", "author", "people"]
    assert [w["message"] for w in entry["warnings"]] == ["no publication date found", "no body text found"]
    assert arts["dieu-khien.txt"].body == ["Sáng ngày 08/8, Hội Liên hiệp Phụ nữ xã trao mười con bò giống cho hộ nghèo."]
    assert arts["utf32.txt"].title == "Đoàn Thanh niên phường ra quân làm sạch kênh rạch"
    # The odd byte at the end is a U+FFFD on a line of its own, which is not body text.
    assert arts["utf16-le.txt"].body == ["Sáng ngày 03/3, Hội Nông dân phường Gia Thụy tập huấn kỹ thuật trồng rau sạch cho 120 hội viên."]
    long = arts["dong-dai.txt"]
    assert long.title == "Hội Nông dân xã Tân Lộc huyện Tam Bình tỉnh Vĩnh Long vận động hội viên xây dựng nông thôn mới"
    assert long.body == [_long_line()]
    assert (long.locality.level, long.locality.name, long.locality.province) == ("xã", "Tân Lộc", "Vĩnh Long")
    page = (site / long.url / "index.html").read_text(encoding="utf-8")
    assert _long_line() in page


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict, str]] = []
        self.handlers: list[tuple[str, str]] = []
        self._in: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [(tag, k) for k in attrs if k.startswith("on")]
        if tag == "script":
            self._in = attrs
            self.scripts.append((attrs, ""))

    def handle_data(self, data):
        if self._in is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = None


def test_html_in_the_text_is_shown_not_run(together):
    res, site, _ = together
    art = next(a for a in res.collected.articles if a.source_file == "html.txt")
    assert art.title == HOSTILE_TITLE
    page = (site / art.url / "index.html").read_text(encoding="utf-8")
    parser = _Scripts()
    parser.feed(page)
    assert parser.handlers == []
    assert [attrs for attrs, _ in parser.scripts] == [{"type": "application/ld+json"}]
    data = json.loads(parser.scripts[0][1])
    assert data["headline"] == HOSTILE_TITLE and "</" not in parser.scripts[0][1]
    assert "<h1>Hội nghị &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; tại phường Gia Thụy</h1>" in page
    assert "&lt;img src=x onerror=alert(3)&gt;" in page


def test_a_50_mb_file_is_rejected_without_being_read(tmp_path, monkeypatch):
    _huge(tmp_path)
    opened: list[str] = []
    real_open, real_read_bytes = Path.open, Path.read_bytes
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self.name) or real_open(self, *a, **k))
    monkeypatch.setattr(Path, "read_bytes", lambda self: opened.append(self.name) or real_read_bytes(self))
    with pytest.raises(ParseError) as info:
        read_source(tmp_path / "huge.txt", tmp_path)
    assert info.value.diagnostic.format() == (
        "huge.txt: the file is 50.0 MB, far larger than a bulletin (limit 5 MB) "
        "(check it is a single bulletin; split it into one file per bulletin)")
    assert opened == []


def test_a_file_that_grows_after_its_size_is_checked_is_read_no_further_than_the_limit(tmp_path, monkeypatch):
    (tmp_path / "grows.txt").write_bytes(b"x" * 101)
    monkeypatch.setattr(load_module, "MAX_BYTES", 100)
    real_stat = Path.stat

    def small_stat(self, *args, **kwargs):  # the size when it was checked: within the limit
        result = real_stat(self, *args, **kwargs)
        if self.name != "grows.txt":
            return result
        return os.stat_result((result.st_mode, result.st_ino, result.st_dev, result.st_nlink, result.st_uid,
                               result.st_gid, 50, result.st_atime, result.st_mtime, result.st_ctime))

    monkeypatch.setattr(Path, "stat", small_stat)
    with pytest.raises(ParseError) as info:
        read_source(tmp_path / "grows.txt", tmp_path)
    assert info.value.diagnostic.message == "the file is larger than a bulletin can be (limit 0 MB)"


@pytest.mark.parametrize("case", list(CASES))
def test_each_bad_input_alone_with_and_without_strict(tmp_path, monkeypatch, capsys, case):
    write, files, said, fate = CASES[case]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    write(corpus)
    monkeypatch.chdir(tmp_path)  # no site.yaml here: the defaults
    lines = {f"{level}: {file}{f':{line}' if line else ''}: {message}" for file, line, level, message in said}

    code = main(["--corpus", "corpus", "--output", "site", "--no-search", "--strict"])
    err = capsys.readouterr().err
    if said:  # warned: --strict writes nothing and fails
        assert code == 1
        assert not (tmp_path / "site").exists()
        assert err.endswith("Strict mode: warnings are errors; the site was not written. Fix them or drop --strict.\n")
        assert all(any(e.startswith(line) for e in err.splitlines()) for line in lines), err
    else:  # nothing to say: --strict builds
        assert (code, err) == (0, "")
        shutil.rmtree(tmp_path / "site")

    code = main(["--corpus", "corpus", "--output", "site", "--no-search"])
    err = capsys.readouterr().err
    assert code == (0 if fate == "built" else 3)  # 3: the site is written, but a file was rejected
    assert all(any(e.startswith(line) for e in err.splitlines()) for line in lines), err
    report = json.loads((tmp_path / "site" / "api" / "report.json").read_text(encoding="utf-8"))
    n = report["counts"]
    assert (n["bulletins"], n["rejected"]) == ((2, 0) if fate == "built" else (1, 1))
    assert n["bulletins"] + n["rejected"] == 1 + len(files)
    assert (tmp_path / "site" / "index.html").is_file()


@pytest.mark.parametrize("yaml_text, said", [
    ("title: Sơ kết\nevent_date: 2021-02-30\n",
     (2, "sidecar key 'event_date': a value that cannot be read (day is out of range for month)")),
    ("published: 0000-00-00\n", (1, "sidecar key 'published': a value that cannot be read (year 0 is out of range)")),
    ("people: " + "[" * 3000 + "]" * 3000 + "\n", (1, "lists or mappings nested too deeply")),
])
def test_a_sidecar_value_yaml_cannot_build_is_refused_not_a_crash(tmp_path, yaml_text, said):
    """Found by the property tests: YAML reads "2021-02-30" as a date and fails; that used to stop
    the whole build with a traceback."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    (corpus / SEED.name).with_suffix(".yaml").write_text(yaml_text, encoding="utf-8")
    res = build(load_settings(ROOT / "site.yaml", {"corpus": str(corpus), "output": str(tmp_path / "site"), "search": False}))
    assert [(d.file, d.line, d.level, d.message) for d in res.diagnostics] == [
        (SEED.with_suffix(".yaml").name, said[0], "error", said[1])]
    assert res.written and res.collected.articles[0].overridden == []


def test_two_bulletins_with_one_name_in_two_folders(tmp_path):
    """File names give the ids and addresses: the second file of a name is rejected with a
    reason naming both, and the rest is built."""
    corpus = tmp_path / "corpus"
    (corpus / "huyen").mkdir(parents=True)
    (corpus / "tin.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "huyen" / "tin.txt").write_text(GOOD.replace("Gia Thụy", "Bồ Đề") + "Thêm một đoạn.\n", encoding="utf-8")
    (corpus / "khac.txt").write_text(GOOD.replace("sơ kết", "tổng kết"), encoding="utf-8")
    settings = load_settings(ROOT / "site.yaml", {"corpus": str(corpus), "output": str(tmp_path / "site")})
    settings.cache = None
    res = build(settings)
    assert res.written
    # The first in the corpus's order (paths sorted) keeps the name.
    assert [(r.file, r.reason) for r in res.collected.rejected] == [
        ("tin.txt", "another bulletin has the same file name (huyen/tin.txt); this one is not built")]
    assert sorted(a.source_file for a in res.collected.articles) == ["huyen/tin.txt", "khac.txt"]
    report = json.loads((tmp_path / "site" / "api" / "report.json").read_text(encoding="utf-8"))
    n = report["counts"]
    assert (n["files"], n["built"], n["merged_duplicates"], n["rejected"]) == (3, 2, 0, 1)


def test_a_sidecar_error_is_reported_once(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tin.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "tin.yaml").write_text("views: many\n", encoding="utf-8")
    settings = load_settings(ROOT / "site.yaml", {"corpus": str(corpus), "output": str(tmp_path / "site")})
    settings.cache = None
    build(settings)
    report = json.loads((tmp_path / "site" / "api" / "report.json").read_text(encoding="utf-8"))
    [bulletin] = report["bulletins"]
    assert [w["message"] for w in bulletin["warnings"] if "views" in w["message"]] != []
    assert report["other"] == []
    assert report["counts"]["warnings"] == len(bulletin["warnings"])
