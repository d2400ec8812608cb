"""The gazetteer's data cache (gazetteer/datacache.py): the tables read back are the tables made
from the packages' data; a file made from other data, code or Python, or damaged, is made again;
no folder (or one that cannot be written) means no cache and the same tables."""
from __future__ import annotations

import marshal
import os
from pathlib import Path

import pytest

from danvan_site import gazetteer as gz
from danvan_site.gazetteer import datacache


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data-cache"
    monkeypatch.setenv(datacache.ENV, str(folder))
    return folder


def _same_gazetteer(got: gz.Gazetteer, want: gz.Gazetteer) -> None:
    assert got.units == want.units
    assert [vars(u) for u in got.units] == [vars(u) for u in want.units]
    assert [hash(u) for u in got.units] == [hash(u) for u in want.units]
    assert [u.tier for u in got.units] == [u.tier for u in want.units]
    assert list(got.by_key.items()) == list(want.by_key.items())  # in the same order
    assert list(got.provinces.items()) == list(want.provinces.items())
    # a unit named by several keys (a province and its aliases) is one object, as when made
    units = {id(u) for u in got.units}
    assert all(id(u) in units for us in got.by_key.values() for u in us)
    assert all(id(u) in units for u in got.provinces.values())


def _fail(*_args):
    raise AssertionError("made again, not read from the cache")


def test_the_tables_read_back_are_those_made_from_the_data(cache, monkeypatch):
    folder = gz._vau_data()
    assert folder is not None
    made = (gz._build(gz._vp_json()), gz._build_2025(folder), gz._build_successors(folder))
    first = (gz.load.__wrapped__(), gz.load_2025.__wrapped__(), gz._successor_map.__wrapped__())
    assert sorted(p.name.split(".")[0] for p in cache.iterdir()) == ["gazetteer-2023", "gazetteer-2025", "successors-2025"]
    for name in ("_build", "_build_2025", "_build_successors"):
        monkeypatch.setattr(gz, name, _fail)
    read = (gz.load.__wrapped__(), gz.load_2025.__wrapped__(), gz._successor_map.__wrapped__())
    for got in (first, read):
        _same_gazetteer(got[0], made[0])
        _same_gazetteer(got[1], made[1])
        assert list(got[2].items()) == list(made[2].items())
    assert read[0].find("Gia Thụy", "phường")[0].code == "00130"


def test_the_json_is_the_one_the_package_names():
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    assert gz._vp_json() == NESTED_DIVISIONS_JSON_PATH


def _table(tmp_path: Path, calls: list[int]):
    """A small table made from a file of ``tmp_path``, counting how often it is made."""
    source = tmp_path / "pkg" / "toy" / "data.txt"
    if not source.exists():
        source.parent.mkdir(parents=True)
        source.write_text("a b", encoding="utf-8")
        (tmp_path / "pkg" / "toy-1.0.dist-info").mkdir()

    def build() -> dict[str, list[str]]:
        calls.append(1)
        return {"k": source.read_text(encoding="utf-8").split()}

    return lambda: datacache.cached("toy", (source,), (source.parent,), build, lambda t: t, dict)


def test_a_table_is_made_once_then_read(cache, tmp_path):
    calls: list[int] = []
    table = _table(tmp_path, calls)
    assert table() == table() == {"k": ["a", "b"]}
    assert len(calls) == 1
    assert [p.name for p in cache.iterdir()] == [datacache.path_of("toy", cache).name]  # no temporary file left


@pytest.mark.parametrize("change", ["data", "version", "code", "python"])
def test_a_table_made_from_other_inputs_is_made_again(cache, tmp_path, monkeypatch, change):
    calls: list[int] = []
    table = _table(tmp_path, calls)
    assert table() == {"k": ["a", "b"]}
    source = tmp_path / "pkg" / "toy" / "data.txt"
    if change == "data":  # same size, another time
        source.write_text("a c", encoding="utf-8")
        st = source.stat()
        os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    elif change == "version":
        (tmp_path / "pkg" / "toy-1.0.dist-info").rename(tmp_path / "pkg" / "toy-1.1.dist-info")
    elif change == "code":  # an edited gazetteer, vn/ helper or data/places.yaml
        monkeypatch.setattr(datacache, "_code_digest", lambda: b"edited")
    else:
        monkeypatch.setattr(datacache.sys, "version", "3.99.0 (other)")
    assert table() == {"k": ["a", "c"] if change == "data" else ["a", "b"]}
    assert len(calls) == 2
    assert table() == table()
    assert len(calls) == 2  # the new file replaced the old one and is read


