"""The command line as a user runs it: ``python build.py [build|serve|init|clean|evaluate] [options]``
in a folder holding a copy of the project's site.yaml and corpus/.

Messages are checked in English (``DANVAN_LANG=en``) unless a test is about the language; the
exit codes: 0 done, 1 failed or --strict, 2 settings or usage, 3 some files rejected, 4 no
bulletins."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT

BUILD = str(ROOT / "build.py")

# The summary, in English.
HEAD = re.compile(r"Built the site: (\d+) bulletins?\.")
COUNTS = re.compile(r"  Bulletins: (\d+) read, (\d+) with a page, (\d+) merged as duplicates, (\d+) rejected\.")
PAGES = re.compile(r"  Pages: (\d+) pages? and (\d+) files? more in (.+/) \((\d+(?:\.\d+)?) s\)\.")
QUALITY = re.compile(r"  Quality: \d+ of \d+ bulletins complete; \d+ fields? missing, \d+ fields? uncertain\. "
                     r"See: (.+)/bao-cao/index\.html")
OPEN = re.compile(r"  Open the site: (.+)/index\.html, or run 'python build\.py serve' to preview it \(search included\)\.")
WORK = re.compile(r"  Working files: [\d.,]+ (?:B|KB|MB) in (.+) \(remove them with 'python build\.py clean'\)\.")


def run(cwd: Path, *args: str, lang: str | None = "en", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("DANVAN_LANG", "DANVAN_PROGRESS")}
    if lang is not None:
        environ["DANVAN_LANG"] = lang
    environ.update(env or {})
    return subprocess.run([sys.executable, BUILD, *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env=environ)


def summary(stdout: str) -> dict[str, re.Match]:
    """The summary's lines by name; every line of it must be one of them."""
    found: dict[str, re.Match] = {}
    patterns = {"head": HEAD, "counts": COUNTS, "pages": PAGES, "quality": QUALITY, "open": OPEN, "work": WORK}
    for line in stdout.splitlines():
        for name, pattern in patterns.items():
            m = pattern.fullmatch(line)
            if m:
                found[name] = m
                break
        else:
            if line not in ("  No warnings or errors.",) and not line.startswith(("  Warnings: ", "Updated the site: ",
                                                                                   "Nothing changed: ", "  Environment: ")):
                raise AssertionError(f"not a summary line: {line!r}\n{stdout}")
    return found


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A user's folder: site.yaml and corpus/ as shipped."""
    shutil.copy(ROOT / "site.yaml", tmp_path / "site.yaml")
    shutil.copytree(CORPUS, tmp_path / "corpus")
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def generated(site: Path) -> tuple[int, int]:
    """(pages, copied files) on disk, counted the way the summary line counts them."""
    files = [p for p in site.rglob("*") if p.is_file() and p.name != ".danvan-site"]
    pages = [p for p in files if p.suffix in (".html", ".json", ".xml", ".csv", ".sqlite") or p.name == "robots.txt"]
    pages = [p for p in pages if p.relative_to(site).parts[0] != "pagefind"]  # the search index: files
    return len(pages), len(files) - len(pages)


def test_default_build_prints_a_short_summary(project):
    r = run(project)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""  # a quick build in a log: no progress lines
    lines = r.stdout.splitlines()
    assert len(lines) == 7, r.stdout
    s = summary(r.stdout)
    assert set(s) == {"head", "counts", "pages", "quality", "open", "work"}
    assert s["head"].group(1) == "5"
    assert s["counts"].groups() == ("5", "5", "0", "0")
    assert lines[3] == "  No warnings or errors."
    site = project / "site"
    assert s["pages"].group(3) == "site/" and s["quality"].group(1) == "site" and s["open"].group(1) == "site"
    assert (int(s["pages"].group(1)), int(s["pages"].group(2))) == generated(site)
    assert s["work"].group(1).startswith(".danvan/")
    assert (site / "index.html").is_file() and (site / "api" / "articles.json").is_file()
    assert len(list((site / "nguon").iterdir())) == 5
    # The working folder beside site.yaml, with the cache in it; no .danvan-cache any more.
    names = {p.name for p in project.iterdir()}
    assert {".danvan", "corpus", "site", "site.yaml"} <= names and ".danvan-cache" not in names
    assert (project / ".danvan" / "cache").is_dir() and (project / ".danvan" / ".danvan-work").is_file()


