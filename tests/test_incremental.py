"""Incremental builds give byte for byte the site a full build gives, after every kind of change.

A corpus of a few hundred synthetic bulletins (benchmarks/generate.py) plus the seeds is built
with a cache; then, one change at a time, it is rebuilt incrementally and compared with a full
build of the same input made without any cache.
"""
from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from conftest import BASE_URL, CORPUS, ROOT, seed_settings
from danvan_site.build.pipeline import build

N = 300


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("incremental")
    corpus = base / "corpus"
    _generator().generate(N, corpus, seed=7, jobs=1)
    for path in CORPUS.glob("*.txt"):
        shutil.copy(path, corpus / path.name)
    return {"base": base, "corpus": corpus, "cache": base / "cache", "site": base / "site"}


# With a base URL, so that the sitemap (every page, kept or made, in order) is compared too.
def _incremental(work: dict[str, Path], **extra):
    settings = seed_settings(work["site"], work["corpus"], cache=str(work["cache"]), search=False,
                             **{"base_url": BASE_URL, **extra})
    return build(settings)


def _full(work: dict[str, Path], name: str) -> Path:
    out = work["base"] / name
    settings = seed_settings(out, work["corpus"], search=False, base_url=BASE_URL)
    settings.cache = None
    build(settings)
    return out


