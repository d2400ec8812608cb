"""The data files (data/*.yaml) read with libyaml's parser give what the pure-Python one gives."""
from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from danvan_site import vocab


def _shape(value: Any) -> Any:
    """The value with the type of every part (``True == 1``, ``1.0 == 1``: == alone would pass)."""
    if isinstance(value, dict):
        return {(type(k).__name__, k): _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return (type(value).__name__, value)


def test_every_data_file_reads_the_same_with_either_parser():
    folder = resources.files("danvan_site").joinpath("data")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith((".yaml", ".yml")))
    assert set(vocab.DATA_FILES) <= set(names)
    for name in names:
        text = folder.joinpath(name).read_text(encoding="utf-8")
        slow = yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506
        assert _shape(yaml.load(text, Loader=vocab._LOADER)) == _shape(slow), name  # noqa: S506
        assert _shape(vocab.raw(name)) == _shape(slow), name


def test_the_fast_parser_is_used_when_there_is_one():
    assert vocab._LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)