def test_vietnamese_when_the_locale_says_nothing(project):
    r = run(project, lang=None, env={"LANG": "C.UTF-8", "LC_ALL": "", "LANGUAGE": ""})
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "Đã dựng xong trang web: 5 bản tin."
    assert lines[1] == "  Bản tin: 5 đọc được, 5 có trang riêng, 0 gộp vì trùng, 0 bị loại."
    assert re.fullmatch(r"  Trang: \d+ trang và \d+ tệp khác trong site/ \(\d+,\d giây\)\.", lines[2]), lines[2]
    assert lines[3] == "  Không có cảnh báo hay lỗi nào."
    assert lines[5] == "  Xem trang web: mở site/index.html, hoặc chạy «python build.py serve» để xem thử (cả tìm kiếm)."
    english = run(project, "--force", lang=None, env={"LANG": "en_US.UTF-8", "LC_ALL": "", "LANGUAGE": ""})
    assert english.stdout.startswith("Updated the site: ") or english.stdout.startswith("Built the site: ")
    assert run(project, "--lang", "vi", env={"LANG": "en_US.UTF-8"}).stdout.startswith("Không có gì thay đổi: ")


def test_rebuild_replaces_the_site_and_says_what_it_did(project):
    assert run(project).returncode == 0
    (project / "site" / "stale.html").write_text("old", encoding="utf-8")
    # Nothing changed in the inputs: nothing is done (the marker says the folder is ours and whole).
    r = run(project)
    assert r.returncode == 0, r.stderr
    assert re.match(r"Nothing changed: the site in site/ is as the last build left it \(\d+\.\d+ s\)\.\n", r.stdout), r.stdout
    assert summary(r.stdout)["counts"].groups() == ("5", "5", "0", "0")
    # --force builds anyway, and any change to the inputs does too: the folder is replaced whole.
    r = run(project, "--force")
    assert r.returncode == 0, r.stderr
    assert not (project / "site" / "stale.html").exists()
    (project / "site" / "stale.html").write_text("old", encoding="utf-8")
    bulletin = project / "corpus" / "000_889518c93afc39ce.txt"
    bulletin.write_bytes(bulletin.read_bytes() + b"\n")
    r = run(project)
    m = re.match(r"Updated the site: 1 bulletin changed, (\d+) files? written, (\d+) files? kept as they were\.\n",
                 r.stdout)
    assert m, r.stdout
    pages = summary(r.stdout)["pages"]
    assert int(m.group(1)) + int(m.group(2)) == int(pages.group(1)) + int(pages.group(2))
    assert not (project / "site" / "stale.html").exists()