def _seed_project(tmp_path: Path, **extra):
    """The seeds copied into ``tmp_path/corpus``, and a function giving the settings of an
    incremental build of them into ``tmp_path/site`` (cache in ``tmp_path/cache``, no search,
    with a base URL: the sitemap is compared too)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)

    def settings():
        return seed_settings(tmp_path / "site", corpus, cache=str(tmp_path / "cache"), search=False,
                             **{"base_url": BASE_URL, **extra})
    return corpus, settings


def _assert_same_as_a_full_build(tmp_path: Path, corpus: Path) -> None:
    """The incremental site in ``tmp_path/site`` equals a build of ``corpus`` without a cache
    (into ``tmp_path/full``), file for file and byte for byte."""
    out = tmp_path / "full"
    full = seed_settings(out, corpus, search=False, base_url=BASE_URL)
    full.cache = None
    build(full)
    assert _tree(tmp_path / "site") == _tree(out)


def _name_the_district(bulletin: Path) -> None:
    """An edit a record keeps: "Bồ Đề" becomes "Bồ Đề (Long Biên)" (first mention)."""
    bulletin.write_text(bulletin.read_text(encoding="utf-8").replace("Bồ Đề", "Bồ Đề (Long Biên)", 1),
                        encoding="utf-8")


def _check_same(work: dict[str, Path], name: str) -> None:
    incremental, full = _tree(work["site"]), _tree(_full(work, name))
    assert sorted(incremental) == sorted(full)
    assert [path for path in full if incremental[path] != full[path]] == []


# A bulletin at a place none of the others has (Đà Nẵng).
_DA_NANG = (
    "Phường Hòa Cường Bắc tổ chức hội nghị đối thoại với Nhân dân\n05/03/2024 08:30\n\n"
    "Sáng ngày 04/3/2024, Đảng ủy phường Hòa Cường Bắc, quận Hải Châu, thành phố Đà Nẵng tổ chức "
    "hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân năm 2024.\n\n"
    "Đồng chí Nguyễn Văn Bình, Bí thư Đảng ủy phường chủ trì hội nghị.\n")


def test_incremental_builds_equal_full_builds(work: dict[str, Path]) -> None:
    corpus = work["corpus"]
    first = _incremental(work)
    assert first.collected.parsed == N + 5 and not first.unchanged
    _check_same(work, "full-0")

    again = _incremental(work)
    assert again.unchanged

    # One bulletin edited: a word of its title and of its body.
    victim = sorted(corpus.glob("b*.txt"))[17]
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text.replace("hội nghị", "hội nghị trực tuyến", 2), encoding="utf-8")
    edited = _incremental(work)
    assert edited.collected.parsed == 1
    # the summary counts the same pages and copied files as a full build (raw copies are files)
    assert (edited.pages, edited.files) == (first.pages, first.files)
    _check_same(work, "full-1")

    # One bulletin added (a seed under a new name: a duplicate, merged into the seed's page).
    shutil.copy(CORPUS / "003_9d20f8220b7ddb70.txt", corpus / "zz_copy.txt")
    added = _incremental(work)
    assert added.collected.parsed == 1 and added.collected.merged == 1
    _check_same(work, "full-2")

    # A new bulletin at a new place, and one removed.
    sorted(corpus.glob("b*.txt"))[3].unlink()
    (corpus / "zz_new.txt").write_text(_DA_NANG, encoding="utf-8")
    _incremental(work)
    _check_same(work, "full-3")

    # A sidecar that corrects a field.
    (corpus / "zz_new.yaml").write_text("author: Minh Anh\n", encoding="utf-8")
    _incremental(work)
    _check_same(work, "full-4")

    # A setting that shows on every page: everything is made again.
    changed = _incremental(work, title="Kho tin dân vận")
    assert changed.pages > 0
    incremental = _tree(work["site"])
    out = work["base"] / "full-5"
    settings = seed_settings(out, corpus, search=False, title="Kho tin dân vận", base_url=BASE_URL)
    settings.cache = None
    build(settings)
    assert incremental == _tree(out)


def test_a_damaged_cache_is_rebuilt(work: dict[str, Path]) -> None:
    store = work["cache"] / "store.sqlite"
    for path in work["cache"].glob("store.sqlite*"):
        path.unlink()
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_bytes(b"not a database" * 100)
    result = _incremental(work, title="Kho tin dân vận")
    assert result.collected.parsed == len(list(work["corpus"].glob("*.txt")))
    assert [n.split(" could not be read")[0] for n in result.notes] == [f"the store {store}"]
    _check_same_title(work)


def _check_same_title(work: dict[str, Path]) -> None:
    out = work["base"] / "full-6"
    settings = seed_settings(out, work["corpus"], search=False, title="Kho tin dân vận", base_url=BASE_URL)
    settings.cache = None
    build(settings)
    assert _tree(work["site"]) == _tree(out)


def test_a_damaged_output_is_built_again(tmp_path: Path) -> None:
    """A page deleted or edited by hand in the published site: the next build sees it (one stat
    a file) and writes the site again, though no input changed; the damaged site is not kept as
    the spare copy, so nothing of it is taken over by the build after (not even through a file
    edited in place that a hard link shares with the spare copy)."""
    corpus, settings = _seed_project(tmp_path)

    build(settings())
    reference = _tree(tmp_path / "site")
    assert build(settings()).unchanged
    home = tmp_path / "site" / "index.html"
    edited = home.read_bytes().replace(b"</body>", "<p>sửa tay</p></body>".encode())
    home.write_bytes(edited)
    shutil.rmtree(tmp_path / "site" / "thoi-gian")
    again = build(settings())
    assert not again.unchanged
    assert _tree(tmp_path / "site") == reference
    # The damaged site is not kept: the spare copy is the rebuilt site (hard links to its files;
    # the home page above was edited in place through both names, and is whole again in both).
    spare = _tree(settings().spare_path())
    assert spare == reference
    # An input changes: only what changed is written, and the site is whole.
    bulletin = corpus / "000_889518c93afc39ce.txt"
    bulletin.write_bytes(bulletin.read_bytes() + b"\n")
    build(settings())
    site = _tree(tmp_path / "site")
    assert site["index.html"] == reference["index.html"]
    assert sorted(site) == sorted(reference)


def test_after_two_equal_builds_an_edit_writes_only_what_changed(tmp_path: Path) -> None:
    """The spare copy is recognised even when it holds the same content as the live site (a
    forced rebuild): an edit then writes only the files that depend on it."""
    corpus, settings = _seed_project(tmp_path)

    first = build(settings())
    assert first.changed == first.pages + first.files
    build(settings(), force=True)  # the same site again; the first becomes the spare copy
    bulletin = corpus / "003_9d20f8220b7ddb70.txt"
    _name_the_district(bulletin)
    edited = build(settings())
    assert edited.changed is not None and 0 < edited.changed < (edited.pages + edited.files) // 2
    full = _full({"base": tmp_path, "corpus": corpus}, "full")
    assert _tree(tmp_path / "site") == _tree(full)


def _portal_pages():
    spec = importlib.util.spec_from_file_location("portal_pages", ROOT / "tests" / "data" / "html" / "portal_pages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["portal_pages"] = module
    spec.loader.exec_module(module)
    return module


def _word_file(path: Path, closing: str) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("Mặt trận phường Bồ Đề đối thoại với Nhân dân về trật tự đô thị", style="Title")
    d.add_paragraph("Thứ Ba, 12/03/2024 09:15")
    d.add_paragraph("Sáng ngày 11/3/2024, Ủy ban MTTQ phường Bồ Đề, quận Long Biên phối hợp với Ủy ban nhân dân "
                    "phường tổ chức hội nghị đối thoại với Nhân dân về trật tự đô thị.")
    table = d.add_table(rows=2, cols=2)
    for j, text in enumerate(("Họ và tên", "Chức vụ")):
        table.cell(0, j).text = text
    for j, text in enumerate(("Nguyễn Văn Sơn", "Chủ tịch Ủy ban MTTQ phường")):
        table.cell(1, j).text = text
    d.add_paragraph(closing)
    d.save(str(path))


def test_pages_and_word_files_build_incrementally_as_a_full_build(tmp_path: Path) -> None:
    """Saved web pages and Word files among the .txt bulletins: after each edit, addition and
    removal of one of them, the incremental site (its pages, the copies of the sources and the
    data exports api/articles.sqlite and api/thong-ke/*.csv included) is byte for byte a full
    build's."""
    pytest.importorskip("trafilatura")
    pytest.importorskip("docx")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seeds = sorted(CORPUS.glob("*.txt"))
    for path in seeds[:3]:
        shutil.copy(path, corpus / path.name)
    pages = _portal_pages()
    pages.write_pages(CORPUS, tmp_path / "pages", "mixed")
    for path in sorted((tmp_path / "pages").glob("*.html"))[3:]:
        shutil.copy(path, corpus / path.name)
    _word_file(corpus / "doi-thoai.docx", "Hội nghị kết thúc trong không khí dân chủ.")
    work = {"base": tmp_path, "corpus": corpus, "cache": tmp_path / "cache", "site": tmp_path / "site"}

    first = _incremental(work)
    assert first.collected.parsed == 6
    site = _tree(work["site"])
    assert "api/articles.sqlite" in site and any(p.startswith("api/thong-ke/") and p.endswith(".csv") for p in site)
    assert any(p.startswith("nguon/") and p.endswith(".html.txt") for p in site)
    assert any(p.startswith("nguon/") and p.endswith(".docx") for p in site)
    _check_same(work, "full-0")

    # A saved page edited: a word of its headline.
    page = sorted(corpus.glob("*.html"))[0]
    html = page.read_text(encoding="utf-8")
    assert "Hội nghị" in html or "hội nghị" in html
    page.write_text(html.replace("hội nghị", "hội nghị trực tuyến").replace("Hội nghị", "Hội nghị trực tuyến"),
                    encoding="utf-8")
    edited = _incremental(work)
    assert edited.collected.parsed == 1
    # the summary counts the same pages and copied files as a full build (raw copies are files)
    assert (edited.pages, edited.files) == (first.pages, first.files)
    _check_same(work, "full-1")

    # The Word file saved again with another closing line.
    _word_file(corpus / "doi-thoai.docx", "Hội nghị kết thúc lúc 11 giờ cùng ngày.")
    assert _incremental(work).collected.parsed == 1
    _check_same(work, "full-2")

    # A saved page removed, a Word file added.
    page.unlink()
    _word_file(corpus / "doi-thoai-2.docx", "Các ý kiến được ghi nhận để giải quyết.")
    _incremental(work)
    _check_same(work, "full-3")


def test_two_outputs_of_one_name_keep_a_spare_each(tmp_path: Path) -> None:
    """``a/site`` and ``b/site`` built from one working folder and cache: each keeps its own
    spare copy (hard links to its own live files), instead of each build finding the other's
    and making its spare again. A spare an earlier version kept under the output's bare name
    is taken over by the next build."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    work = tmp_path / ".danvan"

    def settings(name: str):
        return seed_settings(tmp_path / name / "site", corpus, cache=str(work / "cache"), work_dir=str(work),
                             search=False)

    for name in ("a", "b", "a", "b"):
        build(settings(name))
    spares = {name: settings(name).spare_path() for name in ("a", "b")}
    assert spares["a"] != spares["b"] and spares["a"].parent == spares["b"].parent
    for name, spare in spares.items():
        site = tmp_path / name / "site"
        assert sorted(_tree(spare)) == sorted(_tree(site))
        assert (spare / "index.html").stat().st_ino == (site / "index.html").stat().st_ino
    # An earlier version's spare, under the bare name: taken over, not left behind.
    unnamed = spares["a"].parent / "site"
    shutil.rmtree(spares["b"])
    spares["a"].rename(unnamed)
    bulletin = corpus / "003_9d20f8220b7ddb70.txt"
    bulletin.write_text(bulletin.read_text(encoding="utf-8").replace("Kết luận buổi làm việc",
                                                                    "Kết luận buổi làm việc,", 1), encoding="utf-8")
    build(settings("a"))
    assert not unnamed.exists() and spares["a"].is_dir()
    out = tmp_path / "full"
    full = seed_settings(out, corpus, search=False)
    full.cache = None
    build(full)
    assert _tree(tmp_path / "a" / "site") == _tree(out)


def test_a_file_saved_again_unchanged_changes_nothing(tmp_path: Path) -> None:
    """A bulletin saved again as it was (a new modification time, the same bytes) is read again,
    its record is the same, and the build stops there: nothing written, the site as it was, and
    the build after that is a plain nothing-changed one. A change a record keeps is still built."""
    import os

    corpus, settings = _seed_project(tmp_path)

    build(settings())
    reference = _tree(tmp_path / "site")
    bulletin = corpus / "003_9d20f8220b7ddb70.txt"
    st = bulletin.stat()
    os.utime(bulletin, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    touched = build(settings())
    assert touched.unchanged and touched.collected.parsed == 1
    assert touched.archive is None  # nothing was grouped or rendered
    assert _tree(tmp_path / "site") == reference
    again = build(settings())
    assert again.unchanged and again.collected.parsed == 0
    # The same file really edited: its page changes, as a full build makes it.
    _name_the_district(bulletin)
    edited = build(settings())
    assert not edited.unchanged and edited.changed
    full = _full({"base": tmp_path, "corpus": corpus}, "full")
    assert _tree(tmp_path / "site") == _tree(full)


@pytest.mark.parametrize("child_fails", [False, True])
def test_exports_made_beside_the_pages_equal_a_full_build(tmp_path: Path, monkeypatch, child_fails: bool) -> None:
    """With two processes, an edit's whole-archive exports are made by forked processes
    (render.EarlyExports): the records' exports (JSON, CSV, SQLite: render.RecordExports) from
    the moment the records have their addresses, before the archive is grouped, the report
    tables while the pages are gone through; the files are those of a full build. When a
    process fails, the writer makes its files itself, the same. The report tables are made only
    when what they count changed (tables.counted_inputs)."""
    from danvan_site.archive import groups
    from danvan_site.site import render, tables

    started: list[int] = []
    events: list[str] = []
    real_init, real_run = render.EarlyExports.__init__, render.EarlyExports._run
    real_group = groups.build_archive

    def init(self, makers, *args, **kwargs):
        started.append(len(makers))
        events.append("exports " + " ".join(makers))
        real_init(self, makers, *args, **kwargs)

    def group(*args, **kwargs):
        events.append("archive")
        return real_group(*args, **kwargs)

    def run(self):
        if child_fails:
            raise RuntimeError("the exports' process fails")
        real_run(self)

    from danvan_site.store.db import Store

    real_get_map = Store.get_map

    def get_map(self, key):
        if key == "render-index":
            events.append("render index read")
        return real_get_map(self, key)

    monkeypatch.setattr(render.EarlyExports, "__init__", init)
    monkeypatch.setattr(render.EarlyExports, "_run", run)
    monkeypatch.setattr(groups, "build_archive", group)
    monkeypatch.setattr(Store, "get_map", get_map)
    corpus, settings = _seed_project(tmp_path, jobs=2)

    build(settings())
    # Made in the working folder (the writer moves them into place): nothing left there after.
    work = Path(settings().work_dir)
    assert work.is_dir() and not list(work.glob("danvan-exports-*"))
    # The first build made them beside the grouping and the pages too: the records' exports
    # started before the render index was read and the archive grouped, the tables after.
    assert events == ["exports api/articles.json api/articles.csv api/articles.sqlite", "render index read",
                      "archive", "exports " + " ".join(tables.csv_paths())]
    started.clear()
    assert build(settings()).unchanged and not started
    every = len(render._Renderer(*_archive_and_settings(corpus, tmp_path)).export_makers())
    records = every - len(tables.csv_paths())  # the JSON, the CSV and the SQLite file
    bulletin = corpus / "003_9d20f8220b7ddb70.txt"
    tables_before = {p: (tmp_path / "site" / p).read_bytes() for p in tables.csv_paths()}
    # An edit of the text that counts the same: the record changed, what the tables count did not.
    _name_the_district(bulletin)
    build(settings())
    assert started == [records]
    full = _full({"base": tmp_path, "corpus": corpus}, "full")
    built, expected = _tree(tmp_path / "site"), _tree(full)
    for path in ("api/articles.json", "api/articles.csv", "api/articles.sqlite", *tables.csv_paths()):
        assert built[path] == expected[path]
    assert built == expected
    assert {p: built[p] for p in tables.csv_paths()} == tables_before
    # The meeting's day moves (9 to 8 July 2020): what the tables count changed, they are made again.
    started.clear()
    text = bulletin.read_text(encoding="utf-8")
    assert "ngày 09/7/2020" in text
    bulletin.write_text(text.replace("ngày 09/7/2020", "ngày 08/7/2020", 1), encoding="utf-8")
    assert build(settings()).changed
    assert started == [records, every - records]
    assert not list(work.glob("danvan-exports-*"))
    full = _full({"base": tmp_path, "corpus": corpus}, "full-2")
    assert _tree(tmp_path / "site") == _tree(full)
    # A file rejected, no record changed: the records' exports are the last build's (as the
    # keys kept apart from the render index say), no process makes them again.
    events.clear()
    (corpus / "hong.txt").write_bytes(b"%PDF-1.4\n")
    assert build(settings()).changed
    assert not [event for event in events if "api/articles" in event]
    full = _full({"base": tmp_path, "corpus": corpus}, "full-3")
    assert _tree(tmp_path / "site") == _tree(full)


def test_exports_process_stopped_when_the_build_stops(tmp_path: Path, monkeypatch) -> None:
    """The records' exports start before the archive is grouped; a build that fails after that
    (here the grouping) stops their process and removes its folder, and a build --strict will
    refuse (a warning) never starts one."""
    from danvan_site.archive import groups
    from danvan_site.core.errors import BuildError
    from danvan_site.site import render

    made: list[render.EarlyExports] = []
    real_init = render.EarlyExports.__init__

    def init(self, makers, *args, **kwargs):
        real_init(self, makers, *args, **kwargs)
        made.append(self)

    def fail(*args, **kwargs):
        raise BuildError("the grouping failed")

    monkeypatch.setattr(render.EarlyExports, "__init__", init)
    monkeypatch.setattr(groups, "build_archive", fail)
    corpus, settings = _seed_project(tmp_path, jobs=2)
    with pytest.raises(BuildError, match="the grouping failed"):
        build(settings())
    assert len(made) == 1
    assert made[0].process.exitcode is not None and not made[0].process.is_alive()
    assert not Path(made[0].folder.name).exists()
    assert not (tmp_path / "site").exists()

    monkeypatch.undo()
    monkeypatch.setattr(render.EarlyExports, "__init__", init)
    made.clear()
    (corpus / "orphan.yaml").write_text("title: Một tệp kèm không có bản tin\n", encoding="utf-8")
    strict = seed_settings(tmp_path / "site", corpus, cache=str(tmp_path / "cache"), search=False,
                           base_url=BASE_URL, jobs=2, strict=True)
    result = build(strict)
    assert len(result.diagnostics) and not result.written
    assert made == []


def _archive_and_settings(corpus: Path, tmp_path: Path):
    from danvan_site.archive.groups import build_archive
    from danvan_site.build.pipeline import collect

    settings = seed_settings(tmp_path / "other", corpus, search=False)
    return build_archive(collect(settings).articles, settings), settings


def test_the_statistics_page_is_made_again_only_when_what_it_shows_changed(tmp_path: Path, monkeypatch) -> None:
    """The statistics page is keyed on what it is made of (render._stats_key): an edit that leaves
    every date, place and count as it was keeps the page, whose charts are then not worked out;
    a bulletin's day moved makes it again. Either way the site is the one a full build makes."""
    from danvan_site.site import stats

    made: list[int] = []
    real_charts = stats.charts

    def charts(archive):
        made.append(1)
        return real_charts(archive)

    monkeypatch.setattr(stats, "charts", charts)
    corpus, settings = _seed_project(tmp_path, jobs=1)  # one process: every page is made here
    build(settings())
    assert made == [1]
    bulletin = corpus / "003_9d20f8220b7ddb70.txt"
    made.clear()
    _name_the_district(bulletin)
    assert build(settings()).changed
    assert made == []
    assert _tree(tmp_path / "site") == _tree(_full({"base": tmp_path, "corpus": corpus}, "full"))
    made.clear()
    text = bulletin.read_text(encoding="utf-8")
    bulletin.write_text(text.replace("ngày 09/7/2020", "ngày 08/7/2020", 1), encoding="utf-8")
    assert build(settings()).changed
    assert made == [1]
    assert _tree(tmp_path / "site") == _tree(_full({"base": tmp_path, "corpus": corpus}, "full-2"))


def _render_index(cache: Path, corpus: Path) -> dict:
    """The last build's render index, as the store keeps it."""
    from danvan_site.store.db import Store

    store = Store(cache, scope=str(corpus.resolve()))
    try:
        index = store.get_map("render-index")
    finally:
        store.close()
    assert index is not None
    return index


def _render_units(cache: Path, corpus: Path) -> dict[str, str]:
    """Each unit of the last build's render index (a bulletin's pages, a grouping's pages, a
    feed) with the signature its files were made or kept under."""
    index = _render_index(cache, corpus)
    return {unit: value[0] for unit, value in index.items() if unit.startswith(("node ", "article ", "feed "))}


def _add_a_sentence_inside(bulletin: Path) -> None:
    """An edit no list shows: a sentence added inside the body of seed 003 (not the first
    paragraph, not a name, not a role)."""
    bulletin.write_text(_with_a_sentence_inside(bulletin.read_text(encoding="utf-8")), encoding="utf-8")


def _with_a_sentence_inside(text: str) -> str:
    anchor = "Kết luận buổi làm việc"
    assert text.count(anchor) == 1
    return text.replace(anchor, "Các đại biểu đã thảo luận sôi nổi.\n\n" + anchor)


@pytest.mark.parametrize("own_card", [False, True])
def test_an_edit_no_list_shows_keeps_every_list(tmp_path: Path, own_card: bool) -> None:
    """A sentence added inside a body (not the first paragraph, not a name, not a role) changes
    the bulletin's own page and nothing a list shows: with the theme's templates no grouping's
    pages are keyed anew. A site whose own card shows the word count has every list naming the
    bulletin made again. Either way the site equals a full build byte for byte."""
    from danvan_site.core.config import DEFAULT_THEME

    extra: dict = {}
    if own_card:
        custom = tmp_path / "templates"
        custom.mkdir()
        macros = (DEFAULT_THEME / "_macros.html").read_text(encoding="utf-8")
        shown = macros.replace('<article class="card">', '<article class="card" data-words="{{ a.word_count }}">')
        assert shown != macros
        (custom / "_macros.html").write_text(shown, encoding="utf-8")
        extra["templates"] = str(custom)
    corpus, settings = _seed_project(tmp_path, **extra)
    build(settings())
    before = _render_units(tmp_path / "cache", corpus)
    _add_a_sentence_inside(corpus / "003_9d20f8220b7ddb70.txt")
    edited = build(settings())
    assert edited.collected.parsed == 1
    after = _render_units(tmp_path / "cache", corpus)
    assert sorted(after) == sorted(before)
    made_again = sorted(unit for unit in before if before[unit] != after[unit])
    lists = [unit for unit in made_again if unit.startswith("node ")]
    articles = [unit for unit in made_again if unit.startswith("article ")]
    assert len(articles) == 1  # the bulletin's own page (its related bulletins' pages are kept)
    if own_card:
        assert "node bai-viet/" in lists and len(lists) >= 5  # every list with its card
    else:
        assert lists == []
    out = tmp_path / "full"
    full = seed_settings(out, corpus, search=False, base_url=BASE_URL, **extra)
    full.cache = None
    build(full)
    assert _tree(tmp_path / "site") == _tree(out)


def _count_node_signatures(monkeypatch) -> list[str]:
    """The groupings ``render._node_sig`` is called for (each grouping signed or made; the
    statistics page's key reads the roots of two groupings), by kind."""
    from danvan_site.site import render

    calls: list[str] = []
    real = render._node_sig

    def counted(node):
        calls.append(node.kind)
        return real(node)

    monkeypatch.setattr(render, "_node_sig", counted)
    return calls


@pytest.mark.parametrize("edit", ["body", "title", "role"])
def test_an_edit_inside_a_body_signs_no_grouping(tmp_path: Path, monkeypatch, edit: str) -> None:
    """When every record's grouped fields and addresses are the last build's (a sentence added
    inside a body), no grouping is signed again (``_Renderer._settle``): only the bulletin's own
    page is, with the last build's related bulletins. A changed title or a person's role is
    grouped: every grouping is signed and the related bulletins worked out, as before.
    Either way the site equals a full build byte for byte, and the units' signatures are the
    ones a build that signs everything gives."""
    from danvan_site.site import render

    monkeypatch.setattr(render, "CHECK_SETTLED", False)  # what a user's build does
    corpus, settings = _seed_project(tmp_path, jobs=1)
    build(settings())
    calls = _count_node_signatures(monkeypatch)
    from danvan_site.archive import related

    indexed: list[int] = []
    real_index = related.build_index
    monkeypatch.setattr(related, "build_index", lambda *a, **k: indexed.append(1) or real_index(*a, **k))
    bulletin = corpus / "003_9d20f8220b7ddb70.txt"
    text = bulletin.read_text(encoding="utf-8")
    if edit == "body":
        changed = _with_a_sentence_inside(text)
    elif edit == "title":
        title = "Ban thường vụ Đảng ủy phường Bồ Đề làm việc với Mặt trận Tổ quốc"
        changed = text.replace(title, title.replace("làm việc", "họp"), 1)
    else:  # Nguyễn Ngọc Quang's roles
        changed = text.replace("Bí thư Đảng uỷ, Chủ tịch HĐND phường", "Bí thư Đảng uỷ phường", 1)
    assert changed != text
    bulletin.write_text(changed, encoding="utf-8")
    before = _render_units(tmp_path / "cache", corpus)
    assert build(settings()).collected.parsed == 1
    after = _render_units(tmp_path / "cache", corpus)
    groupings = [kind for kind in calls if kind != "root"]
    if edit == "body":
        assert groupings == [] and calls == ["root", "root"]  # the statistics page's key only
        changed_units = [unit for unit in after if after[unit] != before[unit]]
        assert [unit for unit in changed_units if not unit.startswith("feed ")] == ["article 003_9d20f8220b7ddb70"]
        # The feeds listing the bulletin are signed and made again, the others kept as they were.
        from danvan_site.archive.urls import short_hash

        page = short_hash("003_9d20f8220b7ddb70") + "/"
        site = tmp_path / "site"
        listing = sorted(unit for unit in after if unit.startswith("feed ")
                         and page in (site / unit.removeprefix("feed ")).read_text(encoding="utf-8"))
        assert "feed feed.xml" in listing and len(listing) < len([u for u in after if u.startswith("feed ")])
        assert sorted(unit for unit in changed_units if unit.startswith("feed ")) == listing
        assert indexed == []  # the related bulletins are the last build's
    else:
        assert len(groupings) > 20 and "person" in groupings
        assert indexed == [1]
    # The same signatures as a build that signs every unit, and the same site as a full build.
    monkeypatch.setattr(render, "CHECK_SETTLED", True)
    _assert_same_as_a_full_build(tmp_path, corpus)


def _count_signed_units(monkeypatch) -> list[str]:
    """The units (``"node <url>"``, ``"article <id>"``, …) whose signature a build makes."""
    from danvan_site.site import render

    signed: list[str] = []
    real = render._Renderer._kept_or_made

    def counted(self, unit, signature, make, settled=False):
        def sign():
            signed.append(unit)
            return signature()
        return real(self, unit, sign, make, settled)

    monkeypatch.setattr(render._Renderer, "_kept_or_made", counted)
    return signed


@pytest.mark.parametrize("change", ["add", "remove"])
def test_an_addition_or_removal_signs_only_what_it_changes(tmp_path: Path, monkeypatch, change: str) -> None:
    """A bulletin added or removed changes its own groupings (members, counts, children) and
    the pages of the bulletins that show one of them or it as related; every other grouping and
    bulletin is known to show what it showed (``_Renderer._settle_part``) and is not signed
    again. The site equals a full build, and under ``DANVAN_CHECK_SETTLED`` every unit taken as
    settled is signed and compared."""
    from danvan_site.site import render

    monkeypatch.setattr(render, "CHECK_SETTLED", False)  # what a user's build does
    corpus, settings = _seed_project(tmp_path, jobs=1)
    if change == "remove":
        (corpus / "zz_new.txt").write_text(_DA_NANG, encoding="utf-8")
    build(settings())
    before = _render_units(tmp_path / "cache", corpus)
    signed = _count_signed_units(monkeypatch)
    if change == "add":
        (corpus / "zz_new.txt").write_text(_DA_NANG, encoding="utf-8")
    else:
        (corpus / "zz_new.txt").unlink()
    build(settings())
    after = _render_units(tmp_path / "cache", corpus)
    nodes = [unit for unit in after if unit.startswith("node ")]
    signed_nodes = [unit for unit in signed if unit.startswith("node ")]
    # The Đà Nẵng bulletin's own groupings (its ward, its year and month: its alone) and the
    # roots above them (every place, every date, every bulletin, every meeting type).
    own = ["node dia-phuong/da-nang/quan-hai-chau/phuong-hoa-cuong-bac/", "node thoi-gian/2024/",
           "node thoi-gian/2024/03/"]
    roots = ["node dia-phuong/", "node thoi-gian/", "node bai-viet/", "node loai-hoi-nghi/"]
    assert set(roots) <= set(signed_nodes)
    if change == "add":
        assert set(own) <= set(signed_nodes)
    else:
        assert set(own) <= set(before) and not set(own) & set(after)
    assert len(signed_nodes) <= len(nodes) // 2
    # The seeds' own places are not signed: nothing of theirs changed.
    untouched = [unit for unit in nodes if "long-bien" in unit]
    assert untouched and not set(untouched) & set(signed_nodes)
    assert all(after[unit] == before[unit] for unit in untouched)
    signed_articles = [unit for unit in signed if unit.startswith("article ")]
    articles = [unit for unit in after if unit.startswith("article ")]
    assert len(signed_articles) < len(articles)
    if change == "add":
        assert "article zz_new" in signed_articles
    # The same site as a full build, and the same signatures as a build that signs everything.
    monkeypatch.setattr(render, "CHECK_SETTLED", True)
    _assert_same_as_a_full_build(tmp_path, corpus)


@pytest.mark.parametrize("renamed", ["Phường Gia Thụy", "Nguyễn Thành Biên"])
def test_a_grouping_renamed_beside_an_addition_signs_what_shows_its_name(tmp_path: Path, monkeypatch,
                                                                          renamed: str) -> None:
    """A grouping whose name changes while a bulletin is added elsewhere (its spelling outvoted,
    here by renaming it in ``capfirst``, the last step of every grouping's name): the pages that
    show that name are signed again and made, though none of their own records changed: a
    ward's name is on the cards of its bulletins (every list showing them: their people's pages
    too), a person's on the pages of the bulletins naming them. Under ``DANVAN_CHECK_SETTLED``
    every unit taken as settled is signed and compared, and the site equals a full build.

    The renaming is the test's, not the bulletins': a person's name changes in a real build
    only when bulletins naming them changed, and the people's part is then patched from them
    (``skeleton.patch_parts``), which would keep the name this test changes under it. The
    part is built here, as after any change of the archive's code."""
    from danvan_site.archive import groups, skeleton
    from danvan_site.site import render

    monkeypatch.setattr(render, "CHECK_SETTLED", True)
    monkeypatch.setattr(skeleton, "PATCHABLE", ())
    corpus, settings = _seed_project(tmp_path, jobs=1)
    build(settings())
    before = _render_units(tmp_path / "cache", corpus)
    signed = _count_signed_units(monkeypatch)
    real = groups.capfirst
    monkeypatch.setattr(groups, "capfirst", lambda text: real(text).replace(renamed, renamed.upper()))
    (corpus / "zz_new.txt").write_text(_DA_NANG, encoding="utf-8")
    build(settings())
    after = _render_units(tmp_path / "cache", corpus)
    assert "node dia-phuong/da-nang/" in signed  # the addition's
    seed = "article 000_889518c93afc39ce"  # in Gia Thụy, naming Nguyễn Thành Biên
    assert seed in signed and after[seed] != before[seed]
    shown = {unit for unit in after if unit.startswith("node nguoi/") and unit != "node nguoi/"}
    if renamed.startswith("Phường"):
        # the seed's card, on the pages of the people it names
        assert {unit for unit in shown if after[unit] != before[unit]}
    _assert_same_as_a_full_build(tmp_path, corpus)


def test_the_people_index_counts_the_people_after_one_is_no_longer_named(tmp_path: Path) -> None:
    """The first page of the people's index says how many people are named. A bulletin that no
    longer names someone it alone named, but still names others, leaves the number of bulletins
    naming people as it was while the number of people drops; the first page (its people, its
    links and letters unchanged) is made again with the new number, as a full build makes it
    (it was kept with the old number: seen at 10,000 bulletins)."""
    from danvan_site.site import stats
    from danvan_site.site.render import paginate_alphabetical

    corpus = tmp_path / "corpus"
    _generator().generate(120, corpus, seed=11, jobs=1)

    def settings():
        return seed_settings(tmp_path / "site", corpus, cache=str(tmp_path / "cache"), search=False,
                             base_url=BASE_URL)
    archive = build(settings()).archive
    assert archive is not None
    people = list(archive.people.children)

    def first_page(persons):
        pagers = paginate_alphabetical(persons, "nguoi/", 20)
        letters = stats.people_letters(persons, "nguoi/", [p.number for p in pagers for _ in p.items])
        return [n.key for n in pagers[0].items], pagers[0].next_url, letters

    # Someone named in one bulletin only, beside another person, whose going leaves the first
    # page's people, links and letter index as they were.
    chosen = None
    for person in people[40:]:
        if person.count != 1:
            continue
        record = person.articles[0]
        others = [p.name for p in record.people if p.name and archive.person_node(p.name) is not person]
        if others and first_page([n for n in people if n is not person]) == first_page(people):
            chosen = (person, record, others[0])
            break
    assert chosen is not None
    person, record, other = chosen
    names = [p.name for p in record.people if p.name and archive.person_node(p.name) is person]
    bulletin = corpus / record.source_file
    text = bulletin.read_text(encoding="utf-8")
    for name in names:
        assert name in text
        text = text.replace(name, other)
    bulletin.write_text(text, encoding="utf-8")
    page = tmp_path / "site" / "nguoi" / "index.html"
    assert f"{len(people):,} người".replace(",", ".") in page.read_text(encoding="utf-8")
    again = build(settings()).archive
    assert again is not None and len(again.people.children) == len(people) - 1
    assert f"{len(people) - 1:,} người".replace(",", ".") in page.read_text(encoding="utf-8")
    _assert_same_as_a_full_build(tmp_path, corpus)


def test_a_grouping_wrongly_taken_as_settled_is_caught(tmp_path: Path, monkeypatch) -> None:
    """The check the suite runs with (``DANVAN_CHECK_SETTLED``) can fail: were the people not
    among the grouped fields, a changed role would leave the groupings as they were, and the
    check stops the build naming the first grouping whose signature changed."""
    from danvan_site.site import render

    monkeypatch.setattr(render, "UNGROUPED", (*render.UNGROUPED, "people"))
    monkeypatch.setattr(render, "CHECK_SETTLED", True)
    corpus, settings = _seed_project(tmp_path, jobs=1)
    build(settings())
    bulletin = corpus / "003_9d20f8220b7ddb70.txt"
    text = bulletin.read_text(encoding="utf-8")
    bulletin.write_text(text.replace("Bí thư Đảng uỷ, Chủ tịch HĐND phường", "Bí thư Đảng uỷ phường", 1),
                        encoding="utf-8")
    # the first grouping whose state (its trail, children and count) or signature changed
    with pytest.raises(AssertionError, match=r"^(state|node) .*: kept as settled, but (the grouping|its signature) changed"):
        build(settings())


def _render_index_delta(cache: Path, corpus: Path) -> set[str]:
    """The entries of the render index the last build saved as changes (``Store.set_map``)."""
    import pickle

    from danvan_site.store.db import Store

    store = Store(cache, scope=str(corpus.resolve()))
    try:
        row = store.db.execute("SELECT v FROM state WHERE k = 'render-index#delta'").fetchone()
    finally:
        store.close()
    if row is None:
        return set()
    changed, removed = pickle.loads(row[0])
    return set(changed) | set(removed)


def test_an_edit_saves_its_own_entries_of_the_render_index(tmp_path: Path, monkeypatch) -> None:
    """Each record's state and related-bulletin keys are entries of their own in the render
    index: an edit inside a body saves the entries of that bulletin (its page, its state, its
    keys) and the exports' keys, not the state of every record. A build that needs no related
    bulletins (a file rejected, nothing else changed: every page settled) keeps the last
    build's related entries for the next."""
    corpus, settings = _seed_project(tmp_path, jobs=1)
    build(settings())
    _add_a_sentence_inside(corpus / "003_9d20f8220b7ddb70.txt")
    build(settings())
    rid = "003_9d20f8220b7ddb70"
    delta = _render_index_delta(tmp_path / "cache", corpus)
    feeds = {unit for unit in delta if unit.startswith("feed ")}
    assert delta - feeds <= {f"article {rid}", f"record {rid}", f"related-note {rid}", "exports", "related"}
    assert {f"article {rid}", f"record {rid}", f"related-note {rid}"} <= delta
    # and the feeds that list the bulletin (their entries changed), none other
    from danvan_site.archive.urls import short_hash

    assert "feed feed.xml" in feeds
    for unit in feeds:
        feed = tmp_path / "site" / unit.removeprefix("feed ")
        assert short_hash(rid) + "/" in feed.read_text(encoding="utf-8")
    units = _render_units(tmp_path / "cache", corpus)
    (corpus / "hong.txt").write_bytes(b"%PDF-1.4\n")  # a PDF under a bulletin's name: rejected
    from danvan_site.site import render

    monkeypatch.setattr(render, "CHECK_SETTLED", False)  # which would sign the pages, related included
    rejected = build(settings())
    assert rejected.collected.rejected and rejected.collected.parsed == 0
    assert _render_units(tmp_path / "cache", corpus) == units
    index = _render_index(tmp_path / "cache", corpus)
    assert index is not None and "related" in index and "related-notes" in index
    assert sum(1 for unit in index if unit.startswith("related-note ")) == 5
    _assert_same_as_a_full_build(tmp_path, corpus)


def test_templates_compiled_once_are_kept_and_an_edited_one_is_compiled_again(tmp_path: Path) -> None:
    """Jinja's compiled templates are kept in the cache folder (render._bytecode_cache): the next
    build loads them instead of compiling the theme again; a template edited by the site is
    compiled again, and the page shows the edit."""
    from danvan_site.site.render import TEMPLATE_CACHE

    custom = tmp_path / "templates"
    custom.mkdir()
    page = custom / "404.html"
    page.write_text('{% extends "base.html" %}{% block content %}<p class="mine">một</p>{% endblock %}',
                    encoding="utf-8")
    corpus, settings = _seed_project(tmp_path, templates=str(custom))
    build(settings())
    compiled = tmp_path / "cache" / TEMPLATE_CACHE
    first = {p.name: p.read_bytes() for p in compiled.iterdir()}
    assert len(first) >= 10  # the theme's pages, base.html and _macros.html among them
    assert '<p class="mine">một</p>' in (tmp_path / "site" / "404.html").read_text(encoding="utf-8")

    page.write_text('{% extends "base.html" %}{% block content %}<p class="mine">hai</p>{% endblock %}',
                    encoding="utf-8")
    build(settings())
    assert '<p class="mine">hai</p>' in (tmp_path / "site" / "404.html").read_text(encoding="utf-8")
    second = {p.name: p.read_bytes() for p in compiled.iterdir()}
    assert sorted(second) == sorted(first)  # one file a template, its source's hash inside
    assert len([name for name in first if first[name] != second[name]]) == 1  # the edited one, compiled again
    out = tmp_path / "full"
    full = seed_settings(out, corpus, search=False, base_url=BASE_URL, templates=str(custom))
    full.cache = None
    build(full)
    assert _tree(tmp_path / "site") == _tree(out)
