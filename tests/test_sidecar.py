"""Sidecar overrides: ``corpus/<name>.yaml`` beside ``corpus/<name>.txt`` sets or corrects fields.

A valid sidecar changes exactly the fields it names; a bad one is a ParseError naming the file,
the key and the line, leaves the record as extracted, and in a build is reported without
stopping the other bulletins (or stops everything under --strict)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT
from danvan_site.core.config import load_settings
from danvan_site.core.errors import ParseError
from danvan_site.extract import extract
from danvan_site.readers.text import read_source
from danvan_site.core.models import Author, MeetingType, Period, Person
from danvan_site.build.pipeline import build
from danvan_site.extract.sidecar import apply_sidecar, sidecar_path

S000 = "000_889518c93afc39ce"
S001 = "001_fbc40ca82c7a5395"
REL = f"{S001}.yaml"
VN = timezone(timedelta(hours=7))


def _article(ident: str = S001):
    return extract(read_source(CORPUS / f"{ident}.txt", CORPUS))


def _apply(tmp_path: Path, text: str, ident: str = S001):
    art = _article(ident)
    path = tmp_path / f"{ident}.yaml"
    path.write_text(text, encoding="utf-8")
    keys = apply_sidecar(art, path, f"{ident}.yaml")
    return art, keys


def test_sidecar_path_sits_beside_the_bulletin():
    assert sidecar_path(CORPUS / f"{S001}.txt") == CORPUS / f"{S001}.yaml"


def test_seed_001_as_extracted():
    """The starting point the overrides below change (seed 001 does not name its huyện)."""
    art = _article()
    assert (art.locality.level, art.locality.name, art.locality.province) == ("huyện", None, None)
    assert art.views == 68
    assert art.meeting_type == MeetingType("tong-ket", "tổng kết")
    assert art.published == date(2020, 10, 14)
    assert art.overridden == []


def test_a_valid_sidecar_sets_every_field_it_names(tmp_path):
    art, keys = _apply(tmp_path, """\
locality:
  name: Châu Thành
  province: Tiền Giang
period: 6 tháng cuối năm 2020
author:
  name: Mỹ Nhiên
  role: Phóng viên
meeting_type: so-ket
views: 70
people:
  - Trần Văn Thắng
  - name: Nguyễn Văn An
    roles: [Bí thư Huyện ủy, Trưởng Ban Dân vận]
published: 2020-10-15
""")
    assert keys == ["locality", "period", "author", "meeting_type", "views", "people", "published"]
    assert art.overridden == keys
    assert art.locality.level == "huyện"  # not named in the sidecar: kept as extracted
    assert art.locality.name == "Châu Thành"
    assert art.locality.province == "Tiền Giang"
    assert art.period == Period("6 tháng cuối năm 2020", date(2020, 7, 1), date(2020, 12, 31))
    assert art.author == Author("Mỹ Nhiên", "Phóng viên")
    assert art.meeting_type == MeetingType("so-ket", "sơ kết")
    assert art.views == 70
    assert art.people == [Person("Trần Văn Thắng", []), Person("Nguyễn Văn An", ["Bí thư Huyện ủy", "Trưởng Ban Dân vận"])]
    assert art.published == date(2020, 10, 15)
    # fields the sidecar does not name are untouched
    assert art.event_date == date(2020, 10, 8)
    assert art.title.startswith("Tổng kết phong trào thi đua")
    j = art.to_json()
    assert j["locality"]["name"] == "Châu Thành" and j["published"] == "2020-10-15"


def test_other_spellings_of_the_same_fields(tmp_path):
    art, keys = _apply(tmp_path, """\
