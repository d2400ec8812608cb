"""site.yaml -> Settings (danvan_site.core.config): mistakes named with file, line and what to do
("did you mean", type names in words, YAML errors on the line to fix), page kinds switched off,
environments, and the working folder (cache and spare copy) with its disk usage."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from danvan_site.core import i18n
from danvan_site.core.config import (KIND_NAMES, Settings, WORK_MARKER, disk_usage, load_settings, prepare_work_dir,
                                     working_items)
from danvan_site.core.errors import ConfigError


def settings_from(tmp_path: Path, text: str, **kwargs) -> Settings:
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    return load_settings(tmp_path / "site.yaml", **kwargs)


def error_of(tmp_path: Path, text: str, lang: str = "en", **kwargs) -> str:
    with pytest.raises(ConfigError) as info:
        settings_from(tmp_path, text, **kwargs)
    assert info.value.exit_code == 2
    return info.value.message(lang).replace(str(tmp_path / "site.yaml"), "site.yaml")


# --- mistakes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, en, vi", [
    ("title: Lưu trữ\ncolour: blue\n",
     "site.yaml:2: unknown setting 'colour'. Known settings: ",
     "site.yaml:2: không có cài đặt 'colour'. Các cài đặt có: "),
    ("title: Lưu trữ\npage_sise: 3\n",
     "site.yaml:2: unknown setting 'page_sise'. Did you mean 'page_size'?",
     "site.yaml:2: không có cài đặt 'page_sise'. Có phải ý bạn là 'page_size'?"),
    ("base-url: https://example.org\n",
     "site.yaml:1: unknown setting 'base-url'. Did you mean 'base_url'?",
     "site.yaml:1: không có cài đặt 'base-url'. Có phải ý bạn là 'base_url'?"),
    ("page_size: hai\n",
     "site.yaml:1: setting 'page_size' must be a whole number, got text ('hai'). For example: page_size: 20",
     "site.yaml:1: cài đặt 'page_size' phải là một số nguyên, nhưng đang là chữ ('hai'). Ví dụ: page_size: 20"),
    ("title: x\n\nstrict: 'yes'\n",
     "site.yaml:3: setting 'strict' must be true or false, got text ('yes'). For example: strict: false",
     "site.yaml:3: cài đặt 'strict' phải là đúng/sai (true hoặc false), nhưng đang là chữ ('yes'). Ví dụ: strict: false"),
    ("page_size: true\n",
     "site.yaml:1: setting 'page_size' must be a whole number, got true or false (True).",
     "site.yaml:1: cài đặt 'page_size' phải là một số nguyên, nhưng đang là đúng/sai"),
    ("page_size: 2\nlatest_count: 3\npage_size: 4\n",
     "site.yaml:3: the setting 'page_size' is written twice (lines 1 and 3). Delete one of them.",
     "site.yaml:3: cài đặt 'page_size' được viết hai lần (dòng 1 và dòng 3). Xoá một trong hai dòng."),
    ("page_size: 0\n", "site.yaml:1: 'page_size' must be at least 1 (got 0).",
     "site.yaml:1: 'page_size' phải từ 1 trở lên (đang là 0)."),
    ("title: x\nbase_url: example.org\n", "site.yaml:2: base_url must start with http:// or https:// (got 'example.org')",
     "site.yaml:2: địa chỉ trang (base_url) phải bắt đầu bằng http:// hoặc https://"),
    ("- title\n", "site.yaml: the settings file must be lines of 'key: value'",
     "site.yaml: tệp cài đặt phải là các dòng «khóa: giá trị»"),
])
def test_a_mistake_names_the_line_and_what_to_do(tmp_path, text, en, vi):
    assert error_of(tmp_path, text, "en").startswith(en)
    message = error_of(tmp_path, text, "vi")
    assert message.startswith(vi)
    for word in ("int", "str", "bool", "NoneType"):  # types are words, not Python's names
        assert f" {word} " not in message and f"({word})" not in message


@pytest.mark.parametrize("text, line, en", [
    # A bracket left open on line 2: PyYAML notices on line 3, the mistake is on line 2.
    ("title: Lưu trữ\ndescription: [Bản tin\npage_size: 3\n", 2, "a bracket opened on this line is not closed"),
    ("title: Lưu trữ\ndescription: [Bản tin\n", 2, "a bracket opened on this line is not closed"),
    ('title: "Lưu trữ\npage_size: 3\n', 1, "a quotation mark opened on this line is not closed"),
    ("title: Lưu trữ: tin dân vận\n", 1, "a colon (:) inside a value, or a wrong indentation"),
    ("title: x\n\tpage_size: 3\n", 2, "a Tab character"),
    ("title: x\n  page_size: 3\n", 2, "a colon (:) inside a value"),
])
def test_yaml_errors_point_at_the_line_to_fix(tmp_path, text, line, en):
    message = error_of(tmp_path, text, "en")
    assert message.startswith(f"site.yaml:{line}: the settings file cannot be read: {en}"), message
    assert error_of(tmp_path, text, "vi").startswith(f"site.yaml:{line}: không đọc được tệp cài đặt: ")


def test_options_name_themselves(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_settings(None, {"base_url": "example.org"})
    assert info.value.message("en").startswith("--base-url: base_url must start with http:// or https://")
    with pytest.raises(ConfigError) as info:
        load_settings(None, {"templates": str(tmp_path / "nowhere")})
    assert "folder not found" in info.value.message("en")


def test_a_missing_settings_file(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path / "site.yaml")
    assert "settings file not found" in info.value.message("en")
    assert "không tìm thấy tệp cài đặt" in info.value.message("vi")


def test_source_date_epoch_message(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "hôm qua")
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH") as info:
        load_settings(None)
    assert "SOURCE_DATE_EPOCH phải là số giây" in info.value.message("vi")


# --- page kinds switched off ------------------------------------------------------------------

def test_page_kinds_can_be_switched_off(tmp_path):
    s = settings_from(tmp_path, "disable_pages: [nguoi, bao-cao, feeds, Glossary]\n")
    assert s.disable_pages == ("bao-cao", "feed", "nguoi", "thuat-ngu")  # sorted: a stable key for the build
    assert not s.shows("bao-cao") and not s.shows("report") and not s.shows("feed")
    assert s.shows("thong-ke") and s.shows("to-chuc")
    assert settings_from(tmp_path, "title: x\n").disable_pages == ()
    assert set(KIND_NAMES) >= set(s.disable_pages)


def test_an_unknown_page_kind_gets_did_you_mean(tmp_path):
    message = error_of(tmp_path, "title: x\ndisable_pages: [bao-cao, nguoii]\n", "vi")
    assert message.startswith("site.yaml:2: không có loại trang 'nguoii' để ẩn. Có phải ý bạn là 'nguoi'? "
                              "Các loại trang ẩn được: bao-cao, nguoi, thuat-ngu, feed, thong-ke, to-chuc, ky-bao-cao.")
    assert error_of(tmp_path, "disable_pages: bao-cao\n").startswith(
        "site.yaml:1: setting 'disable_pages' must be a list of page kinds, got text ('bao-cao').")


# --- environments -----------------------------------------------------------------------------

ENVIRONMENTS = """\
base_url: ""
page_size: 20
environments:
  xem-thu:
    base_url: http://127.0.0.1:8000
  chinh-thuc:
    base_url: https://ubnd.example.gov.vn/luu-tru/
    output: public
