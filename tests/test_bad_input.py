"""A corpus of bad inputs: each gets a clear message naming the file, the build goes on with the
rest, and every input is accounted for (built or rejected with a reason)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from danvan_site.config import load_settings
from danvan_site.pipeline import build

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
