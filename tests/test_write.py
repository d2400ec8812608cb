"""Writing the site: all or nothing, never outside the output folder, never over foreign files."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from danvan_site.errors import BuildError
from danvan_site.render import Output
from danvan_site.write import MARKER, WriteStats, write_site


def _outputs(text: str = "hello") -> list[Output]:
    return [Output("index.html", text.encode()), Output("a/b/index.html", b"<p>b</p>")]


def test_writes_files_and_marker(tmp_path: Path) -> None:
    src = tmp_path / "raw.txt"
    src.write_bytes(b"raw")
    out = tmp_path / "site"
    stats = write_site([*_outputs(), Output("nguon/raw.txt", source=src)], out)
    assert stats == WriteStats(pages=2, files=1)
    assert (out / "index.html").read_text() == "hello"
    assert (out / "a/b/index.html").read_bytes() == b"<p>b</p>"
    assert (out / "nguon/raw.txt").read_bytes() == b"raw"
    assert (out / MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw.txt", "site"]  # no temporary folders left


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