"""


def test_environments_by_command_and_by_name(tmp_path):
    plain = settings_from(tmp_path, ENVIRONMENTS)
    assert (plain.environment, plain.base_url) == (None, "")
    build = settings_from(tmp_path, ENVIRONMENTS, command="build")
    assert (build.environment, build.base_url) == ("chinh-thuc", "https://ubnd.example.gov.vn/luu-tru")
    assert build.output == tmp_path / "public"  # relative to site.yaml, as at the top of the file
    serve = settings_from(tmp_path, ENVIRONMENTS, command="serve")
    assert (serve.environment, serve.base_url, serve.output) == ("xem-thu", "http://127.0.0.1:8000", Path("site"))
    chosen = settings_from(tmp_path, ENVIRONMENTS, environment="xem-thu", command="build")
    assert chosen.environment == "xem-thu"
    # The command line still wins over the environment.
    over = load_settings(tmp_path / "site.yaml", {"base_url": "https://other.example"}, command="build")
    assert over.base_url == "https://other.example"


def test_environment_mistakes(tmp_path):
    message = error_of(tmp_path, ENVIRONMENTS, "vi", environment="chinh-thu")
    assert message == ("--env chinh-thu: không có môi trường này trong site.yaml. Có phải ý bạn là 'chinh-thuc'? "
                       "Các môi trường có: xem-thu, chinh-thuc.")
    assert error_of(tmp_path, "title: x\n", environment="xem-thu").startswith(
        "--env xem-thu: the settings file site.yaml has no 'environments' section.")
    bad = "environments:\n  xem-thu:\n    base_urll: http://x\n"
    assert error_of(tmp_path, bad) == "site.yaml:3: unknown setting 'base_urll'. Did you mean 'base_url'?"
    nested = "environments:\n  xem-thu:\n    work_dir: .x\n"
    assert error_of(tmp_path, nested).startswith("site.yaml:3: 'work_dir' cannot be set inside an environment")
    typed = "environments:\n  xem-thu:\n    page_size: nhiều\n"
    assert error_of(tmp_path, typed).startswith("site.yaml:3: setting 'page_size' must be a whole number")
    # Environments are checked even when not in use: a typo is found before it matters.
    assert error_of(tmp_path, bad, command="build").startswith("site.yaml:3: unknown setting 'base_urll'")


# --- the working folder -----------------------------------------------------------------------

def test_the_working_folder_is_next_to_site_yaml_and_holds_the_cache(tmp_path, monkeypatch):
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    s = settings_from(tmp_path, "title: x\n")
    assert s.work_dir == tmp_path / ".danvan"
    assert s.cache == tmp_path / ".danvan" / "cache"
    def named(output: Path) -> str:  # the output's name and 8 hex of its path
        return f"{output.name}-{hashlib.blake2b(str(output).encode('utf-8'), digest_size=4).hexdigest()}"

    assert s.spare_path() == tmp_path / ".danvan" / "spare" / named(Path("site").absolute())  # as the build sees it
    assert s.spare_path(tmp_path / "public") == tmp_path / ".danvan" / "spare" / named(tmp_path / "public")
    # Two outputs of one name keep a spare each.
    assert s.spare_path(tmp_path / "a" / "site") != s.spare_path(tmp_path / "b" / "site")
    assert s.spare_path(tmp_path / "a" / "site").parent == s.spare_path(tmp_path / "b" / "site").parent
    s = settings_from(tmp_path, "work_dir: /tmp/danvan-work-test\n")
    assert s.work_dir == Path("/tmp/danvan-work-test") and s.cache == Path("/tmp/danvan-work-test/cache")
    assert settings_from(tmp_path, "cache: bo-nho-dem\n").cache == tmp_path / "bo-nho-dem"
    assert settings_from(tmp_path, "cache: null\n").cache is None
    assert load_settings(None, {"cache": "c"}).cache == tmp_path / "elsewhere" / "c"
    assert load_settings(None).work_dir == tmp_path / "elsewhere" / ".danvan"


def test_no_spare_across_disks(tmp_path, monkeypatch):
    from danvan_site.core import config

    s = settings_from(tmp_path, "title: x\n")
    monkeypatch.setattr(config, "_device", lambda path: 1 if ".danvan" in str(path) else 2)
    assert s.spare_path() is None


@pytest.mark.parametrize("text, says", [
    ("work_dir: corpus\n", "must not be or contain the corpus folder"),
    ("work_dir: corpus/.danvan\n", "the working folder {tmp}/corpus/.danvan is inside the corpus folder"),
    ("corpus: .\n", "site.yaml:1: the working folder {tmp}/.danvan is inside the corpus folder {tmp}"),
    ("work_dir: .\n", "must not be or contain the corpus folder"),  # the first it contains
    ("work_dir: site\n", "must not be or contain the output folder"),
    ("work_dir: site/.x\n", "the working folder {tmp}/site/.x is inside the output folder"),
    ("output: .danvan/site\n", "is inside the working folder"),
])
def test_the_working_folder_keeps_clear_of_the_rest(tmp_path, monkeypatch, text, says):
    monkeypatch.chdir(tmp_path)  # the default corpus and output are relative to the current folder
    (tmp_path / "corpus").mkdir()
    assert says.format(tmp=tmp_path) in error_of(tmp_path, text)


def test_working_items_and_their_size(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = settings_from(tmp_path, "title: x\n")
    assert working_items(s) == []
    work = prepare_work_dir(s)
    assert (work / WORK_MARKER).is_file()
    (s.cache).mkdir()
    (s.cache / "store.sqlite").write_bytes(b"x" * 1000)
    # What older versions left: the cache beside site.yaml, the spare beside the site, a leftover.
    (tmp_path / ".danvan-cache").mkdir()
    (tmp_path / ".danvan-cache" / "store.sqlite").write_bytes(b"y" * 300)
    for name in (".site-spare", ".site-new-0123abcd"):
        (tmp_path / name).mkdir()
        (tmp_path / name / ".danvan-site").write_text("marker")
    (tmp_path / ".site-old-zzzzzzzz").mkdir()  # not the pattern: not ours
    (tmp_path / ".other-spare").mkdir()  # no marker: not ours
    items = {(item.kind, item.path.name) for item in working_items(s)}
    assert items == {("work", ".danvan"), ("legacy_cache", ".danvan-cache"), ("spare", ".site-spare"),
                     ("leftover", ".site-new-0123abcd")}
    sizes = {item.path.name: item.size for item in working_items(s)}
    assert sizes[".danvan"] == 1000 + (work / WORK_MARKER).stat().st_size
    assert sizes[".danvan-cache"] == 300
    assert disk_usage(tmp_path / "nowhere") == 0


def test_disk_usage_counts_a_hard_linked_file_once_and_skips_what_it_is_told(tmp_path):
    (tmp_path / "a" / "spare").mkdir(parents=True)
    (tmp_path / "a" / "f").write_bytes(b"1234")
    os.link(tmp_path / "a" / "f", tmp_path / "a" / "g")
    (tmp_path / "a" / "spare" / "h").write_bytes(b"0" * 100)
    assert disk_usage(tmp_path / "a") == 104
    assert disk_usage(tmp_path / "a", skip=[tmp_path / "a" / "spare"]) == 4


def test_the_summary_does_not_walk_the_spare_copy(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = settings_from(tmp_path, "title: x\n")
    work = prepare_work_dir(s)
    (work / "spare" / "site").mkdir(parents=True)
    (work / "spare" / "site" / "index.html").write_bytes(b"0" * 5000)
    marker = (work / WORK_MARKER).stat().st_size
    assert [item.size for item in working_items(s)] == [5000 + marker]
    assert [item.size for item in working_items(s, quick=True)] == [marker]


def test_disk_usage_does_not_follow_links(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "f").write_bytes(b"1234")
    (tmp_path / "big").write_bytes(b"0" * 10_000)
    os.symlink(tmp_path / "big", tmp_path / "a" / "link")
    assert disk_usage(tmp_path / "a") == 4 + len(os.readlink(tmp_path / "a" / "link"))


def test_settings_language_is_the_pages_not_the_messages(tmp_path):
    """``language`` in site.yaml is the pages' <html lang>; the messages follow --lang/the locale."""
    with i18n.using("en"):
        s = settings_from(tmp_path, "language: vi\n")
    assert s.language == "vi"