def test_options_override_site_yaml(project):
    small = project / "other-corpus"
    small.mkdir()
    for name in ("000_889518c93afc39ce.txt", "004_63b62a890c848497.txt"):
        shutil.copy(CORPUS / name, small / name)
    r = run(project, "--corpus", "other-corpus", "--output", "public", "--base-url", "https://example.org/luu-tru/")
    assert r.returncode == 0, r.stderr
    s = summary(r.stdout)
    assert s["counts"].group(1, 2) == ("2", "2")
    assert s["pages"].group(3) == "public/"
    assert not (project / "site").exists()
    home = (project / "public" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/luu-tru/">' in home
    # site.yaml leaves base_url empty: no absolute address anywhere
    assert run(project).returncode == 0
    assert "canonical" not in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_environments_choose_the_address(project):
    with (project / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("environments:\n  xem-thu:\n    base_url: http://127.0.0.1:8000\n"
                "  chinh-thuc:\n    base_url: https://ubnd.example.gov.vn/luu-tru\n")
    r = run(project, "--no-search")
    assert r.returncode == 0, r.stderr
    assert "  Environment: chinh-thuc (address: https://ubnd.example.gov.vn/luu-tru)." in r.stdout.splitlines()
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://ubnd.example.gov.vn/luu-tru/">' in home
    r = run(project, "--no-search", "--env", "xem-thu")
    assert r.returncode == 0, r.stderr
    assert '<link rel="canonical" href="http://127.0.0.1:8000/">' in (project / "site" / "index.html").read_text(encoding="utf-8")
    r = run(project, "--env", "chinh-thu")
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr.startswith("error: --env chinh-thu: no such environment in site.yaml. Did you mean 'chinh-thuc'?")


def test_options_before_and_after_the_command_name(project):
    r = run(project, "--output", "before", "build")
    assert r.returncode == 0, r.stderr
    assert (project / "before" / "index.html").is_file()
    r = run(project, "build", "--output", "after", "-q")
    assert r.returncode == 0, r.stderr
    assert (project / "after" / "index.html").is_file()
    assert not (project / "site").exists()


def test_a_settings_file_elsewhere_reads_its_paths_from_its_own_folder(project):
    conf = project / "conf"
    conf.mkdir()
    (conf / "my-site.yaml").write_text("corpus: ../corpus\noutput: ../built\npage_size: 2\n", encoding="utf-8")
    r = run(project, "--config", "conf/my-site.yaml")
    assert r.returncode == 0, r.stderr
    assert (project / "built" / "index.html").is_file()
    assert (conf / ".danvan").is_dir()  # the working folder is next to the settings file


@pytest.mark.parametrize(
    "setting,message",
    [
        ("colour: blue\n", "error: site.yaml:{n}: unknown setting 'colour'. Known settings: "),
        ("page_sise: 3\n", "error: site.yaml:{n}: unknown setting 'page_sise'. Did you mean 'page_size'?\n"),
        ("jobs: hai\n", "error: site.yaml:{n}: setting 'jobs' must be a whole number, got text ('hai'). "
                        "For example: jobs: 0\n"),
        ("page_size: 3\n", "error: site.yaml:{n}: the setting 'page_size' is written twice (lines {first} and {n}). "
                           "Delete one of them.\n"),
        ("strict: 'yes'\n", "error: site.yaml:{n}: setting 'strict' must be true or false, got text ('yes')."),
        ("title: [Lưu trữ\n", "error: site.yaml:{n}: the settings file cannot be read: a bracket opened on this line "
                              "is not closed."),
    ],
)
def test_a_bad_setting_exits_2_naming_file_and_line(project, setting, message):
    shipped = (project / "site.yaml").read_text(encoding="utf-8").splitlines()
    n = len(shipped) + 1
    first = next(i for i, line in enumerate(shipped, 1) if line.startswith("page_size:"))
    with (project / "site.yaml").open("a", encoding="utf-8") as f:
        f.write(setting)
    r = run(project)
    assert r.returncode == 2
    assert r.stderr.startswith(message.format(n=n, first=first)), r.stderr
    assert "Traceback" not in r.stderr
    assert r.stdout == ""
    assert not (project / "site").exists()


def test_bad_command_line_values_exit_2(project):
    r = run(project, "--templates", "no-such-folder")
    assert (r.returncode, r.stderr) == (2, "error: --templates no-such-folder: folder not found. Create it or check the name.\n")
    r = run(project, "--base-url", "example.org")
    assert r.returncode == 2
    assert r.stderr == ("error: --base-url: base_url must start with http:// or https:// (got 'example.org'). "
                        "For example: https://example.org/luu-tru\n")
    r = run(project, "--jobs", "nhiều")
    assert (r.returncode, r.stderr.splitlines()[0]) == (2, "error: bad command line: option --jobs: 'nhiều' is not a whole number")
    assert not (project / "site").exists()


@pytest.mark.parametrize("args, en, vi", [
    (["--corpsu", "corpus"], "error: unknown option '--corpsu'. Did you mean '--corpus'?",
     "lỗi: không có tùy chọn '--corpsu'. Có phải ý bạn là '--corpus'?"),
    (["--no-such-option"], "error: unknown option '--no-such-option'.", "lỗi: không có tùy chọn '--no-such-option'."),
    (["biuld"], "error: unknown command 'biuld'. Did you mean 'build'? Commands: build, serve, init, clean, evaluate.",
     "lỗi: không có lệnh 'biuld'. Có phải ý bạn là 'build'? Các lệnh: build, serve, init, clean, evaluate."),
    (["--port", "8001"], "error: the option '--port' belongs to the command serve; write it after the command's name, "
                         "e.g. python build.py serve --port …",
     "lỗi: tùy chọn '--port' chỉ dùng với lệnh serve, viết sau tên lệnh, ví dụ: python build.py serve --port …"),
    (["serve", "--port"], "error: bad command line: the option --port needs a value, e.g. --port 8000",
     "lỗi: lệnh chưa đúng: tùy chọn --port cần một giá trị, ví dụ: --port 8000"),
    (["--lang", "fr"], "error: bad command line: option --lang: 'fr' is not a choice. Choose one of: vi, en.",
     "lỗi: lệnh chưa đúng: tùy chọn --lang: không có giá trị 'fr'. Chọn một trong: vi, en."),
])
def test_unknown_options_and_commands_get_did_you_mean(project, args, en, vi):
    for lang, expected, see in (("en", en, "See the commands and options: python build.py --help"),
                                ("vi", vi, "Xem các lệnh và tùy chọn: python build.py --help")):
        r = run(project, *args, lang=lang)
        assert r.returncode == 2
        assert r.stderr.splitlines() == [expected, see], r.stderr
        assert r.stdout == ""
    assert not (project / "site").exists()


def test_help_in_both_languages(project):
    vi = run(project, "--help", lang="vi")
    en = run(project, "--lang", "en", "--help", lang="vi")
    assert vi.returncode == en.returncode == 0
    assert vi.stdout.startswith("cách dùng: python build.py ") and "tùy chọn:" in vi.stdout
    assert "Mã thoát: 0 xong; 1 dựng thất bại" in vi.stdout
    assert en.stdout.startswith("usage: python build.py ") and "options:" in en.stdout
    assert "Exit codes: 0 done; 1 the build failed" in en.stdout
    for text in (vi.stdout, en.stdout):
        assert text.count("--corpus") >= 1 and "init" in text and "clean" in text
    serve = run(project, "serve", "--help", lang="vi")
    assert "--port SỐ" in serve.stdout and "--no-watch" in serve.stdout


def test_missing_corpus_is_a_clear_error(project):
    r = run(project, "--corpus", "nowhere")
    assert r.returncode == 1
    assert r.stderr == (f"error: {project / 'nowhere'}: corpus folder not found; "
                        "pass --corpus DIR or set 'corpus' in site.yaml\n")
    assert r.stdout == ""
    assert not (project / "site").exists()
    r = run(project, "--corpus", "nowhere", lang="vi")
    assert r.stderr == (f"lỗi: {project / 'nowhere'}: không tìm thấy thư mục bản tin; chỉ đúng thư mục bằng --corpus "
                        "hoặc 'corpus' trong site.yaml\n")


def test_an_empty_corpus_exits_4(project):
    empty = project / "trong"
    empty.mkdir()
    r = run(project, "--corpus", "trong", "--no-search")
    assert r.returncode == 4, r.stderr
    assert r.stderr.splitlines()[-1] == ("error: trong/: no bulletins (.txt, .html or .docx files), so there is nothing "
                                         "to build. Copy bulletins into this folder, or name the right one with "
                                         "--corpus or 'corpus' in site.yaml.")
    (empty / "rong.txt").write_bytes(b"")
    (empty / "anh.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    r = run(project, "--corpus", "trong", "--no-search", lang="vi")
    assert r.returncode == 4, r.stderr
    assert r.stderr.splitlines()[-1] == ("lỗi: trong/: mọi tệp đều bị loại (2 tệp; xem các dòng lỗi ở trên), không còn "
                                         "bản tin nào để dựng. Sửa các tệp đó rồi dựng lại.")


def test_rejected_files_exit_3_and_the_site_is_written(project):
    (project / "corpus" / "rong.txt").write_bytes(b"")
    r = run(project, "--no-search")
    assert r.returncode == 3, r.stderr
    assert summary(r.stdout)["counts"].groups() == ("6", "5", "0", "1")
    err = r.stderr.splitlines()
    assert err[0] == "error: rong.txt: the file is empty (remove it or paste the bulletin's text into it)"
    assert err[-1] == ("Rejected as unreadable: 1 file (see the errors above); the site was written without them. "
                       "Fix those files or take them out of corpus/, then build again.")
    assert (project / "site" / "index.html").is_file()
    # Still 3 when nothing changed since: the site still lacks that file.
    assert run(project, "--no-search").returncode == 3


def test_missing_settings_file_is_a_clear_error(project):
    r = run(project, "--config", "nothing.yaml")
    assert r.returncode == 2
    assert r.stderr == ("error: nothing.yaml: settings file not found. Create it (see 'python build.py init') "
                        "or name the right one with --config.\n")


def test_quiet_prints_less_and_verbose_more(project):
    (project / "corpus" / "999_lost.yaml").write_text("views: 3\n", encoding="utf-8")
    warning = ("warning: 999_lost.yaml: sidecar without a bulletin of the same name "
               "(rename it to match a bulletin (.txt, .html, .htm or .docx) or delete it)")
    normal = run(project, "--no-cache")
    quiet = run(project, "-q", "--no-cache")
    verbose = run(project, "-v", "--no-cache")
    for r in (normal, quiet, verbose):
        assert r.returncode == 0, r.stderr
    assert normal.stderr.splitlines() == [warning]
    assert "  Warnings: 1, errors: 0, in 1 file: 999_lost.yaml (1)." in normal.stdout.splitlines()
    assert quiet.stderr == ""
    assert quiet.stdout.splitlines() == ["Built the site: 5 bulletins."]
    assert verbose.stderr.splitlines() == [warning]
    read = [line for line in verbose.stdout.splitlines() if line.startswith("read ")]
    assert [line.split()[1] for line in read] == sorted(p.name for p in CORPUS.glob("*.txt"))
    assert all(" -> bai-viet/" in line for line in read)
    vi = run(project, "--no-cache", lang="vi")
    assert vi.stderr.splitlines() == ["cảnh báo: 999_lost.yaml: tệp kèm không có bản tin cùng tên "
                                      "(đổi tên cho trùng tên một bản tin (.txt, .html, .htm, .docx) hoặc xoá nó)"]

    def count(r):
        return len(r.stdout.splitlines()) + len(r.stderr.splitlines())

    assert count(quiet) < count(normal) < count(verbose)


def test_strict_writes_nothing_and_says_so(project):
    (project / "corpus" / "999_lost.yaml").write_text("views: 3\n", encoding="utf-8")
    r = run(project, "--strict", "--no-search")
    assert r.returncode == 1
    assert r.stdout.startswith("Checked, nothing written (--strict): 5 bulletins.\n")
    assert r.stderr.splitlines()[-1] == ("Strict mode: warnings are errors; the site was not written. "
                                         "Fix them or drop --strict.")
    assert not (project / "site").exists()


def test_clean_says_how_much_it_frees(project):
    assert run(project, "--no-search").returncode == 0
    assert run(project, "--no-search", "--force").returncode == 0  # a spare copy now exists
    dry = run(project, "clean", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert re.match(r"Would delete the working folder \.danvan/ \([\d.]+ (?:KB|MB)\)\.\n", dry.stdout), dry.stdout
    assert dry.stdout.splitlines()[-1].endswith("in all; run again without --dry-run to delete.")
    assert (project / ".danvan").is_dir()
    r = run(project, "clean", lang="vi")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert re.fullmatch(r"Đã xoá thư mục làm việc \.danvan/ \([\d,]+ (?:KB|MB)\)\.", lines[0]), lines
    assert re.fullmatch(r"Đã giải phóng [\d,]+ (?:KB|MB)\. Lần dựng sau sẽ đọc lại mọi bản tin và ghi lại mọi trang\.",
                        lines[-1])
    names = {p.name for p in project.iterdir()}
    assert names == {"corpus", "site", "site.yaml"}  # the site stays
    assert run(project, "clean").stdout == "No working files to delete.\n"


def test_clean_leaves_a_folder_that_is_not_its_own(project):
    with (project / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("work_dir: tai-lieu\n")
    (project / "tai-lieu").mkdir()
    (project / "tai-lieu" / "bao-cao.docx").write_text("quý giá")
    r = run(project, "clean")
    assert r.returncode == 1
    assert r.stderr.startswith("error: tai-lieu/: the working folder holds files danvan-site did not make (bao-cao.docx)")
    assert (project / "tai-lieu" / "bao-cao.docx").read_text() == "quý giá"


def test_evaluate_prints_the_table():
    r = run(ROOT, "evaluate", "tests/data/seeds_gold.yaml", "--corpus", "corpus")
    assert r.returncode == 0, r.stderr
    rows = re.findall(r"^(\w+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)%$", r.stdout, re.M)
    assert [row[0] for row in rows] == ["title", "published", "event_date", "locality_level", "locality_name",
                                        "province", "meeting_type", "period", "author", "views", "people",
                                        "body_first", "body_last", "chrome"]
    assert all(row[1:] == ("5", "0", "0", "100.0") for row in rows), r.stdout
    assert re.search(r"^all fields\s+100\.0%$", r.stdout, re.M), r.stdout
    assert "people precision 100.0%, recall 100.0%" in r.stdout
    assert not (ROOT / "tests" / "data" / "site").exists()


def test_evaluate_reports_a_missing_gold_file(project):
    r = run(project, "evaluate", "nothing.yaml")
    assert (r.returncode, r.stderr) == (2, "error: nothing.yaml: gold file not found.\n")


@pytest.mark.parametrize("output", ["corpus", "."])
def test_refuses_to_write_over_the_corpus(project, output):
    before = snapshot(project / "corpus")
    r = run(project, "--output", output)
    assert r.returncode == 1
    assert r.stderr.startswith("error: refusing to use "), r.stderr
    assert "Traceback" not in r.stderr
    assert snapshot(project / "corpus") == before
    assert not (project / "site").exists()
    vi = run(project, "--output", output, lang="vi")
    assert vi.stderr.startswith("lỗi: không dùng "), vi.stderr


def test_refuses_a_folder_it_did_not_make(project):
    mine = project / "my-documents"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    r = run(project, "--output", "my-documents")
    assert r.returncode == 1
    assert "was not made by danvan-site" in r.stderr and "--force" in r.stderr
    assert snapshot(mine) == {"notes.txt": b"keep me"}
    vi = run(project, "--output", "my-documents", lang="vi")
    assert "không do danvan-site tạo ra" in vi.stderr and "--force" in vi.stderr


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes] | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status, response.read()
    except (urllib.error.URLError, ConnectionError, OSError):
        return None


def test_serve_builds_and_answers(project):
    port = _free_port()
    log = (project / "serve.log").open("w", encoding="utf-8")
    environ = {**os.environ, "DANVAN_LANG": "en"}
    proc = subprocess.Popen([sys.executable, BUILD, "serve", "--port", str(port), "--output", "preview"],
                            cwd=project, stdout=log, stderr=subprocess.STDOUT, env=environ)
    try:
        deadline = time.monotonic() + 20
        got = None
        while time.monotonic() < deadline and proc.poll() is None:
            got = _get(f"http://127.0.0.1:{port}/index.html")
            if got is not None:
                break
            time.sleep(0.2)
        assert proc.poll() is None, (project / "serve.log").read_text(encoding="utf-8")
        assert got is not None, "the preview server did not answer within 20 s"
        status, body = got
        assert status == 200
        # the preview adds its live-reload script to the pages it sends, not to the files
        on_disk = (project / "preview" / "index.html").read_bytes()
        assert b"/__danvan/livereload.js" not in on_disk
        assert body == on_disk.replace(b"</body>", b'<script src="/__danvan/livereload.js" data-version="1"></script></body>')
        assert '<html lang="vi"' in body.decode("utf-8")
        status, data = _get(f"http://127.0.0.1:{port}/api/articles.json") or (0, b"")
        assert status == 200 and b'"schema_version": 1' in data
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    text = (project / "serve.log").read_text(encoding="utf-8")
    assert f"Serving {project / 'preview'}/ on http://127.0.0.1:{port}/ (Ctrl+C to stop)" in text
    assert re.search(r"^Built the site: 5 bulletins\.$", text, re.M)
    assert "  The preview is being served; open pages reload by themselves." in text
    assert "Open the site:" not in text


def test_version():
    r = run(ROOT, "--version")
    assert r.returncode == 0 and re.fullmatch(r"danvan-site \d+\.\d+\.\d+\n", r.stdout)


def test_the_process_entry_still_does_what_an_exit_owes(project):
    """``cli.run`` ends the process without freeing the heap: exit handlers still run, buffered
    output is still written, the exit code is ``main``'s, and a failure inside ``main`` that is
    not an error of the user still ends with its traceback."""
    program = (
        "import atexit, sys\n"
        f"sys.path.insert(0, {str(ROOT / 'src')!r})\n"
        "from danvan_site.cli import run\n"
        "atexit.register(lambda: print('exit handler ran'))\n"
        "sys.stdout.write('written before, not flushed; ')\n"
        "run(sys.argv[1:])\n"
    )
    environ = {**{k: v for k, v in os.environ.items() if k != "DANVAN_PROGRESS"}, "DANVAN_LANG": "en"}
    done = subprocess.run([sys.executable, "-c", program, "build", "--quiet"], cwd=project, capture_output=True,
                          text=True, timeout=300, env=environ)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("written before, not flushed; ")
    assert done.stdout.rstrip().endswith("exit handler ran")
    assert HEAD.search(done.stdout) and (project / "site" / "index.html").is_file()
    # main's own exit code: no bulletins in an empty corpus is 4
    (project / "empty").mkdir()
    done = subprocess.run([sys.executable, "-c", program, "build", "--corpus", "empty"], cwd=project,
                          capture_output=True, text=True, timeout=300, env=environ)
    assert done.returncode == 4 and "exit handler ran" in done.stdout
    # a bug (not a DanvanError) keeps Python's own exit: traceback and status 1
    broken = program.replace("run(sys.argv[1:])", "import danvan_site.cli as c\n"
                             "c._run = lambda argv: 1 / 0\nrun(sys.argv[1:])")
    done = subprocess.run([sys.executable, "-c", broken, "build"], cwd=project, capture_output=True, text=True,
                          timeout=300, env=environ)
    assert done.returncode == 1 and "ZeroDivisionError" in done.stderr and "exit handler ran" in done.stdout


def _closed_pipe() -> int:
    """The writing end of a pipe whose reader has already gone (``| head`` after its line)."""
    read, write = os.pipe()
    os.close(read)
    return write


@pytest.mark.parametrize("closed", ["stdout", "stderr"])
def test_a_closed_output_ends_the_command_without_a_traceback(project, tmp_path, closed):
    """``build.py -v | head -1``: the reader of the output goes away. The build still makes the
    whole site, prints no traceback, and exits with status 120 (``EXIT_OUTPUT_CLOSED``: done, but
    the output was not all read). Unbuffered, so that the failed write happens inside the
    command, not only in the flush at exit. The progress's stream (stderr) closed stops the
    progress, not the build: with no warning to print, nothing else was lost and the status is 0."""
    from danvan_site.core.errors import EXIT_OUTPUT_CLOSED

    environ = {**{k: v for k, v in os.environ.items() if k != "DANVAN_LANG"}, "DANVAN_LANG": "en",
               "DANVAN_PROGRESS": "lines", "PYTHONUNBUFFERED": "1"}
    pipe = _closed_pipe()
    kept = tmp_path / "kept.txt"
    try:
        with kept.open("w") as other:
            streams = {"stdout": pipe, "stderr": other} if closed == "stdout" else {"stdout": other, "stderr": pipe}
            done = subprocess.run([sys.executable, BUILD, "-v"], cwd=project, timeout=300, env=environ, **streams)
    finally:
        os.close(pipe)
    text = kept.read_text()
    assert done.returncode == (EXIT_OUTPUT_CLOSED if closed == "stdout" else 0) and EXIT_OUTPUT_CLOSED == 120, text
    assert "Traceback" not in text and "BrokenPipeError" not in text
    site = project / "site"
    assert (site / "index.html").is_file() and (site / ".danvan-site").is_file()
    assert len(list((site / "bai-viet").glob("*/index.html"))) == 5
    if closed == "stderr":  # the summary and the bulletins read still reached the open stream
        assert HEAD.search(text) and "read 000_889518c93afc39ce.txt -> bai-viet/" in text
    # the next build finds the site complete: nothing to do
    again = run(project)
    assert again.returncode == 0 and again.stdout.startswith("Nothing changed"), again.stdout + again.stderr


def test_a_broken_pipe_of_the_program_itself_keeps_its_traceback(project):
    """Only the standard streams' readers going away is an expected end: a broken pipe inside the
    program (a bug) ends with its traceback and status 1, as any bug does."""
    program = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'src')!r})\n"
        "import danvan_site.cli as c\n"
        "def broken(argv):\n"
        "    raise BrokenPipeError(32, 'Broken pipe')\n"
        "c._run = broken\n"
        "c.run(sys.argv[1:])\n"
    )
    done = subprocess.run([sys.executable, "-c", program, "build"], cwd=project, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 1 and "BrokenPipeError" in done.stderr and "Traceback" in done.stderr


def test_the_process_entry_exits_the_usual_way_under_a_profiler(project, tmp_path):
    """A profiler writes its results after the program ends: ``python -m cProfile build.py``
    still leaves them."""
    out = tmp_path / "build.prof"
    environ = {**{k: v for k, v in os.environ.items() if k != "DANVAN_PROGRESS"}, "DANVAN_LANG": "en"}
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), BUILD, "build", "--quiet"], cwd=project,
                          capture_output=True, text=True, timeout=300, env=environ)
    assert done.returncode == 0, done.stderr
    import pstats
    assert any(name == "main" for (_, _, name) in pstats.Stats(str(out)).stats)
