"""Writing the site: all or nothing, never outside the output folder, never over foreign files."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from danvan_site.core.errors import BuildError
from danvan_site.site.render import Output
from danvan_site.output.write import MARKER, WriteStats, write_site


def _outputs(text: str = "hello") -> list[Output]:
    return [Output("index.html", text.encode()), Output("a/b/index.html", b"<p>b</p>")]


def test_writes_files_and_marker(tmp_path: Path) -> None:
    src = tmp_path / "raw.txt"
    src.write_bytes(b"raw")
    out = tmp_path / "site"
    stats = write_site([*_outputs(), Output("nguon/raw.txt", source=src)], out)
    assert (stats.pages, stats.files) == (2, 1)
    # The marker names the digest of what was written: a later build can tell the folder is intact.
    assert stats.marker is not None and len(stats.marker) == 64
    assert (out / "index.html").read_text() == "hello"
    assert (out / "a/b/index.html").read_bytes() == b"<p>b</p>"
    assert (out / "nguon/raw.txt").read_bytes() == b"raw"
    assert (out / MARKER).read_text().endswith(f"\nmanifest {stats.marker}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw.txt", "site"]  # no temporary folders left


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_made_elsewhere_is_moved_into_place(tmp_path: Path, jobs: int) -> None:
    """An output whose file another process made (``Output.ready``, the exports) is moved into
    place, its maker never called; one whose file is not there (that process failed) is made
    by its maker. Heavy or not, with one writer or two."""
    made = tmp_path / "made.bin"
    made.write_bytes(b"made elsewhere")
    called: list[str] = []

    def maker(name: str) -> bytes:
        called.append(name)
        return f"made here: {name}".encode()

    outputs = [
        *_outputs(),
        Output("api/a.json", make=lambda: maker("a"), key="k a", weight=5000, ready=lambda: made),
        Output("api/b.json", make=lambda: maker("b"), key="k b", weight=5000, ready=lambda: None),
    ]
    out = tmp_path / "site"
    write_site(outputs, out, jobs=jobs)
    assert (out / "api/a.json").read_bytes() == b"made elsewhere"
    assert (out / "api/b.json").read_bytes() == b"made here: b"
    assert not made.exists()  # moved, not copied
    if jobs == 1:
        assert called == ["b"]
    with pytest.raises(ValueError, match="maker to fall back on"):
        Output("api/c.json", b"x", ready=lambda: made)


def test_rebuild_replaces_the_whole_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(_outputs("one") + [Output("old.html", b"x")], out)
    write_site(_outputs("two"), out)
    assert (out / "index.html").read_text() == "two"
    assert not (out / "old.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_failed_build_leaves_the_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(_outputs("one"), out)

    def failing() -> Iterator[Output]:
        yield Output("index.html", b"half")
        raise BuildError("template broke")

    with pytest.raises(BuildError, match="template broke"):
        write_site(failing(), out)
    assert (out / "index.html").read_text() == "one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_missing_copy_source_leaves_the_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(_outputs("one"), out)
    with pytest.raises(BuildError, match="missing"):
        write_site([Output("x.txt", source=tmp_path / "nope.txt")], out)
    assert (out / "index.html").read_text() == "one"


def test_refuses_a_foreign_non_empty_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    with pytest.raises(BuildError, match="not made by danvan-site"):
        write_site(_outputs(), out)
    assert (out / "thesis.docx").read_text() == "precious"
    write_site(_outputs(), out, force=True)
    assert not (out / "thesis.docx").exists()


def test_empty_existing_folder_is_fine(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    write_site(_outputs(), out)
    assert (out / "index.html").is_file()


@pytest.mark.parametrize("path", ["../evil.html", "/etc/evil", "a/../../evil", "a//b", "./a", "", "a\\b",
                                  "C:/x", MARKER])
def test_rejects_paths_that_could_escape(tmp_path: Path, path: str) -> None:
    with pytest.raises(BuildError, match="refusing to write"):
        write_site([Output(path, b"x")], tmp_path / "site")
    assert not (tmp_path / "site").exists()
    assert not (tmp_path / "evil.html").exists()


def test_rejects_duplicate_paths(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="same file"):
        write_site([Output("a.html", b"1"), Output("A.html", b"2")], tmp_path / "site")


def test_never_replaces_folders_the_build_reads(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "x.txt").write_text("bulletin")
    with pytest.raises(BuildError, match="which the build reads"):
        write_site(_outputs(), tmp_path, force=True, protected=[corpus])
    with pytest.raises(BuildError, match="which the build reads"):
        write_site(_outputs(), corpus / "site", protected=[corpus])
    with pytest.raises(BuildError, match="current folder"):
        write_site(_outputs(), Path.cwd(), force=True)
    assert (corpus / "x.txt").read_text() == "bulletin"


def test_refuses_a_file_as_output(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.write_text("file")
    with pytest.raises(BuildError, match="not a folder"):
        write_site(_outputs(), target)


# --- interrupted builds, leftovers, and nothing outside the output folder is ever deleted -------

import os  # noqa: E402
import shutil  # noqa: E402

from danvan_site.output import write as write_module  # noqa: E402
from danvan_site.cli import main  # noqa: E402


def _tree(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``: a file's bytes, a link's target, "dir" for a folder."""
    out: dict[str, bytes | str] = {}
    for p in sorted(folder.rglob("*")):
        key = p.relative_to(folder).as_posix()
        if p.is_symlink():
            out[key] = "link -> " + os.readlink(p)
        elif p.is_dir():
            out[key] = "dir"
        else:
            out[key] = p.read_bytes()
    return out


