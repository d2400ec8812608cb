"""Where a build spends its time: stages, extraction steps and templates (``--profile``).

Timings are gathered only when ``enable()`` was called; otherwise ``timed`` costs one check.
Worker processes send theirs back with their results (``take``/``merge``).
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["enable", "enabled", "timed", "add", "take", "merge", "report"]

import os

_ENABLED = False
_TIMES: dict[str, list[float]] = {}  # name -> [seconds, calls]

if hasattr(os, "register_at_fork"):
    # A forked worker starts with no timings of its own (it sends back only what it measured).
    os.register_at_fork(after_in_child=_TIMES.clear)


def enable(on: bool = True) -> None:
    global _ENABLED
    _ENABLED = on
    _TIMES.clear()


def enabled() -> bool:
    return _ENABLED


def add(name: str, seconds: float, calls: int = 1) -> None:
    entry = _TIMES.setdefault(name, [0.0, 0])
    entry[0] += seconds
    entry[1] += calls


@contextmanager
def timed(name: str) -> Iterator[None]:
    if not _ENABLED:
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:
        add(name, time.perf_counter() - started)


def take() -> dict[str, tuple[float, int]]:
    """The timings gathered so far (and forget them): what a worker sends back."""
    out = {k: (v[0], int(v[1])) for k, v in _TIMES.items()}
    _TIMES.clear()
    return out


def merge(timings: dict[str, tuple[float, int]]) -> None:
    for name, (seconds, calls) in timings.items():
        add(name, seconds, calls)


def report(limit: int = 12) -> list[str]:
    """Lines for the terminal: each group ("stage", "extract", "template", ...) slowest first."""
    groups: dict[str, list[tuple[str, float, int]]] = {}
    for name, (seconds, calls) in _TIMES.items():
        group, _, item = name.partition(":")
        groups.setdefault(group, []).append((item, seconds, int(calls)))
    titles = {"stage": "Stages (wall seconds, in order of the pipeline)",
              "extract": "Extraction steps (CPU seconds summed over all workers), slowest first",
              "template": "Templates (seconds rendering, pages), slowest first",
              "render": "Rendering (wall seconds of parts of the render)",
              "write": "Writing"}
    lines: list[str] = []
    for group in ("stage", "extract", "template", "render", "write"):
        rows = groups.get(group)
        if not rows:
            continue
        if group != "stage":
            rows = sorted(rows, key=lambda r: -r[1])[:limit]
        lines.append(titles[group] + ":")
        for item, seconds, calls in rows:
            per = f", {seconds / calls * 1000:.2f} ms each" if calls > 1 else ""
            lines.append(f"  {item:<28} {seconds:9.3f} s  ({calls} calls{per})")
    return lines