locality: {level: Thị xã, name: Quảng Yên, province: Quảng Ninh}
period: {label: cả năm 2020, start: 2020-01-01, end: 2020-12-31}
author: Ban Dân vận Huyện ủy
meeting_type: Làm việc
published: 2020-10-14T08:30
""")
    assert keys == ["locality", "period", "author", "meeting_type", "published"]
    assert (art.locality.level, art.locality.name, art.locality.province) == ("thị xã", "Quảng Yên", "Quảng Ninh")
    assert art.period == Period("cả năm 2020", date(2020, 1, 1), date(2020, 12, 31))
    assert art.author == Author("Ban Dân vận Huyện ủy", None)
    assert art.meeting_type == MeetingType("lam-viec", "làm việc")
    assert art.published == datetime(2020, 10, 14, 8, 30, tzinfo=VN)
    assert art.to_json()["published"] == "2020-10-14T08:30:00+07:00"


def test_changing_the_place_drops_what_was_resolved_for_the_old_one(tmp_path):
    before = _article(S000)
    assert (before.locality.district, before.locality.code) == ("quận Long Biên", "00130")
    art, _ = _apply(tmp_path, "locality: {name: Dịch Vọng}\n", S000)
    assert (art.locality.level, art.locality.name, art.locality.province) == ("phường", "Dịch Vọng", "Hà Nội")
    assert art.locality.district is None and art.locality.code is None
    art, _ = _apply(tmp_path, "locality: {name: Dịch Vọng, district: quận Cầu Giấy, code: '00166'}\n", S000)
    assert (art.locality.district, art.locality.district_name, art.locality.code) == ("quận Cầu Giấy", "Cầu Giấy", "00166")
    art, _ = _apply(tmp_path, "locality: {name: Gia Thụy}\n", S000)  # the same unit: nothing dropped
    assert (art.locality.district, art.locality.code) == ("quận Long Biên", "00130")


def test_an_empty_sidecar_changes_nothing(tmp_path):
    art, keys = _apply(tmp_path, "# nothing to correct yet\n")
    assert keys == [] and art.overridden == []
    assert art.to_json() == _article().to_json()


BAD = [
    # (sidecar text, words the message must hold, line)
    ("title: Tiêu đề mới\nauthorr: Mỹ Nhiên\n", ["unknown sidecar key 'authorr'"], 2),
    ("title: Tiêu đề mới\nviews: abc\n", ["sidecar key 'views'", "expected a whole number", "'abc'"], 2),
    ("views: -3\n", ["sidecar key 'views'", "expected a whole number"], 1),
    ("views: true\n", ["sidecar key 'views'", "expected a whole number"], 1),
    ("title: Mới\nlocality:\n  level: ấp\n  name: Hòa Bình\n", ["sidecar key 'locality.level'", "'ấp' is not a level"], 2),
    ("locality:\n  ward: Hòa Bình\n", ["sidecar key 'locality.ward'", "unknown key"], 1),
    ("locality: Hòa Bình\n", ["sidecar key 'locality'", "expected a mapping"], 1),
    ("meeting_type: họp mặt\n", ["sidecar key 'meeting_type'", "'họp mặt' is not in the vocabulary", "so-ket"], 1),
    ("period: {label: năm 2020, start: 2020-01-01}\n", ["sidecar key 'period'", "start and end are both needed"], 1),
    ("period: {label: năm 2020, start: 2020-12-31, end: 2020-01-01}\n", ["sidecar key 'period'", "start not after end"], 1),
    ("period: lúc nào đó\n", ["sidecar key 'period'", "cannot read a period"], 1),
    ("author: [Mỹ Nhiên]\n", ["sidecar key 'author'", "expected text or a mapping"], 1),
    ("people: Trần Văn Thắng\n", ["sidecar key 'people'", "expected a list"], 1),
    ("people:\n  - name: Trần Văn Thắng\n    role: Bí thư\n", ["sidecar key 'people[0].role'", "unknown key"], 1),
    ("published: 14/10/2020\n", ["sidecar key 'published'", "YYYY-MM-DD"], 1),
    ("event_date: hôm qua\n", ["sidecar key 'event_date'", "YYYY-MM-DD"], 1),
    ("time_of_day: đêm\n", ["sidecar key 'time_of_day'", "sáng, trưa, chiều, tối"], 1),
    ("title: ''\n", ["sidecar key 'title'", "expected text"], 1),
    ("title: Mới\nviews: [1,\n", ["the sidecar is not valid YAML"], 3),
    ("title: Mới\n  views: 3\n", ["the sidecar is not valid YAML"], 2),
    ("- title\n- views\n", ["the sidecar must be a mapping"], 1),
]


@pytest.mark.parametrize("text,words,line", BAD, ids=[b[1][0][:40] for b in BAD])
def test_a_bad_sidecar_is_a_parse_error_naming_file_key_and_line(tmp_path, text, words, line):
    art = _article()
    before = art.to_json()
    path = tmp_path / REL
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        apply_sidecar(art, path, REL)
    message = str(info.value)
    assert message.startswith(f"{REL}:{line}: "), message
    for word in words:
        assert word in message, message
    diag = info.value.diagnostic
    assert (diag.file, diag.line, diag.level) == (REL, line, "error")
    # the record is exactly as extracted: a valid key before the bad one is not applied either
    assert art.to_json() == before
    assert art.overridden == []


def test_a_yaml_tag_that_builds_an_object_is_refused_and_never_run(tmp_path):
    proof = tmp_path / "ran"
    art = _article()
    before = art.to_json()
    path = tmp_path / REL
    path.write_text(f'title: Mới\nviews: !!python/object/apply:os.system ["touch {proof}"]\n', encoding="utf-8")
    with pytest.raises(ParseError) as info:
        apply_sidecar(art, path, REL)
    assert str(info.value) == (
        f"{REL}:2: sidecar key 'views': the YAML tag '!!python/object/apply:os.system' is not allowed "
        "(write plain values: text, numbers, dates, lists and mappings)"
    )
    assert not proof.exists()
    assert art.to_json() == before


def test_a_sidecar_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / REL
    path.write_bytes(b"views: 70\ntitle: Ti\xeau \xf0\xea\n")  # Latin-1 bytes, not UTF-8
    with pytest.raises(ParseError) as info:
        apply_sidecar(_article(), path, REL)
    assert str(info.value).startswith(f"{REL}: the sidecar is not UTF-8 text")


# --- in a build --------------------------------------------------------------------------------


def _corpus(tmp_path: Path, sidecars: dict[str, str]) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    for name, text in sidecars.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus


def _settings(corpus: Path, out: Path):
    return load_settings(ROOT / "site.yaml", {"corpus": str(corpus), "output": str(out)})


def _export(out: Path) -> dict[str, dict]:
    data = json.loads((out / "api" / "articles.json").read_text(encoding="utf-8"))
    return {a["id"]: a for a in data["articles"]}


def test_a_good_sidecar_in_a_build_moves_the_bulletin_to_its_place(tmp_path):
    corpus = _corpus(tmp_path, {REL: "locality:\n  name: Châu Thành\n  province: Tiền Giang\n"})
    out = tmp_path / "site"
    result = build(_settings(corpus, out))
    assert result.written and len(result.diagnostics) == 0
    record = _export(out)[S001]
    assert record["locality"] == {"level": "huyện", "name": "Châu Thành", "province": "Tiền Giang",
                                  "district": None, "code": None, "successor": None}
    page = out / "dia-phuong" / "tien-giang" / "huyen-chau-thanh" / "index.html"
    assert record["url"] in page.read_text(encoding="utf-8")
    assert record["url"] not in (out / "dia-phuong" / "chua-xac-dinh" / "index.html").read_text(encoding="utf-8")


def test_a_bad_sidecar_in_a_build_is_reported_and_every_bulletin_is_written(tmp_path):
    corpus = _corpus(tmp_path, {REL: "title: Tiêu đề mới\nviews: abc\n"})
    out = tmp_path / "site"
    result = build(_settings(corpus, out))
    assert result.written is True
    errors = [d.format() for d in result.diagnostics.errors]
    assert errors == [f"{REL}:2: sidecar key 'views': expected a whole number, got 'abc'"]
    assert result.diagnostics.per_file() == {REL: 1}
    records = _export(out)
    assert len(records) == 5
    assert records[S001]["views"] == 68  # as extracted: nothing of the bad sidecar applied
    assert records[S001]["title"].startswith("Tổng kết phong trào")
    for record in records.values():
        assert (out / record["url"] / "index.html").is_file()


def test_a_sidecar_without_a_bulletin_is_a_warning(tmp_path):
    corpus = _corpus(tmp_path, {"999_lost.yaml": "views: 3\n"})
    result = build(_settings(corpus, tmp_path / "site"))
    assert result.written is True
    assert [(d.file, d.level, d.message) for d in result.diagnostics] == [
        ("999_lost.yaml", "warning", "sidecar without a bulletin of the same name")]


def test_a_yml_sidecar_is_not_read_and_says_so(tmp_path):
    corpus = _corpus(tmp_path, {f"{S001}.yml": "views: 70\n"})
    out = tmp_path / "site"
    result = build(_settings(corpus, out))
    assert [d.format() for d in result.diagnostics] == [
        f"{S001}.yml: sidecar not read: sidecars end in .yaml (rename it to {S001}.yaml)"]
    assert _export(out)[S001]["views"] == 68


def test_strict_writes_nothing(tmp_path):
    corpus = _corpus(tmp_path, {REL: "views: abc\n"})
    out = tmp_path / "site"
    settings = _settings(corpus, out)
    settings.strict = True
    result = build(settings)
    assert result.written is False
    assert result.pages == 0 and result.files == 0
    assert [d.file for d in result.diagnostics] == [REL]
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]


def test_strict_on_the_command_line_exits_1_and_writes_nothing(tmp_path):
    corpus = _corpus(tmp_path, {REL: "views: abc\n"})
    out = tmp_path / "site"
    run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--strict", "--corpus", str(corpus), "--output", str(out)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert run.returncode == 1, run.stderr
    assert f"error: {REL}:1: sidecar key 'views': expected a whole number, got 'abc'" in run.stderr
    assert "Strict mode" in run.stderr
    assert run.stdout.startswith("Checked, nothing written (--strict): 5 bulletins.\n")
    assert f"  Warnings: 0, errors: 1, in 1 file: {REL} (1)." in run.stdout.splitlines()
    assert not out.exists()
    # without --strict the same corpus builds (exit 0) and reports the error
    run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--corpus", str(corpus), "--output", str(out)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert f"error: {REL}:1: sidecar key 'views'" in run.stderr
    assert len(_export(out)) == 5