def _many(n: int, text: str) -> list[Output]:
    return [Output(f"p{i}/index.html", f"{text} {i}".encode()) for i in range(n)]


def test_ctrl_c_in_the_middle_of_writing_leaves_the_previous_site_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(_many(20, "one"), out)
    before = _tree(out)

    def interrupted() -> Iterator[Output]:
        yield from _many(7, "two")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_site(interrupted(), out)
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # the temporary folder is gone


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError])
def test_interrupted_swap_puts_the_previous_site_back(tmp_path: Path, monkeypatch, failure) -> None:
    """Ctrl+C (or an error) after the old site is moved away and before the new one is moved in."""
    out = tmp_path / "site"
    write_site(_many(5, "one"), out)
    before = _tree(out)
    real_rename = os.rename
    calls: list[tuple[str, str]] = []

    def rename(src, dst):
        calls.append((Path(src).name, Path(dst).name))
        if len(calls) == 2:  # site -> .site-old-…, then .site-new-… -> site fails
            raise failure("interrupted")
        real_rename(src, dst)

    monkeypatch.setattr(write_module.os, "rename", rename)
    with pytest.raises(KeyboardInterrupt if failure is KeyboardInterrupt else BuildError):
        write_site(_many(5, "two"), out)
    assert calls[0][0] == "site" and calls[0][1].startswith(".site-old-")
    assert calls[1][0].startswith(".site-new-") and calls[1][1] == "site"
    assert calls[2] == (calls[0][1], "site")  # put back
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_leftovers_of_a_killed_build_are_removed_by_the_next_build(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(_outputs("one"), out)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    # What a build killed with SIGKILL leaves: its new folder (half written) or the old site.
    for name in (".site-new-0123abcd", ".site-old-89abcdef"):
        (tmp_path / name / "half").mkdir(parents=True)
        (tmp_path / name / MARKER).write_text("x")
        (tmp_path / name / "half" / "index.html").write_text("half")
        (tmp_path / name / "link").symlink_to(outside)  # rmtree removes the link, not its target
    # Not ours: no marker, another name pattern, another site's name, a link, a file.
    (tmp_path / ".site-new-deadbeef").mkdir()
    (tmp_path / ".site-new-deadbeef" / "notes.txt").write_text("mine")
    (tmp_path / ".site-new-0123abcdef").mkdir()
    (tmp_path / ".site-new-0123abcdef" / MARKER).write_text("x")
    (tmp_path / ".other-new-0123abcd").mkdir()
    (tmp_path / ".other-new-0123abcd" / MARKER).write_text("x")
    (outside / MARKER).write_text("x")
    (tmp_path / ".site-old-00000000").symlink_to(outside)
    (tmp_path / ".site-old-11111111").write_text("a file")
    write_site(_outputs("two"), out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".other-new-0123abcd", ".site-new-0123abcdef", ".site-new-deadbeef", ".site-old-00000000",
        ".site-old-11111111", "outside", "site"]
    assert (tmp_path / ".site-new-deadbeef" / "notes.txt").read_text() == "mine"
    assert _tree(outside) == {MARKER: b"x", "keep.txt": b"keep"}
    assert (out / "index.html").read_text() == "two"


@pytest.mark.skipif(write_module.fcntl is None, reason="advisory locks need fcntl (not on Windows)")
def test_a_temporary_folder_another_build_is_writing_is_left_alone(tmp_path: Path) -> None:
    busy = tmp_path / ".site-new-aaaaaaaa"
    busy.mkdir()
    (busy / MARKER).write_text("x")
    fd = write_module._lock(busy)  # another build holds it
    try:
        write_site(_outputs(), tmp_path / "site")
        assert busy.is_dir()
    finally:
        write_module._unlock(fd)
    write_site(_outputs(), tmp_path / "site")
    assert not busy.exists()


@pytest.mark.parametrize("force", [False, True])
def test_a_rebuild_never_deletes_anything_outside_the_output_folder(tmp_path: Path, force: bool) -> None:
    out = tmp_path / "site"
    if force:  # a folder danvan-site did not make, replaced with --force
        out.mkdir()
        (out / "thesis.docx").write_text("precious")
    else:
        write_site(_outputs("one"), out)
    (tmp_path / "site.txt").write_text("a sibling file")
    (tmp_path / "site-backup").mkdir()
    (tmp_path / "site-backup" / "index.html").write_text("a sibling folder")
    secret_dir = tmp_path / "elsewhere"
    secret_dir.mkdir()
    (secret_dir / "data.csv").write_text("1,2,3")
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text("secret")
    (out / "to-dir").symlink_to(secret_dir)  # links inside the old output, pointing outside
    (out / "to-file").symlink_to(secret_file)
    (out / "deep").mkdir(exist_ok=True)
    (out / "deep" / "up").symlink_to(tmp_path)
    before = {k: v for k, v in _tree(tmp_path).items() if not k.startswith("site/")}
    write_site(_outputs("two"), out, force=force)
    after = _tree(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith("site/")} == before
    assert sorted(k for k in after if k.startswith("site/")) == ["site/.danvan-site", "site/a", "site/a/b",
                                                               "site/a/b/index.html", "site/index.html"]


def test_refuses_a_folder_that_contains_the_home_folder(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "users" / "lan"
    home.mkdir(parents=True)
    (home / "notes.txt").write_text("mine")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    with pytest.raises(BuildError, match="contains your home folder"):
        write_site(_outputs(), tmp_path / "users", force=True)
    assert (home / "notes.txt").read_text() == "mine"


# --- the same through the command line -----------------------------------------------------------

GOOD = "Đảng ủy phường Gia Thụy tổ chức hội nghị sơ kết\n12/07/2021 10:00\n\nSáng ngày 10/7, Đảng ủy phường Gia Thụy tổ chức hội nghị sơ kết.\n"


@pytest.fixture
def user_folder(tmp_path: Path, monkeypatch) -> Path:
    """A user's folder with a corpus of one bulletin and no site.yaml, as the current folder."""
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("the user's own file")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("output, says", [
    (".", "it contains the current folder"),
    ("..", "it contains the current folder"),
    ("corpus", "it contains {cwd}/corpus, which the build reads"),
    ("corpus/site", "it is inside {cwd}/corpus, which the build reads"),
])
def test_cli_refuses_the_current_folder_and_the_corpus(user_folder: Path, capsys, output: str, says: str) -> None:
    before = _tree(user_folder.parent)
    for force in ([], ["--force"]):
        code = main(["--output", output, "--no-search", "-q", *force])
        err = capsys.readouterr().err
        assert code == 1
        assert err.startswith("error: refusing to use ")
        assert says.format(cwd=user_folder) in err
        assert _tree(user_folder.parent) == before


def test_cli_refuses_a_foreign_folder_unless_forced(user_folder: Path, capsys) -> None:
    (user_folder / "docs").mkdir()
    (user_folder / "docs" / "thesis.docx").write_text("precious")
    assert main(["--output", "docs", "--no-search", "-q"]) == 1
    err = capsys.readouterr().err
    assert err == (f"error: the output folder {user_folder}/docs is not empty and was not made by danvan-site, "
                   f"so it will not be replaced. Choose another output folder, empty this one, or use --force "
                   f"to replace it.\n")
    assert (user_folder / "docs" / "thesis.docx").read_text() == "precious"
    assert main(["--output", "docs", "--no-search", "-q", "--force"]) == 0
    # --force names what it removes before the build replaces the folder (even with -q)
    assert capsys.readouterr().err == (f"warning: --force: the folder {user_folder}/docs/ was not made by danvan-site; "
                                       f"its 1 files are removed when the new site takes its place: thesis.docx\n")
    assert not (user_folder / "docs" / "thesis.docx").exists()
    assert (user_folder / "docs" / MARKER).is_file() and (user_folder / "docs" / "index.html").is_file()
    # Now it is danvan-site's: built again without --force (here: nothing changed, nothing to do).
    assert main(["--output", "docs", "--no-search", "-q"]) == 0
    # The user's replaced folder is not kept as a spare copy: only the build cache is added.
    # (The working folder .danvan holds the cache, and the spare copy of the new site.)
    assert sorted(p.name for p in user_folder.iterdir()) == [".danvan", "corpus", "docs", "notes.txt"]
    [spare] = (user_folder / ".danvan" / "spare").glob("docs-*")  # <name>-<8 hex of its path>
    assert _tree(spare).keys() == _tree(user_folder / "docs").keys()


def test_force_names_the_first_files_and_counts_the_rest(user_folder: Path, capsys) -> None:
    from danvan_site.output.write import foreign_contents

    (user_folder / "old" / "anh").mkdir(parents=True)
    (user_folder / "old" / "trong").mkdir()
    for i in range(25):
        (user_folder / "old" / "anh" / f"{i:02d}.jpg").write_bytes(b"x")
    (user_folder / "old" / "index.html").write_text("x")
    found = foreign_contents(user_folder / "old")
    assert found[:2] == ["anh/00.jpg", "anh/01.jpg"] and found[-2:] == ["index.html", "trong/"] and len(found) == 27
    assert main(["--output", "old", "--no-search", "-q", "--force"]) == 0
    err = capsys.readouterr().err
    assert "its 27 files are removed" in err and "anh/19.jpg and 7 more\n" in err and "anh/20.jpg" not in err
    assert foreign_contents(user_folder / "old") == []  # ours now: nothing foreign to name


# --- incremental writes: the spare folder (the previous-but-one site) is reused -----------------


def test_links_put_into_a_published_site_are_never_followed_when_it_is_reused(tmp_path: Path) -> None:
    """A link put by hand into the live site, which two builds later is brought up to date as the
    spare: the build neither reads nor writes through it, and the new site is complete."""
    from danvan_site.store.db import Store

    state = Store(tmp_path / "state")
    out = tmp_path / "site"
    outside = tmp_path / "outside"
    (outside / "a" / "b").mkdir(parents=True)
    (outside / "a" / "b" / "index.html").write_bytes(b"<p>b</p>")  # what the site would have there
    (outside / "static").mkdir()
    (outside / "static" / "style.css").write_text("theirs")
    before = _tree(outside)

    def outputs(text: str) -> list[Output]:
        return [Output("index.html", text.encode()), Output("a/b/index.html", b"<p>b</p>"),
                Output("a/c/index.html", text.encode()), Output("static/style.css", b"body{}")]

    write_site(outputs("one"), out, state=state, spare=tmp_path / ".site-spare")
    # Links into the live site: a folder, a file, and a folder the next build must write into.
    shutil.rmtree(out / "a")
    (out / "a").symlink_to(outside / "a")
    (out / "static").mkdir(exist_ok=True)
    (out / "static" / "style.css").unlink()
    (out / "static" / "style.css").symlink_to(outside / "static" / "style.css")
    write_site(outputs("two"), out, state=state, spare=tmp_path / ".site-spare")  # "one" (with the links) becomes the spare
    assert (tmp_path / ".site-spare").is_dir()
    write_site(outputs("three"), out, state=state, spare=tmp_path / ".site-spare")  # the spare is brought up to date
    assert _tree(outside) == before
    assert _tree(out) == {MARKER: (out / MARKER).read_bytes(), "a": "dir", "a/b": "dir", "a/b/index.html": b"<p>b</p>",
                          "a/c": "dir", "a/c/index.html": b"three", "index.html": b"three", "static": "dir",
                          "static/style.css": b"body{}"}


@pytest.mark.parametrize("early", [False, True], ids=["by-the-writer", "beside-the-build"])
def test_files_put_into_a_published_site_are_cleared_when_it_is_reused(tmp_path: Path, monkeypatch,
                                                                      early: bool) -> None:
    """Files, folders and links put by hand into the live site are gone when it comes back as the
    spare two builds later, whether the writer clears them or a process started beside the build
    did (``StrayClearing``); then the writer does not walk the folder again."""
    from danvan_site.store.db import Store

    state = Store(tmp_path / "state")
    out, spare = tmp_path / "site", tmp_path / "work" / "spare" / "site"
    outside = tmp_path / "outside.txt"
    outside.write_text("theirs")

    def outputs(text: str) -> list[Output]:
        return [Output("index.html", text.encode()), Output("a/b/index.html", b"<p>b</p>"),
                Output("a/c/index.html", text.encode())]

    write_site(outputs("one"), out, state=state, spare=spare)
    write_site(outputs("two"), out, state=state, spare=spare)  # the first site is now the spare
    (out / "a" / "stray.html").write_text("by hand")
    (out / "junk" / "deep").mkdir(parents=True)
    (out / "junk" / "deep" / "x.txt").write_text("by hand")
    (out / "a" / "b" / "link.txt").symlink_to(outside)
    write_site(outputs("three"), out, state=state, spare=spare)  # the edited "two" becomes the spare
    walks: list[Path] = []
    clearing = write_module.StrayClearing.start(state, out, spare) if early else None
    assert (clearing is not None) == early
    real = write_module._remove_strays
    monkeypatch.setattr(write_module, "_remove_strays", lambda root, wanted: (walks.append(root), real(root, wanted)))
    write_site(outputs("four"), out, state=state, spare=spare, clearing=clearing)
    assert len(walks) == (0 if early else 1)
    assert outside.read_text() == "theirs"
    assert _tree(out) == {MARKER: (out / MARKER).read_bytes(), "a": "dir", "a/b": "dir", "a/b/index.html": b"<p>b</p>",
                          "a/c": "dir", "a/c/index.html": b"four", "index.html": b"four"}


def test_no_clearing_is_started_for_a_spare_of_unknown_content(tmp_path: Path) -> None:
    """Only a spare whose marker names the manifest the store knows is cleared beside the build."""
    from danvan_site.store.db import Store

    state = Store(tmp_path / "state")
    out, spare = tmp_path / "site", tmp_path / "spare" / "site"
    assert write_module.StrayClearing.start(state, out, spare) is None  # no spare yet
    write_site(_outputs("one"), out, state=state, spare=spare)
    write_site(_outputs("two"), out, state=state, spare=spare)
    assert write_module.StrayClearing.start(None, out, spare) is None  # no store
    (spare / MARKER).write_text("danvan-site\nmanifest 0000\n", encoding="utf-8")
    assert write_module.StrayClearing.start(state, out, spare) is None  # another manifest


def test_the_writers_share_work_by_weight_and_keep_a_group_together() -> None:
    """The expensive exports of a one-bulletin rebuild are spread over the processes by their cost,
    and the report tables (one computation, five files) stay in one process."""
    from danvan_site.output.write import _shares

    def out(name: str, weight: int = 1, group: str | None = None) -> tuple[Path, Output]:
        return Path(name), Output(name, b"x", weight=weight, group=group)
    todo = [out("a.html"), out("api/articles.sqlite", 60_000), out("api/articles.json", 10_000),
            out("api/thong-ke/theo-quy.csv", 30_000, "t"), out("api/thong-ke/theo-nam.csv", 0, "t"),
            out("api/articles.csv", 10_000), out("b.html"), out("api/thong-ke/so-lieu.csv", 0, "t")]
    shares = _shares(todo, 2)
    assert shares == [[1], [0, 2, 3, 4, 5, 6, 7]]
    assert sorted(i for share in shares for i in share) == list(range(len(todo)))
    assert _shares(todo[:1], 4) == [[0]]


@pytest.mark.parametrize("batches_fail", [False, True])
def test_pages_written_while_the_render_goes_on_equal_a_one_process_build(tmp_path, monkeypatch, batches_fail):
    """With two processes, batches of pages are handed to forked writers while the render goes
    on (write._Streamer); the site is byte for byte the one a single process writes. A batch
    whose writer fails is written again by the parent: the same site."""
    from danvan_site.build.pipeline import build
    from danvan_site.output import write as write_module
    from conftest import seed_settings

    one = tmp_path / "one" / "site"
    build(seed_settings(one, jobs=1, search=False))
    started: list[int] = []
    real_start = write_module._Streamer._start

    def start(self):
        started.append(len(self.pending))
        real_start(self)

    monkeypatch.setattr(write_module, "STREAM_BATCH", 5)
    monkeypatch.setattr(write_module._Streamer, "_start", start)
    if batches_fail:
        monkeypatch.setattr(write_module, "_write_batch", lambda batch, send: os._exit(1))
    streamed = tmp_path / "streamed" / "site"
    build(seed_settings(streamed, jobs=2, search=False))
    assert started  # batches went out while the render went on (how many depends on how fast each is written)

    def tree(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    assert tree(streamed) == tree(one)


def test_the_queue_of_pages_is_bounded_while_the_writer_is_busy(tmp_path, monkeypatch):
    """The render goes faster than a writer: when the queue reaches STREAM_LIMIT and no writer
    is free, the parent makes pages from its head itself, so the queue (each page holding its
    context) stays bounded; the site is byte for byte the one a single process writes."""
    import time
    from danvan_site.build.pipeline import build
    from danvan_site.output import write as write_module
    from conftest import seed_settings

    one = tmp_path / "one" / "site"
    build(seed_settings(one, jobs=1, search=False))
    real_batch = write_module._write_batch

    def slow_batch(batch, send):  # a writer much slower than the render
        time.sleep(2)
        real_batch(batch, send)

    queued: list[int] = []
    weights: list[int] = []
    here: list[int] = []
    real_add = write_module._Streamer.add
    real_here = write_module._Streamer._write_here

    def add(self, target, output):
        real_add(self, target, output)
        queued.append(self.weight)
        weights.append(output.weight if output.weight < write_module.HEAVY else 0)

    def write_here(self, weight):
        here.append(weight)
        real_here(self, weight)

    monkeypatch.setattr(write_module, "STREAM_BATCH", 5)
    monkeypatch.setattr(write_module, "STREAM_LIMIT", 10)
    monkeypatch.setattr(write_module, "STREAM_STEP", 3)
    monkeypatch.setattr(write_module, "_write_batch", slow_batch)
    monkeypatch.setattr(write_module._Streamer, "add", add)
    monkeypatch.setattr(write_module._Streamer, "_write_here", write_here)
    bounded = tmp_path / "bounded" / "site"
    build(seed_settings(bounded, jobs=2, search=False))
    assert here and set(here) == {3}  # the parent made pages itself, a step at a time
    # after each output the queue is under the bound (a page weighs 1, a file made from every
    # record as many as there are records: the seeds' exports weigh up to 30 here)
    assert len(queued) > 50 and max(queued) < 10 < max(weights)

    def tree(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    assert tree(bounded) == tree(one)


def test_a_kept_output_is_the_one_the_checked_constructor_makes() -> None:
    """``Output.unchanged`` sets the fields itself (it skips the frozen dataclass's checks, made
    60,000 times an incremental build): it must stay equal, field for field, to the checked
    ``Output(path, key=..., kept=True, is_page=...)``, and a field added later must be set."""
    import dataclasses

    for page in (True, False):
        fast = Output.unchanged("bai-viet/x/index.html", "k1", page=page)
        checked = Output("bai-viet/x/index.html", key="k1", kept=True, is_page=page)
        assert fast == checked and hash(fast) == hash(checked)
        assert {f.name: getattr(fast, f.name) for f in dataclasses.fields(Output)} == \
            {f.name: getattr(checked, f.name) for f in dataclasses.fields(Output)}
        assert fast.generated is page and fast.data() is None
        with pytest.raises(dataclasses.FrozenInstanceError):
            fast.key = "k2"  # type: ignore[misc]


@pytest.mark.parametrize("fork", [True, False])
def test_the_site_check_gives_the_same_answer_forked_or_not(tmp_path, monkeypatch, fork):
    """``start_output_check`` (the change check's stat of every file of the site): made by two
    forked processes while the corpus is scanned, or here; the same answer either way — the
    intact site, then a file of another size, a file removed, another marker, a file among the
    last ones written changed."""
    from danvan_site.build.pipeline import build, open_store
    from danvan_site.output import write as write_module
    from conftest import seed_settings

    site = tmp_path / "site"
    settings = seed_settings(site, search=False)
    build(settings)
    forks: list[int] = []
    real_fork = os.fork

    def counted_fork():
        forks.append(1)
        return real_fork()
    monkeypatch.setattr(write_module.os, "fork", counted_fork)
    monkeypatch.setattr(write_module, "FORK_CHECK_MIN", 1)
    store = open_store(settings)
    try:
        marker = store.get_state("last-build")["marker"]

        checks: list[int] = []

        def check(digest=marker) -> bool:
            before = len(forks)
            answer = write_module.start_output_check(site, digest, store, fork=fork)()
            checks.append(len(forks) - before)
            return answer
        assert check() is True
        assert check("0" * 32) is False  # the marker says so: nothing to stat
        page = site / "index.html"
        page.write_bytes(page.read_bytes() + b"\n")
        assert check() is False
        build(settings)  # made whole again
        marker = store.get_state("last-build")["marker"]
        assert check(marker) is True
        next(iter((site / "bai-viet").rglob("index.html"))).unlink()
        assert check(marker) is False
        build(settings)
        marker = store.get_state("last-build")["marker"]
        robots = site / "robots.txt"  # among the last files written: the second process's half
        robots.write_bytes(robots.read_bytes() + b"#")
        assert check(marker) is False
    finally:
        store.close()
    # forked: two processes, each half of the files
    assert checks == ([2, 0, 2, 2, 2, 2] if fork else [0, 0, 0, 0, 0, 0])


def test_the_manifests_are_saved_as_what_each_build_changed(tmp_path: Path) -> None:
    """The live site's and the spare's manifests and stamps are maps kept as a base and the
    changes since (``Store.set_map``): builds that change one page save that page's entries, and
    the roles read back are the whole manifests, with which the next build keeps every other
    file."""
    import pickle
    import sqlite3

    from danvan_site.store.db import FILE_NAME, Store

    state = Store(tmp_path / "state")
    out, spare = tmp_path / "site", tmp_path / "spare" / "site"

    def outputs(text: str) -> list[Output]:
        return [Output("index.html", text.encode())] + [Output(f"p/{i}/index.html", f"<p>{i}</p>".encode())
                                                        for i in range(40)]

    written = [write_site(outputs(text), out, state=state, spare=spare).changed
               for text in ("one", "two", "three", "four", "five")]
    assert written[2:] == [1, 1, 1]  # the spare brought up to date: only the home page written
    name = write_module._roles_name(out.absolute().resolve())
    db = sqlite3.connect(str(tmp_path / "state" / FILE_NAME))
    rows = {k: pickle.loads(v) for k, v in db.execute("SELECT k, v FROM state WHERE k LIKE ?", (name + ":%",))}
    db.close()
    changed, removed = rows[f"{name}:live:manifest#delta"]
    assert list(changed) == ["index.html"] and removed == []
    assert set(rows[f"{name}:live:stamps#delta"][0]) == {"index.html"}
    roles = write_module._load_roles(state, out.absolute().resolve())
    live = roles["live"]
    assert live is not None and sorted(live[1]) == sorted(o.path for o in outputs("five"))
    assert live[1]["index.html"] != rows[f"{name}:live:manifest#base"]["index.html"]
    assert roles["spare"] is not None and roles["spare"][0] != live[0]
    assert write_site(outputs("six"), out, state=state, spare=spare).changed == 1
    assert (out / "index.html").read_bytes() == b"six" and (out / "p" / "7" / "index.html").read_bytes() == b"<p>7</p>"


def test_the_files_of_a_kept_unit_are_kept_linked_or_missed_as_single_outputs(tmp_path: Path) -> None:
    """``KeptFiles`` (a unit the last build wrote, unchanged) is taken in one loop: its files are
    linked from the live site into a new folder, kept in the spare that has them, counted as
    pages or copied files, checked against the other outputs' names, and missed when deleted by
    hand, as one ``Output.unchanged`` each would be."""
    from danvan_site.core.outputs import KeptFiles
    from danvan_site.output.write import KeptFileMissing
    from danvan_site.store.db import Store

    state = Store(tmp_path / "state")
    out, spare = tmp_path / "site", tmp_path / "spare" / "site"
    kept = KeptFiles([("b/index.html", "b1", None), ("nguon/x.txt", "raw 1", None)])

    def build(home: str, unit: Output | KeptFiles) -> WriteStats:
        return write_site([Output("index.html", home.encode(), key=home), unit], out, state=state, spare=spare)

    first = build("one", Output("b/index.html", b"<p>b</p>", key="b1"))
    assert first.changed == 2
    raw = Output("nguon/x.txt", b"raw", key="raw 1")
    build("two", raw)  # the raw copy made, the page gone
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "index.html", "nguon"]
    write_site([Output("index.html", b"three", key="three"), Output("b/index.html", b"<p>b</p>", key="b1"), raw],
               out, state=state, spare=spare)
    # Both files kept as a unit: the new folder (the spare of two builds ago) has the raw copy as
    # written and not the page, which is linked from the live site.
    stats = build("four", kept)
    assert (stats.pages, stats.files, stats.changed) == (2, 1, 1)
    assert (out / "b" / "index.html").read_bytes() == b"<p>b</p>" and (out / "nguon" / "x.txt").read_bytes() == b"raw"
    assert (out / "index.html").read_bytes() == b"four"
    stats = build("five", kept)  # the spare now has both as written
    assert (stats.pages, stats.files, stats.changed) == (2, 1, 1)
    with pytest.raises(BuildError, match="two outputs want the same file 'b/index.html'"):
        write_site([Output("B/INDEX.HTML", b"x"), kept], out, state=state, spare=spare)
    build("six", raw)  # the page gone; the spare (site "five") has it
    build("seven", Output("b/index.html", b"<p>b</p>", key="b1"))  # back; the spare (site "six") has it not
    (out / "b" / "index.html").unlink()  # deleted by hand: neither folder has it as written
    with pytest.raises(KeptFileMissing):
        build("eight", kept)
