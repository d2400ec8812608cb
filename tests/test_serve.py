"""``python build.py serve``: the preview server (pages get the live-reload script, the files on
disk do not), the watcher (a change to the corpus, the templates or the settings file rebuilds
and bumps the build counter; a failed rebuild keeps the last good site) and the command line
(port in use, Ctrl+C). Deadlines below are generous limits on polling, not timings."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT
from danvan_site.dev import serve as live
from danvan_site.cli import _parser, main
from danvan_site.core.config import load_settings
from danvan_site.core.errors import ConfigError
from danvan_site.build.pipeline import build

BUILD = str(ROOT / "build.py")
ARTICLE = "000_889518c93afc39ce.txt"
TITLE = "Đảng ủy phường Gia Thụy tổ chức sơ kết việc thực hiện mô hình Dân vận khéo 6 tháng đầu năm 2021"
DEADLINE = 30.0


def tag(version: int) -> bytes:
    return f'<script src="/__danvan/livereload.js" data-version="{version}"></script>'.encode()


class Response:
    def __init__(self, status: int, headers, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def get(url: str, method: str = "GET") -> Response:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return Response(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        return Response(e.code, e.headers, e.read())


def wait_for(condition, what: str, deadline: float = DEADLINE) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"not within {deadline:.0f} s: {what}")


class Output:
    """What the server printed (stdout and stderr, from every thread), accumulated."""

    def __init__(self, capsys) -> None:
        self.capsys = capsys
        self.out = ""
        self.err = ""

    def read(self) -> "Output":
        got = self.capsys.readouterr()
        self.out += got.out
        self.err += got.err
        return self


class Project:
    """A user's folder (site.yaml, corpus/, an empty templates_custom/) built once into site/."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copy(ROOT / "site.yaml", root / "site.yaml")
        shutil.copytree(CORPUS, root / "corpus")
        (root / "templates_custom").mkdir()  # site.yaml names it
        # a copy of the theme: edits to the project's templates/ while the tests run are not seen
        shutil.copytree(ROOT / "src/danvan_site/site/theme", root / "theme")
        self.output = root / "site"
        self.overrides = {"output": str(self.output), "search": False, "theme": str(root / "theme")}

    def settings(self):
        return load_settings(self.root / "site.yaml", dict(self.overrides))

    def articles(self) -> list[dict]:
        return json.loads((self.output / "api" / "articles.json").read_text(encoding="utf-8"))["articles"]


def built(root: Path) -> Project:
    p = Project(root)
    result = build(p.settings())
    assert result.written
    return p


def started(project: Project):
    """The preview of ``project`` on a free port, watching (every 0.1 s), with the first build
    counted as version 1."""
    s = live.Server(project.settings(), port=0, interval=0.1, reload_settings=project.settings)
    s.start()
    return s


@pytest.fixture
def project(tmp_path) -> Project:
    """A built project of the test's own, to change."""
    return built(tmp_path)