def test_the_code_digest_covers_the_gazetteer_and_its_key(tmp_path, monkeypatch):
    import shutil

    copy = tmp_path / "danvan_site"
    for part in datacache.CODE:
        source, target = datacache.PACKAGE / part, copy / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    monkeypatch.setattr(datacache, "PACKAGE", copy)
    seen = {datacache._code_digest.__wrapped__()}
    assert seen == {datacache._code_digest()}  # the copy is the code
    for part in ("gazetteer/__init__.py", "gazetteer/datacache.py", "vn/sort.py", "vn/text.py", "data/places.yaml"):
        (copy / part).write_bytes((copy / part).read_bytes() + b"\n# edited\n")
        digest = datacache._code_digest.__wrapped__()
        assert digest not in seen, part
        seen.add(digest)


@pytest.mark.parametrize("damage", ["garbage", "empty", "cut short", "one byte changed", "other shape"])
def test_a_damaged_file_is_made_again_and_replaced(cache, tmp_path, damage):
    calls: list[int] = []
    table = _table(tmp_path, calls)
    table()
    path = datacache.path_of("toy", cache)
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x00\xff" * 100)
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "cut short":
        path.write_bytes(data[:-3])
    elif damage == "one byte changed":
        path.write_bytes(data[:-2] + bytes([data[-2] ^ 1]) + data[-1:])
    else:  # an intact file whose values are not the table's (decode refuses them)
        head = data[:data.index(b"\n", len(datacache.MAGIC))].rsplit(b" ", 1)[0]
        datacache._write(path, head[len(datacache.MAGIC):], marshal.dumps(["not", "a", "mapping"]))
    assert table() == {"k": ["a", "b"]}
    assert len(calls) == 2
    assert path.read_bytes() == data  # replaced by a good one
    assert table() == {"k": ["a", "b"]} and len(calls) == 2


def test_no_cache_writes_nothing(tmp_path, monkeypatch):
    home, xdg = tmp_path / "home", tmp_path / "xdg"
    home.mkdir()
    xdg.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg))
    monkeypatch.setenv(datacache.ENV, "")
    assert datacache.folder() is None
    calls: list[int] = []
    table = _table(tmp_path, calls)
    assert table() == table() == {"k": ["a", "b"]}
    assert len(calls) == 2
    _same_gazetteer(gz.load.__wrapped__(), gz.load())
    assert list(home.iterdir()) == list(xdg.iterdir()) == []


def test_a_folder_that_cannot_be_written_means_no_cache(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv(datacache.ENV, str(blocked / "cache"))  # no folder can be made under a file
    calls: list[int] = []
    table = _table(tmp_path, calls)
    assert table() == table() == {"k": ["a", "b"]}
    assert len(calls) == 2
    assert gz.load.__wrapped__().units == gz.load().units


def test_the_folder():
    assert datacache.folder({datacache.ENV: "/x/y"}) == Path("/x/y")
    assert datacache.folder({datacache.ENV: "", "XDG_CACHE_HOME": "/c"}) is None
    assert datacache.folder({"XDG_CACHE_HOME": "/c"}) == Path("/c/danvan-site")
    assert datacache.folder({"XDG_CACHE_HOME": "rel"}) == Path.home() / ".cache" / "danvan-site"  # relative: ignored
    assert datacache.folder({}) == Path.home() / ".cache" / "danvan-site"


def test_the_tests_keep_it_out_of_the_home():
    from conftest import DATA_CACHE

    assert os.environ[datacache.ENV] == DATA_CACHE
    assert datacache.folder() == Path(DATA_CACHE)
