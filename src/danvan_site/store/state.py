"""Small values the build keeps between runs (the writer's manifests, the search index's key),
in the store's ``state`` table. Without a store (a build with ``--no-cache``) nothing is kept."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from danvan_site.store.db import Store


def load_state(store: Store | None, key: str) -> Any:
    """The value saved under ``key`` (None when missing, unreadable, or without a store)."""
    return store.get_state(key) if store is not None else None


def save_state(store: Store | None, key: str, value: Any) -> None:
    if store is not None:
        store.set_state(key, value)
