"""Stable pagination of lists in time order: parts cut where the bulletins' ids say, so that a
bulletin added in the middle of a long list changes the part it falls in, not every newer part."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from danvan_site.site.render import _cuts, paginate_alphabetical, paginate_stable


@dataclass(frozen=True)
class Item:
    id: str
    sort_date: date | None = None


def _items(n: int, prefix: str = "b") -> list[Item]:
    """``n`` items newest first, one a day back from 2026-06-30."""
    return [Item(f"{prefix}{i:06d}", date(2026, 6, 30) - timedelta(days=i)) for i in range(n)]


def _pages(items: list[Item], size: int) -> dict[str, tuple[str, ...]]:
    return {p.url: tuple(i.id for i in p.items) for p in paginate_stable(items, "bai-viet/", size)}


def test_cuts_are_pinned() -> None:
    # The cut rule (BLAKE2b of the id, a part of at least size // 2, at most 2 * size) decides the
    # URL of every older part of every list: a change to it moves pages in every user's site.
    assert _cuts([f"b{i:04d}" for i in range(100)], 20) == [28, 48, 59, 69, 81, 94]
    assert _cuts([f"b{i:04d}" for i in range(12)], 4) == [5, 10]
    assert _cuts([f"b{i}" for i in range(5)], 1) == [1, 2, 3, 4, 5]  # one a page: every item a part


def test_parts_cover_the_list_newest_first_within_bounds() -> None:
    items = _items(2000)
    pages = paginate_stable(items, "bai-viet/", 20)
    assert [i for p in pages for i in p.items] == items  # every item once, newest first
    assert pages[0].url == "bai-viet/" and pages[0].number == pages[0].total == len(pages)
    assert [p.url for p in pages[1:]] == [f"bai-viet/trang/{n}/" for n in range(len(pages) - 1, 0, -1)]
    older = [len(p.items) for p in pages[1:]]
    assert min(older) >= 10 and max(older) <= 40
    assert 17 <= sum(older) / len(older) <= 23  # about page_size on average
    assert len(pages[0].items) >= 20  # the list's own page is never near empty
    oldest = pages[-1]
    assert oldest.dates == (items[-1].sort_date, items[-len(oldest.items)].sort_date)


def test_a_short_list_is_one_page() -> None:
    for n in (0, 1, 19, 20):
        pages = paginate_stable(_items(n), "bai-viet/", 20)
        assert len(pages) == 1 and pages[0].url == "bai-viet/" and len(pages[0].items) == n


def test_a_bulletin_added_in_the_middle_changes_the_part_it_falls_in() -> None:
    items = _items(2000)
    before = _pages(items, 20)
    rng = random.Random(7)
    changed = []
    for t in range(200):
        at = rng.randrange(len(items))
        after = _pages(items[:at] + [Item(f"new{t}")] + items[at:], 20)
        changed.append(sum(1 for url in before.keys() | after.keys() if before.get(url) != after.get(url)))
    changed.sort()
    # Fixed-size parts counted from the oldest changed every newer part (50 of 100 on average).
    assert changed[len(changed) // 2] == 1
    assert sum(c <= 2 for c in changed) >= 0.9 * len(changed)


def test_the_newest_added_changes_only_the_top_of_the_list() -> None:
    items = _items(500)
    before = _pages(items, 20)
    for t in range(30):
        items = [Item(f"new{t:03d}")] + items
        after = _pages(items, 20)
        changed = {url for url in before.keys() | after.keys() if before.get(url) != after.get(url)}
        total = len(after)
        # the list's own page, and the part that left it when it closed
        assert changed <= {"bai-viet/", f"bai-viet/trang/{total - 1}/"}
        before = after


def test_an_edit_keeps_the_cuts() -> None:
    # The cuts follow ids, not contents: the same ids in the same order give the same parts.
    items = _items(300)
    edited = list(items)
    edited[150] = Item(items[150].id, date(2001, 1, 1))
    assert [len(p.items) for p in paginate_stable(items, "x/", 20)] == \
           [len(p.items) for p in paginate_stable(edited, "x/", 20)]


@dataclass(frozen=True)
class Name:
    url: str
    label: str


def _names(n: int) -> list[Name]:
    return [Name(f"nguoi/p{i:05d}/", f"Người {i:05d}") for i in range(n)]


def test_alphabetical_pages_from_the_start_with_their_first_and_last_name() -> None:
    people = _names(1000)
    pages = paginate_alphabetical(people, "nguoi/", 20)
    assert [p for page in pages for p in page.items] == people
    assert [page.url for page in pages] == ["nguoi/"] + [f"nguoi/trang/{n}/" for n in range(2, len(pages) + 1)]
    assert all(10 <= len(page.items) <= 40 for page in pages)
    assert pages[1].names == (pages[1].items[0].label, pages[1].items[-1].label)
    # far from the end, the links do not name the last page (its number changes now and then)
    assert pages[5].window() == [1, None, 4, 5, 6, 7, 8]
    assert pages[-1].window()[-1] == len(pages) and pages[-1].next_url is None
    assert paginate_alphabetical([], "nguoi/", 20)[0].items == []


def test_a_name_added_in_the_middle_changes_the_page_it_falls_in() -> None:
    people = _names(1000)
    before = {page.url: tuple(page.items) for page in paginate_alphabetical(people, "nguoi/", 20)}
    rng = random.Random(3)
    changed = []
    for t in range(200):
        at = rng.randrange(len(people))
        added = people[:at] + [Name(f"nguoi/new{t}/", f"Người {at:05d}+")] + people[at:]
        after = {page.url: tuple(page.items) for page in paginate_alphabetical(added, "nguoi/", 20)}
        changed.append(sum(1 for url in before.keys() | after.keys() if before.get(url) != after.get(url)))
    changed.sort()
    assert changed[len(changed) // 2] == 1
    assert sum(c <= 2 for c in changed) >= 0.9 * len(changed)
