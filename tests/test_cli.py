"""The command line as a user runs it: ``python build.py [build|serve|evaluate] [options]`` in a
folder holding a copy of the project's site.yaml and corpus/."""
from __future__ import annotations

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
SUMMARY = re.compile(
    r"Built: (\d+) bulletins read, (\d+) built, (\d+) merged as duplicates, (\d+) rejected; "
    r"(\d+) warnings, (\d+) errors in (\d+) files; "
    r"quality: \d+ of \d+ complete, \d+ fields missing, \d+ uncertain \(see bao-cao/index.html\); "
    r"(\d+) pages and (\d+) files written into (.+)/(?: \(\d+ new or changed, the others kept\))? in \d+\.\d\d s"
)


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, BUILD, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


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
    pages = [p for p in files if p.suffix in (".html", ".json", ".xml", ".csv") or p.name == "robots.txt"]
    pages = [p for p in pages if p.relative_to(site).parts[0] != "pagefind"]  # the search index: files
    return len(pages), len(files) - len(pages)


def test_default_build_prints_one_summary_line(project):
    r = run(project)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    lines = r.stdout.splitlines()
    assert len(lines) == 1, r.stdout
    m = SUMMARY.fullmatch(lines[0])
    assert m, lines[0]
    assert m.group(1, 2, 3, 4, 5, 6, 7) == ("5", "5", "0", "0", "0", "0", "0")
    site = project / "site"
    assert Path(m.group(10)) == site
    assert (int(m.group(8)), int(m.group(9))) == generated(site)
    assert (site / "index.html").is_file() and (site / "api" / "articles.json").is_file()
    assert len(list((site / "nguon").iterdir())) == 5
    # The build cache beside site.yaml, and the spare copy the next build brings up to date (hard
    # links to the site's files, hidden beside it).
    assert sorted(p.name for p in project.iterdir()) == [".danvan-cache", ".site-spare", "corpus", "site", "site.yaml"]


def test_rebuild_replaces_the_site(project):
    assert run(project).returncode == 0
    (project / "site" / "stale.html").write_text("old", encoding="utf-8")
    # Nothing changed in the inputs: nothing is done (the marker says the folder is ours and whole).
    r = run(project)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Unchanged: 5 bulletins read, 5 built, 0 merged as duplicates, 0 rejected; ")
    assert r.stdout.rstrip().endswith("up to date in " + str(project / "site") + "/ (nothing changed) in " +
                                      r.stdout.rstrip().rsplit(" in ", 1)[1])
    # --force builds anyway, and any change to the inputs does too: the folder is replaced whole.
    r = run(project, "--force")
    assert r.returncode == 0, r.stderr
    assert SUMMARY.fullmatch(r.stdout.strip()), r.stdout
    assert not (project / "site" / "stale.html").exists()
    (project / "site" / "stale.html").write_text("old", encoding="utf-8")
    bulletin = project / "corpus" / "000_889518c93afc39ce.txt"
    bulletin.write_bytes(bulletin.read_bytes() + b"\n")
    r = run(project)
    assert SUMMARY.fullmatch(r.stdout.strip()), r.stdout
    assert not (project / "site" / "stale.html").exists()


