"""Keeping Python's cycle collector off the objects a build holds for its whole length.

A build at 10,000 bulletins holds millions of long-lived objects (the records, the archive's
groupings, the render's tables). The collector's full passes walk all of them, and the build
makes enough new objects to set one off a dozen times: 2.5 of the 19 s of a one-bulletin edit
went there, for nothing (those objects live until the build ends). ``gc.freeze()`` moves every
object made so far out of the collector's generations; reference counting still frees them.

The stages freeze what they made once it is known to be long-lived (``pin``). The forked
writers and exporters freeze too, so that a child does not walk (and copy, page by page) the
parent's objects. ``gc.unfreeze()`` puts everything back, so it is called only when the outermost
``pinned`` scope ends: a freeze taken by a stage is not undone by a helper's own scope.

``can_fork`` and ``fork_context`` are what the stages ask before and when they fork: they import
``multiprocessing`` only then. With ``concurrent.futures``, whose process pool the parser and
the writer use, that import is about 17 ms, which a build that finds nothing changed (about
0.3 s at 10,000 bulletins) never needs.
"""
from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.context import ForkContext

__all__ = ["pinned", "pin", "paused", "can_fork", "fork_context"]


def can_fork() -> bool:
    """Whether this system forks processes (POSIX: what ``"fork" in
    multiprocessing.get_all_start_methods()`` answers, without importing it)."""
    return hasattr(os, "fork")


def fork_context() -> ForkContext:
    """``multiprocessing``'s fork context, imported when a process is about to be started."""
    import multiprocessing

    return multiprocessing.get_context("fork")

_depth = 0  # pinned scopes open in this process
# Objects made between two passes over the youngest generation while a build runs (Python's
# default is 700). A build makes millions of objects that live to its end and almost no garbage
# cycles; every tenth young pass sets off a middle one and every tenth of those a full one, and
# at 700 a one-bulletin edit at 10,000 bulletins spent 0.7 s in 2,700 passes (17 full ones).
YOUNG_THRESHOLD = 20_000


@contextmanager
def pinned() -> Iterator[None]:
    """Freeze every object made so far for the scope; the outermost scope unfreezes them at its
    end, so that what a build left behind is collectable again (tests run many builds in one
    process)."""
    global _depth
    gc.freeze()
    _depth += 1
    threshold = gc.get_threshold()
    if _depth == 1:
        gc.set_threshold(YOUNG_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            gc.set_threshold(*threshold)
            gc.unfreeze()


def pin() -> None:
    """Freeze the objects made so far when a ``pinned`` scope is open (they are unfrozen when it
    ends); outside one, do nothing (nothing would ever unfreeze them)."""
    if _depth:
        gc.freeze()


@contextmanager
def paused() -> Iterator[None]:
    """No cycle collection for the scope: for work that makes many objects and no garbage cycles
    (decoding the stored records)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