@pytest.fixture
def server(project):
    s = started(project)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One built project and its preview for the tests that only read (nothing changes it)."""
    p = built(tmp_path_factory.mktemp("shared"))
    s = started(p)
    yield p, s
    s.stop()


def version(server) -> str:
    return get(server.url + "__danvan/version").text


# the server -----------------------------------------------------------------------------------


def test_pages_get_the_script_the_files_on_disk_do_not(shared):
    project, server = shared
    on_disk = (project.output / "index.html").read_bytes()
    assert b"__danvan" not in on_disk
    for address in ("", "index.html"):
        r = get(server.url + address)
        assert r.status == 200
        assert r.headers["Content-Type"] == "text/html; charset=utf-8"
        assert r.headers["Cache-Control"] == "no-store"
        assert r.body == on_disk.replace(b"</body>", tag(1) + b"</body>")
        assert r.body.count(b"</body>") == 1 and r.body.index(tag(1)) == r.body.index(b"</body>") - len(tag(1))
        assert int(r.headers["Content-Length"]) == len(r.body)
    head = get(server.url, method="HEAD")
    assert head.status == 200 and head.body == b""
    assert int(head.headers["Content-Length"]) == len(on_disk) + len(tag(1))


def test_a_folder_without_slash_is_redirected(shared):
    server = shared[1]
    request = urllib.request.Request(server.url + "bai-viet")
    opener = urllib.request.build_opener(type("NoRedirect", (urllib.request.HTTPRedirectHandler,),
                                              {"redirect_request": lambda *a, **k: None}))
    with pytest.raises(urllib.error.HTTPError) as info:
        opener.open(request, timeout=10)
    assert info.value.code == 301
    assert info.value.headers["Location"] == "/bai-viet/"


def test_script_and_version_addresses(shared):
    server = shared[1]
    r = get(server.url + "__danvan/livereload.js")
    assert r.status == 200
    assert r.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert r.body == live.LIVERELOAD_JS
    assert b'fetch("/__danvan/version"' in r.body and b"location.reload()" in r.body
    assert b'getAttribute("data-version")' in r.body
    v = get(server.url + "__danvan/version?t=1")
    assert (v.status, v.body, v.headers["Cache-Control"]) == (200, b"1", "no-store")
    assert v.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert get(server.url + "__danvan/nothing").status == 404


def test_other_files_are_served_as_they_are(shared):
    project, server = shared
    article = project.articles()[0]
    for path in ("static/style.css", "api/articles.json", "feed.xml", article["raw_url"], "robots.txt"):
        assert (project.output / path).is_file(), path
        r = get(server.url + path)
        assert r.status == 200, path
        assert r.body == (project.output / path).read_bytes(), path
        assert r.headers["Cache-Control"] == "no-cache", path
    assert get(server.url + "static/style.css").headers["Content-Type"] == "text/css"
    assert get(server.url + "api/articles.json").headers["Content-Type"] == "application/json"


def test_missing_address_gets_the_sites_404_page(shared):
    project, server = shared
    r = get(server.url + "bai-viet/khong-co-ban-tin-nay/index.html")
    assert r.status == 404
    assert r.body == (project.output / "404.html").read_bytes().replace(b"</body>", tag(1) + b"</body>")
    assert "Không tìm thấy trang" in r.text


def test_inject_places_the_tag_before_the_last_body_end():
    assert live.inject(b"<p>x</p></BODY></html>", b"<s>") == b"<p>x</p><s></BODY></html>"
    assert live.inject(b"<p></body></p></body>", b"<s>") == b"<p></body></p><s></body>"
    assert live.inject(b"<p>no end", b"<s>") == b"<p>no end<s>"


def test_without_watching_pages_are_sent_as_on_disk(shared):
    project = shared[0]
    s = live.Server(project.settings(), port=0, watch=False)
    s.start()
    try:
        r = get(s.url + "index.html")
        assert r.status == 200
        assert r.body == (project.output / "index.html").read_bytes()
        missing = get(s.url + "khong-co.html")
        assert missing.status == 404 and missing.body == (project.output / "404.html").read_bytes()
    finally:
        s.stop()
    assert _parser().parse_args(["serve", "--no-watch"]).no_watch is True
    assert _parser().parse_args(["serve"]).no_watch is False


# watching and rebuilding ----------------------------------------------------------------------


def test_corpus_edit_rebuilds_and_bumps_the_version(project, server, capsys):
    output = Output(capsys)
    source = project.root / "corpus" / ARTICLE
    text = source.read_text(encoding="utf-8")
    assert TITLE in text
    new_title = TITLE + " (bản sửa)"
    source.write_text(text.replace(TITLE, new_title, 1), encoding="utf-8")
    wait_for(lambda: version(server) == "2", "the version becomes 2 after the corpus edit")
    [article] = [a for a in project.articles() if a["source_file"] == ARTICLE]
    assert article["title"] == new_title
    page = get(server.url + article["url"] + "index.html")
    assert page.status == 200
    assert f"<title>{new_title} – " in page.text
    assert tag(2) in page.body
    assert new_title in get(server.url).text
    assert b"__danvan" not in (project.output / article["url"] / "index.html").read_bytes()
    output.read()
    assert f"Changed: {source}; rebuilding…" in output.out
    # one bulletin changed: the site is updated, most files kept as they were
    assert re.search(r"^Updated the site: 1 bulletin changed, [\d,]+ files? written, [\d,]+ files? kept as they were\.$",
                     output.out, re.M), output.out
    assert server.failures == 0


def test_template_changes_rebuild_and_a_broken_one_keeps_the_last_site(project, server, capsys):
    output = Output(capsys)
    custom = project.root / "templates_custom"
    base = (ROOT / "src/danvan_site/site/theme" / "base.html").read_text(encoding="utf-8")
    assert base.count("</footer>") == 1
    (custom / "base.html").write_text(base.replace("</footer>", '</footer><p id="dau-moc">Bản thử</p>'),
                                      encoding="utf-8")
    wait_for(lambda: version(server) == "2", "the version becomes 2 after a template is added")
    home = get(server.url)
    assert '<p id="dau-moc">Bản thử</p>' in home.text and tag(2) in home.body
    built = (project.output / "index.html").read_bytes()

    (custom / "index.html").write_text('{% extends "base.html" %}{% if %}{% endif %}', encoding="utf-8")
    wait_for(lambda: server.failures == 1, "the broken template is reported")
    output.read()
    assert re.search(r"^error: template .*index\.html:1: ", output.err, re.M), output.err
    assert f"The last good site is still served on {server.url}" in output.err
    assert version(server) == "2"
    assert (project.output / "index.html").read_bytes() == built
    home = get(server.url)
    assert home.status == 200 and home.body == built.replace(b"</body>", tag(2) + b"</body>")

    (custom / "index.html").write_text('{% extends "base.html" %}{% block content %}<h1>Trang chủ tạm</h1>'
                                       '{% endblock %}', encoding="utf-8")
    wait_for(lambda: version(server) == "3", "the version becomes 3 once the template is fixed")
    assert server.failures == 1
    assert "<h1>Trang chủ tạm</h1>" in get(server.url).text
    assert get(server.url).body == (project.output / "index.html").read_bytes().replace(b"</body>", tag(3) + b"</body>")


def test_settings_file_edit_rebuilds_with_the_new_settings(project, server, capsys):
    output = Output(capsys)
    config = project.root / "site.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "colour: red\n", encoding="utf-8")  # an unknown setting: refused
    wait_for(lambda: server.failures == 1, "the bad settings file is reported")
    output.read()
    assert "error: " in output.err and "unknown setting 'colour'" in output.err
    assert version(server) == "1"
    config.write_text(text.replace('title: "Lưu trữ tin dân vận"', 'title: "Kho tin thử nghiệm"'), encoding="utf-8")
    wait_for(lambda: version(server) == "2", "the version becomes 2 after the settings file is fixed")
    assert "<title>Kho tin thử nghiệm</title>" in get(server.url).text


def test_a_burst_of_changes_is_built_once_when_it_stops(project, capsys):
    """The watcher's steps, driven by hand: a change is built on the first look that finds
    the inputs as the look before did."""
    s = live.Server(project.settings(), port=0, reload_settings=project.settings)
    s.begin_watch()
    corpus = project.root / "corpus"
    assert s.poll() is False  # nothing changed
    shutil.copy(corpus / ARTICLE, corpus / "moi-1.txt")
    assert s.poll() is False  # seen, maybe still changing
    shutil.copy(corpus / ARTICLE, corpus / "moi-2.txt")
    assert s.poll() is False  # it was still changing
    assert s.version == 1
    assert s.poll() is True  # the same as the look before: built
    assert s.version == 2
    assert s.poll() is False
    assert s.version == 2
    out = capsys.readouterr().out
    assert out.count("Changed: ") == 1
    assert f"Changed: {corpus / 'moi-1.txt'}, {corpus / 'moi-2.txt'}; rebuilding…" in out


def test_snapshot_ignores_hidden_and_editor_files_and_the_output(tmp_path):
    root = tmp_path / "inputs"
    (root / "a").mkdir(parents=True)
    (root / "a" / "tin.txt").write_text("x", encoding="utf-8")
    config = tmp_path / "site.yaml"
    config.write_text("title: x\n", encoding="utf-8")
    roots = [root, config, tmp_path / "templates_custom"]
    skip = {os.path.realpath(root / "site")}
    before = live.snapshot(roots, skip)
    assert set(before) == {str(root), str(root / "a" / "tin.txt"), str(config), str(tmp_path / "templates_custom")}
    assert before[str(tmp_path / "templates_custom")] is None  # not there yet
    for name in (".an", "tin.txt~", ".#tin.txt", "#tin.txt#", ".tin.txt.swp", "tin.txt.swp", "4913", "x.tmp"):
        (root / "a" / name).write_text("y", encoding="utf-8")
    for folder in (".danvan", ".danvan-cache", ".site-new-0123abcd", "site", "__pycache__"):
        (root / folder).mkdir()
        (root / folder / "index.html").write_text("z", encoding="utf-8")
    assert live.snapshot(roots, skip) == before
    (root / "a" / "tin.txt").write_text("xy", encoding="utf-8")
    (tmp_path / "templates_custom").mkdir()
    after = live.snapshot(roots, skip)
    assert live._changes(before, after) == sorted([str(root / "a" / "tin.txt"), str(tmp_path / "templates_custom")])


def test_the_build_cache_folder_is_not_watched(tmp_path):
    project = Project(tmp_path)  # not built: nothing reads a site
    settings = project.settings()
    settings.cache = project.root / "corpus" / "bo-nho-dem"  # even a visible one inside the corpus
    s = live.Server(settings, port=0)
    before = s.snapshot()
    (project.root / "corpus" / "bo-nho-dem").mkdir()
    (project.root / "corpus" / "bo-nho-dem" / "records.pickle").write_bytes(b"1")
    assert s.snapshot() == before


# the command line -----------------------------------------------------------------------------


def _listening_socket() -> tuple[socket.socket, int]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    return sock, sock.getsockname()[1]


def test_port_in_use_is_a_clear_error(shared):
    project = shared[0]
    sock, port = _listening_socket()
    try:
        with pytest.raises(ConfigError) as info:
            live.Server(project.settings(), port=port).start()
        assert info.value.exit_code == 2
        assert str(info.value).startswith(f"port {port} on 127.0.0.1 is already in use")
        assert "--port 0" in str(info.value)
    finally:
        sock.close()


def test_cli_port_in_use_exits_2(tmp_path, monkeypatch, capsys):
    project = Project(tmp_path)  # the command builds it
    monkeypatch.chdir(project.root)
    sock, port = _listening_socket()
    try:
        code = main(["serve", "--port", str(port), "--no-search", "-q"])
    finally:
        sock.close()
    err = capsys.readouterr().err
    assert code == 2
    assert f"error: port {port} on 127.0.0.1 is already in use" in err
    assert "Traceback" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is a POSIX signal")
def test_ctrl_c_stops_cleanly(tmp_path):
    project = Project(tmp_path)  # the command builds it
    log_path = project.root / "serve.log"
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen([sys.executable, BUILD, "serve", "--port", "0", "--no-search"],
                                cwd=project.root, stdout=log, stderr=subprocess.STDOUT)
        try:
            started = re.compile(r"Serving .*/ on (http://127\.0\.0\.1:\d+/) \(Ctrl\+C to stop\)")
            wait_for(lambda: started.search(log_path.read_text(encoding="utf-8")) or proc.poll() is not None,
                     "the server starts", deadline=120)
            text = log_path.read_text(encoding="utf-8")
            assert proc.poll() is None, text
            url = started.search(text).group(1)
            assert tag(1) in get(url).body
            assert f"Watching corpus/, templates_custom/, {ROOT / 'src/danvan_site/site/theme'}/, site.yaml:" in text
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=60) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    text = log_path.read_text(encoding="utf-8")
    assert text.rstrip().endswith("Stopped."), text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text


def _edit_title(project) -> str:
    source = project.root / "corpus" / ARTICLE
    new_title = TITLE + " (sửa lần nữa)"
    source.write_text(source.read_text(encoding="utf-8").replace(TITLE, new_title, 1), encoding="utf-8")
    return new_title


def test_changes_are_seen_from_the_file_systems_events(project):
    """With watchfiles (a dependency), the preview waits for the file system's events instead of
    looking at every file twice a second; a save is built and the pages reload."""
    s = started(project)
    try:
        assert s.watcher == "watchfiles"
        new_title = _edit_title(project)
        wait_for(lambda: version(s) == "2", "the version becomes 2 after the corpus edit")
        assert any(a["title"] == new_title for a in project.articles())
    finally:
        s.stop()


@pytest.mark.parametrize("how", ["not installed", "no events"])
def test_without_events_the_preview_polls(project, monkeypatch, capsys, how):
    """Where watchfiles cannot be loaded, or the file system sends no events (a network share),
    the preview looks at the files every ``interval`` seconds instead: still rebuilt."""
    if how == "not installed":
        monkeypatch.setattr(live, "_watchfiles_available", lambda: False)
    else:
        def no_events(self):
            raise OSError("no events here")
        monkeypatch.setattr(live.Server, "_watch_events", no_events)
    output = Output(capsys)
    s = started(project)
    try:
        _edit_title(project)
        wait_for(lambda: version(s) == "2", "the version becomes 2 after the corpus edit")
        assert s.watcher == "polling"
    finally:
        s.stop()
    output.read()
    if how == "no events":
        assert "no change events (OSError: no events here)" in output.err