def test_options_override_site_yaml(project):
    small = project / "other-corpus"
    small.mkdir()
    for name in ("000_889518c93afc39ce.txt", "004_63b62a890c848497.txt"):
        shutil.copy(CORPUS / name, small / name)
    r = run(project, "--corpus", "other-corpus", "--output", "public", "--base-url", "https://example.org/luu-tru/")
    assert r.returncode == 0, r.stderr
    m = SUMMARY.fullmatch(r.stdout.strip())
    assert m and m.group(1, 2) == ("2", "2")
    assert Path(m.group(10)) == project / "public"
    assert not (project / "site").exists()
    home = (project / "public" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/luu-tru/">' in home
    # site.yaml leaves base_url empty: no absolute address anywhere
    assert run(project).returncode == 0
    assert "canonical" not in (project / "site" / "index.html").read_text(encoding="utf-8")


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
    # 5 bulletins, 2 a page: the 3 newest on the list's page, the 2 oldest in part 1
    assert (project / "built" / "bai-viet" / "trang" / "1" / "index.html").is_file()
    assert not (project / "built" / "bai-viet" / "trang" / "2").exists()


@pytest.mark.parametrize(
    "setting,message",
    [
        ("colour: blue\n", "error: site.yaml: unknown setting 'colour'. Known settings: "),
        ("page_size: hai\n", "error: site.yaml: setting 'page_size' must be int, got str ('hai')."),
        ("strict: 'yes'\n", "error: site.yaml: setting 'strict' must be bool, got str ('yes')."),
        ("title: [Lưu trữ\n", "error: site.yaml:"),
    ],
)
def test_a_bad_setting_exits_2_naming_file_and_key(project, setting, message):
    with (project / "site.yaml").open("a", encoding="utf-8") as f:
        f.write(setting)
    r = run(project)
    assert r.returncode == 2
    assert r.stderr.startswith(message), r.stderr
    assert "Traceback" not in r.stderr
    assert r.stdout == ""
    assert not (project / "site").exists()


def test_bad_command_line_values_exit_2(project):
    r = run(project, "--templates", "no-such-folder")
    assert (r.returncode, r.stderr) == (2, "error: --templates no-such-folder: folder not found. Create it or check the name.\n")
    r = run(project, "--base-url", "example.org")
    assert r.returncode == 2
    assert r.stderr == "error: base_url must start with http:// or https:// (got 'example.org').\n"
    r = run(project, "--no-such-option")
    assert r.returncode == 2 and "unrecognized arguments: --no-such-option" in r.stderr
    assert not (project / "site").exists()


def test_missing_corpus_is_a_clear_error(project):
    r = run(project, "--corpus", "nowhere")
    assert r.returncode == 1
    assert r.stderr == (f"error: {project / 'nowhere'}: corpus folder not found; "
                        "pass --corpus DIR or set 'corpus' in site.yaml\n")
    assert r.stdout == ""
    assert not (project / "site").exists()


def test_missing_settings_file_is_a_clear_error(project):
    r = run(project, "--config", "nothing.yaml")
    assert r.returncode == 2
    assert r.stderr == "error: nothing.yaml: settings file not found. Create it or pass --config.\n"


def test_quiet_prints_less_and_verbose_more(project):
    (project / "corpus" / "999_lost.yaml").write_text("views: 3\n", encoding="utf-8")
    warning = ("warning: 999_lost.yaml: sidecar without a bulletin of the same name "
               "(rename it to match a bulletin (.txt, .html, .htm or .docx) or delete it)")
    normal = run(project, "--no-cache")
    quiet = run(project, "-q", "--no-cache")
    verbose = run(project, "-v", "--no-cache")
    for r in (normal, quiet, verbose):
        assert r.returncode == 0, r.stderr
        assert SUMMARY.fullmatch(r.stdout.splitlines()[-1]), r.stdout
        assert "1 warnings, 0 errors in 1 files" in r.stdout
    assert normal.stderr.splitlines() == [warning]
    assert normal.stdout.splitlines()[:-1] == ["Warnings and errors per file: 999_lost.yaml (1)"]
    assert quiet.stderr == ""
    assert len(quiet.stdout.splitlines()) == 1
    assert verbose.stderr.splitlines() == [warning]
    read = [line for line in verbose.stdout.splitlines() if line.startswith("read ")]
    assert [line.split()[1] for line in read] == sorted(p.name for p in CORPUS.glob("*.txt"))
    assert all(" -> bai-viet/" in line for line in read)

    def count(r):
        return len(r.stdout.splitlines()) + len(r.stderr.splitlines())

    assert count(quiet) < count(normal) < count(verbose)


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
    assert sorted(p.name for p in project.iterdir()) == ["corpus", "site.yaml"]


def test_refuses_a_folder_it_did_not_make(project):
    mine = project / "my-documents"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    r = run(project, "--output", "my-documents")
    assert r.returncode == 1
    assert "was not made by danvan-site" in r.stderr and "--force" in r.stderr
    assert snapshot(mine) == {"notes.txt": b"keep me"}


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
    proc = subprocess.Popen([sys.executable, BUILD, "serve", "--port", str(port), "--output", "preview"],
                            cwd=project, stdout=log, stderr=subprocess.STDOUT)
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
    assert SUMMARY.search(text)


def test_version():
    r = run(ROOT, "--version")
    assert r.returncode == 0 and re.fullmatch(r"danvan-site \d+\.\d+\.\d+\n", r.stdout)
