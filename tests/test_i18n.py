"""Messages in Vietnamese and English (danvan_site.core.i18n): every key in both languages with
the same fields, the language chosen from --lang / DANVAN_LANG / the locale, numbers written the
way each language writes them, and real errors coming out in each language."""
from __future__ import annotations

import ast
import re
import shutil
import string
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT
from danvan_site.cli import main
from danvan_site.core import i18n
from danvan_site.core.config import load_settings
from danvan_site.core.errors import ConfigError, format_diagnostic
from danvan_site.core.models import Diagnostic

SRC = ROOT / "src" / "danvan_site"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(i18n.MESSAGES))
def test_every_key_has_both_languages_with_the_same_fields(key):
    entry = i18n.MESSAGES[key]
    assert set(entry) == set(i18n.LANGUAGES), key
    assert entry["vi"].strip() and entry["en"].strip(), key
    if key.startswith("msg."):  # a text made elsewhere: its Vietnamese may leave an English field out
        assert _fields(entry["vi"]) <= _fields(entry["en"]), key
    else:
        assert _fields(entry["vi"]) == _fields(entry["en"]), key


def test_vietnamese_is_vietnamese_and_english_is_not():
    """A cheap guard against a copy left untranslated: the Vietnamese texts of sentences use
    Vietnamese letters, and no English text does."""
    vietnamese = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýĐ]", re.I)
    for key, entry in i18n.MESSAGES.items():
        plain = re.sub(r"\{[^}]*\}", "", entry["vi"])
        if len(re.findall(r"[a-zA-Z]{3,}", plain)) >= 4:  # a sentence, not a code or a unit
            assert vietnamese.search(plain), f"{key}: {entry['vi']!r}"
        if key != "msg.hint_province":
            assert not vietnamese.search(re.sub(r"\{[^}]*\}|'[^']*'|\"[^\"]*\"|«[^»]*»", "", entry["en"])) or \
                key in ("cli.description",), f"{key}: {entry['en']!r}"


@pytest.mark.parametrize("environ, expected", [
    ({}, "vi"),  # nothing said: the users' language
    ({"LANG": "C.UTF-8"}, "vi"),
    ({"LANG": "POSIX"}, "vi"),
    ({"LANG": "vi_VN.UTF-8"}, "vi"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({"LANG": "vi_VN.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"),  # LC_ALL wins over LANG
    ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "vi_VN"}, "vi"),
    ({"LANGUAGE": "vi:en", "LANG": "en_US.UTF-8"}, "vi"),
    ({"LANG": "en_US.UTF-8", "DANVAN_LANG": "vi"}, "vi"),  # the program's own variable first
    ({"DANVAN_LANG": "EN"}, "en"),
    ({"DANVAN_LANG": "de", "LANG": "vi_VN"}, "vi"),  # not a language of ours: ignored
])
def test_the_language_comes_from_the_environment(environ, expected):
    assert i18n.detect(environ) == expected


def test_set_and_using():
    before = i18n._process_language
    try:
        i18n.set_language("en")
        assert i18n.t("label.error") == "error"
        with i18n.using("vi"):
            assert i18n.t("label.error") == "lỗi"
        assert i18n.language() == "en"
        with pytest.raises(ValueError):
            i18n.set_language("de")
    finally:
        i18n.set_language(before)


def test_numbers_sizes_durations_and_counts():
    assert i18n.number(1500, "vi") == "1.500" and i18n.number(1500, "en") == "1,500"
    assert i18n.decimal(1234.5, 1, "vi") == "1.234,5" and i18n.decimal(1234.5, 1, "en") == "1,234.5"
    assert i18n.size(512, "vi") == "512 B"
    assert i18n.size(12_998_000, "vi") == "12,4 MB" and i18n.size(12_998_000, "en") == "12.4 MB"
    assert i18n.seconds(1.26, "vi") == "1,3 giây" and i18n.seconds(1.26, "en") == "1.3 s"
    assert i18n.seconds(125, "vi") == "2 phút 5 giây" and i18n.seconds(125, "en") == "2 min 5 s"
    assert i18n.count(1, "unit.bulletins", "en") == "1 bulletin"
    assert i18n.count(1500, "unit.bulletins", "en") == "1,500 bulletins"
    assert i18n.count(1500, "unit.bulletins", "vi") == "1.500 bản tin"


