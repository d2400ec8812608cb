"""The cycle collector kept off a build's long-lived objects (core/heap.py), and given them back."""
from __future__ import annotations

import gc
from pathlib import Path

from danvan_site.core import heap


def test_a_helper_scope_does_not_undo_the_freeze_of_the_scope_around_it() -> None:
    gc.unfreeze()
    with heap.pinned():
        kept = [object() for _ in range(10)]
        heap.pin()
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with heap.pinned():  # a forked writer's scope, inside the build's
            pass
        assert gc.get_freeze_count() >= frozen  # the build's objects are still out of the passes
    assert gc.get_freeze_count() == 0  # and collectable again after it
    assert len(kept) == 10


def test_pin_outside_a_scope_freezes_nothing() -> None:
    gc.unfreeze()
    heap.pin()
    assert gc.get_freeze_count() == 0


def test_paused_stops_collection_only_for_its_scope() -> None:
    assert gc.isenabled()
    with heap.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_build_leaves_nothing_frozen(tmp_path: Path) -> None:
    """The preview server and the tests run many builds in one process: what one build froze must
    be collectable once it is over."""
    from danvan_site.cli import main

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    gc.unfreeze()
    before = gc.get_threshold()
    assert main(["build", "--corpus", str(corpus), "--output", str(tmp_path / "site"),
                 "--cache", str(tmp_path / "cache"), "--no-search", "-q"]) == 0
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before  # and the collector runs as often as before the build


def test_the_young_passes_are_spaced_out_in_a_build_and_restored_after_it() -> None:
    default = gc.get_threshold()
    with heap.pinned():
        assert gc.get_threshold() == (heap.YOUNG_THRESHOLD, *default[1:])
        with heap.pinned():  # a helper's scope changes nothing
            assert gc.get_threshold()[0] == heap.YOUNG_THRESHOLD
        assert gc.get_threshold()[0] == heap.YOUNG_THRESHOLD
    assert gc.get_threshold() == default