def test_type_names_are_words():
    with i18n.using("vi"):
        assert i18n.type_name(3) == "một số nguyên"
        assert i18n.type_name("hai") == "chữ"
        assert i18n.type_name(True) == "đúng/sai (true hoặc false)"
    with i18n.using("en"):
        assert i18n.type_name(3) == "a whole number"
        assert i18n.type_name(None) == "empty"


def test_did_you_mean():
    assert i18n.suggest("colour", ["color", "title"]) == "color"
    assert i18n.suggest("page-size", ["page_size"]) == "page_size"
    assert i18n.suggest("zzz", ["title", "output"]) is None
    assert i18n.did_you_mean("--corpsu", ["--corpus", "--config"], lang="vi") == " Có phải ý bạn là '--corpus'?"


def _literals() -> list[str]:
    """Every string literal of the package (an f-string's fixed parts; implicit concatenations
    joined, as the compiler joins them)."""
    found = []
    for path in SRC.rglob("*.py"):
        if path.name == "i18n.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append(node.value)
    return found


def test_every_english_template_is_still_what_the_code_says():
    """``localize`` recognises other modules' English messages by the ``msg.*`` templates: each
    template's longest fixed text must still be in the source, else the message has changed and
    its entry is stale (update the "en" text of the key)."""
    literals = _literals()
    stale = []
    for key, entry in i18n.MESSAGES.items():
        if not key.startswith("msg."):
            continue
        pieces = [p.replace("{{", "{").replace("}}", "}") for p in re.split(r"\{\w+\}", entry["en"])]
        longest = max(pieces, key=len)
        if not any(longest in literal for literal in literals):
            stale.append(f"{key}: {longest!r}")
    assert not stale, "\n".join(stale)


@pytest.mark.parametrize("message, hint, vi", [
    ("the file is empty", "remove it or paste the bulletin's text into it",
     "rong.txt: tệp trống (xoá tệp này hoặc dán nội dung bản tin vào)"),
    ("sidecar key 'views': expected a whole number, got 'nhiều'", None,
     "rong.txt: khóa 'views' của tệp kèm: cần một số nguyên, nhưng đang là 'nhiều'"),
    ("something no template knows", None, "rong.txt: something no template knows"),
])
def test_diagnostics_are_shown_in_the_language(message, hint, vi):
    d = Diagnostic("rong.txt", message, hint=hint, level="error")
    assert format_diagnostic(d, "vi") == vi
    assert format_diagnostic(d, "en") == d.format()


def test_a_settings_error_in_each_language(tmp_path):
    (tmp_path / "site.yaml").write_text("title: Lưu trữ\npage_sise: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path / "site.yaml")
    shown = str(tmp_path / "site.yaml")
    assert info.value.message("vi") == f"{shown}:2: không có cài đặt 'page_sise'. Có phải ý bạn là 'page_size'?"
    assert info.value.message("en") == f"{shown}:2: unknown setting 'page_sise'. Did you mean 'page_size'?"


@pytest.mark.parametrize("lang, expected", [
    ("vi", ["lỗi: không có tùy chọn '--corpsu'. Có phải ý bạn là '--corpus'?",
            "Xem các lệnh và tùy chọn: {prog} --help"]),
    ("en", ["error: unknown option '--corpsu'. Did you mean '--corpus'?",
            "See the commands and options: {prog} --help"]),
])
def test_a_command_line_error_in_each_language(capsys, lang, expected):
    assert main(["--lang", lang, "--corpsu", "corpus"]) == 2
    err = capsys.readouterr().err.splitlines()
    prog = "python build.py" if Path(__import__("sys").argv[0]).name == "build.py" else "danvan-site"
    assert err == [line.format(prog=prog) for line in expected]


@pytest.mark.parametrize("lang, says", [
    ("vi", ["lỗi: rong.txt: tệp trống (xoá tệp này hoặc dán nội dung bản tin vào)",
            "Có 1 tệp bị loại vì không đọc được"]),
    ("en", ["error: rong.txt: the file is empty (remove it or paste the bulletin's text into it)",
            "Rejected as unreadable: 1 file (see the errors above)"]),
])
def test_a_rejected_file_in_each_language(tmp_path, monkeypatch, capsys, lang, says):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "000_889518c93afc39ce.txt", corpus)
    (corpus / "rong.txt").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", lang, "--no-search", "--no-cache", "--no-progress"]) == 3
    err = capsys.readouterr().err
    for text in says:
        assert text in err, err
