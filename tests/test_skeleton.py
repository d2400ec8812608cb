"""The archive kept between builds as a skeleton (archive/skeleton.py), and the records' addresses
kept by fingerprint (``place_records(known=)``): restored, they are what building gives."""
from __future__ import annotations

import copy
import pickle
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import CORPUS, seed_settings
from danvan_site.archive import skeleton
from danvan_site.archive.groups import PARTS, Archive, build_archive, place_records
from danvan_site.build import pipeline
from danvan_site.build.pipeline import build
from danvan_site.core.models import Locality, MeetingType, Period, Person
from site_samples import sample_articles


def _records(seed_articles) -> list:
    """The seeds and the samples (people with roles, organisations, periods, places at every
    level, an undated bulletin), with fingerprints, placed newest first."""
    records = [replace(copy.deepcopy(a), fingerprint=f"fp-{a.id}") for a in
               [*seed_articles.values(), *sample_articles()]]
    return place_records(records)


def _shape(archive: Archive) -> dict[str, Any]:
    """Everything the renderer reads of an archive, as plain values (nodes by URL, records by id)."""
    def node(n):
        return (n.kind, n.key, n.label, n.url, n.description, list(n.roles), n.code, n.successor,
                n.parent.url if n.parent is not None else None, [a.id for a in n.articles],
                [c.url for c in n.children])

    def urls(mapping):
        return {key: n.url for key, n in mapping.items()}
    return {
        "groupings": [[node(n) for n in root.walk()] for root in archive.groupings()],
        "records": [a.id for a in archive.records],
        "articles": [a.id for a in archive.articles],
        "maps": [urls(archive.locality_of), urls(archive.date_of), urls(archive.meeting_type_of),
                 urls(archive.period_of)],
        "people": urls(archive.people_by_key),
        "organisations": urls(archive.organisations_by_key),
        "rows": [(label, n.url if n is not None else None) for label, n in archive.organisation_rows],
        "glossary": archive.glossary,
        "counts": archive.counts,
        "vocabulary": archive.vocabulary,
    }


def test_a_restored_archive_is_the_built_one(seed_articles) -> None:
    records = _records(seed_articles)
    built = build_archive(records, placed=True)
    saved = pickle.loads(pickle.dumps(skeleton.skeleton(built)))  # as the store gives it back
    restored = skeleton.restore(saved, records)
    assert _shape(restored) == _shape(built)
    assert skeleton.skeleton(restored) == saved
    # The nodes list the records given (the same objects), and the groupings are not empty.
    assert len(restored.records) == len(records) and all(a is b for a, b in zip(restored.records, records))
    assert all(a is b for a, b in zip(restored.all_articles.articles, built.all_articles.articles))
    assert len(restored.people.children) > 5 and len(restored.periods.children) >= 1
    assert restored.counts.articles == len(records) and restored.counts.people == len(built.people.children)


def test_a_node_outside_its_grouping_is_refused(seed_articles) -> None:
    records = _records(seed_articles)
    built = build_archive(records, placed=True)
    first = built.articles[0].id
    built.locality_of[first] = built.dates.children[0]
    with pytest.raises(ValueError, match=f"locality_of of {first} is not a node of localities"):
        skeleton.skeleton(built)


EVERY = set(PARTS)


@pytest.mark.parametrize("change, parts", [
    ("body", set()), ("summary", set()), ("word_count", set()),
    ("title", set()),  # the archive does not read the title (the addresses do, in place_records)
    ("place", {"localities"}), ("person", {"people"}), ("role", {"people"}), ("day", {"dates"}),
    ("meeting type", {"meeting_types"}), ("period", {"periods"}), ("organisation", {"organisations"}),
    ("abbreviation", {"glossary"}),
    ("merged", EVERY), ("order", EVERY),  # the bulletins' order (ids, merged or not): every part
])
def test_each_part_s_digest_follows_what_it_reads(seed_articles, change: str, parts: set[str]) -> None:
    records = _records(seed_articles)
    before = skeleton.part_digests(records, "code")
    target = next(a for a in records if a.people and a.people[0].roles)
    changed = copy.copy(target)
    changed.fingerprint = "fp-changed"
    if change == "body":
        changed.body = [*target.body, "Hội nghị diễn ra sôi nổi."]
    elif change == "summary":
        changed.summary = "Tóm tắt khác."
    elif change == "word_count":
        changed.word_count = target.word_count + 5
    elif change == "title":
        changed.title = target.title + " (cập nhật)"
    elif change == "place":
        changed.locality = Locality(level="phường", name="Ngọc Lâm", province="Hà Nội")
    elif change == "person":
        changed.people = [Person("Trần Thị Mới", ["Chủ tịch"]), *target.people]
    elif change == "role":
        changed.people = [Person(target.people[0].name, ["Phó Bí thư"]), *target.people[1:]]
    elif change == "day":
        changed.published = None
        changed.event_date = None
    elif change == "meeting type":
        changed.meeting_type = MeetingType("tong-ket", "tổng kết")
    elif change == "period":
        changed.period = Period("năm 2019", date(2019, 1, 1), date(2019, 12, 31))
    elif change == "organisation":
        changed.organisations = [*target.organisations, "Hội Cựu chiến binh"]
    elif change == "abbreviation":
        changed.abbreviations = [*target.abbreviations, "CCB"]
    elif change == "merged":
        changed.duplicate_of = next(a.id for a in records if a is not target)
    new = [changed if a is target else a for a in records]
    if change == "order":
        new = new[1:] + new[:1]
    after = skeleton.part_digests(new, "code")
    assert {name for name in PARTS if after[name] != before[name]} == parts
    other = skeleton.part_digests(records, "other code")
    assert all(other[name] != before[name] for name in PARTS)


def test_facets_kept_by_fingerprint_are_looked_up(seed_articles) -> None:
    records = _records(seed_articles)
    known: dict[str, bytes] = {}
    digests = skeleton.part_digests(records, "code", known)
    assert digests == skeleton.part_digests(records, "code")
    assert set(known) == {a.fingerprint for a in records}
    # A kept value is used as it is: a wrong one (as changed facets under the same fingerprint
    # would give) changes the digests, which proves it was looked up.
    planted = dict(known)
    planted[records[0].fingerprint] = bytes(len(known[records[0].fingerprint]))
    assert skeleton.part_digests(records, "code", planted)["people"] != digests["people"]
    # Merged or not is hashed apart from the kept facets.
    merged = [replace(records[0], duplicate_of=records[1].id), *records[1:]]
    assert skeleton.part_digests(merged, "code", dict(known))["people"] != digests["people"]


def _saved_with_items(records: list) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The skeleton a build saves (every part and the ``ITEMS`` entry), as the store gives it
    back, and the facets kept by fingerprint."""
    known: dict[str, bytes] = {}
    skeleton.part_digests(records, "code", known)
    saved = {**skeleton.skeleton(build_archive(records, placed=True)),
             skeleton.ITEMS: skeleton.items_entry(records, "code", known)}
    return pickle.loads(pickle.dumps(saved)), known


def _changed_records(records: list, change: str) -> list:
    """``records`` after one change, placed again (copies: the records given are not touched)."""
    records = [copy.copy(a) for a in records]
    named = [a for a in records if len(a.people) >= 2 and a.people[0].roles]
    target = named[len(named) // 2]
    first = target.people[0]
    if change == "added":  # an older bulletin naming someone known, with a new role, and someone new
        new = replace(target, id="zz_moi", source_file="zz_moi.txt", fingerprint="fp-zz_moi",
                      people=[Person(first.name, ["Trưởng ban Dân vận"]), Person("Lê Văn Mới", ["Bí thư"])])
        records.append(new)
    elif change == "removed":
        records.remove(target)
    elif change in ("renamed", "role", "spelling", "merged", "moved", "ward", "province", "code", "namesake"):
        changed = copy.copy(target)
        changed.fingerprint = "fp-changed"
        if change == "renamed":
            changed.people = [Person("Trần Thị Mới", ["Chủ tịch"]), *target.people[1:]]
        elif change == "role":
            changed.people = [Person(first.name, ["Phó Bí thư"]), *target.people[1:]]
        elif change == "spelling":  # the same person (the same key), written three times otherwise
            respelled = first.name.upper()
            changed.people = [*target.people, Person(respelled, []), Person(respelled, [])]
        elif change == "ward":  # another ward of the same city
            changed.locality = Locality(level="phường", name="Ngọc Lâm", province="Hà Nội")
        elif change == "province":  # a province no other bulletin is filed under
            changed.locality = Locality(level="phường", name="Hòa Cường Bắc", province="Đà Nẵng")
        elif change == "code":  # the same place, with its official code
            changed.locality = replace(target.locality, code="00001")
        elif change == "namesake":  # a province whose name has the slug of another's ("Hạ Nội": ha-noi)
            changed.locality = Locality(level="phường", name="Ngọc Lâm", province="Hạ Nội")
        elif change == "merged":
            changed.duplicate_of = next(a.id for a in records if a is not target and a.duplicate_of is None)
        else:  # a later day: the bulletin moves ahead of others
            changed.published, changed.event_date = None, date(2030, 1, 1)
        records[records.index(target)] = changed
    return place_records(records)


@pytest.mark.parametrize("change", ["added", "removed", "renamed", "role", "spelling", "merged", "ward", "province",
                                    "code"])
def test_patched_parts_are_the_built_ones(seed_articles, change: str) -> None:
    """After an addition, a removal, a bulletin naming other people (or the same otherwise),
    filed at another place (in another province, or with its code) or merged into another, the
    people's and the places' parts patched from the last build's skeleton are the ones built
    from every bulletin, node for node; no other part is patched."""
    records = _records(seed_articles)
    saved, known = _saved_with_items(records)
    new = _changed_records(records, change)
    patched = skeleton.patch_parts(saved, new, PARTS, "code", known)
    assert set(patched) == {"localities", "people"}
    built = build_archive(new, placed=True)
    archive = build_archive(new, placed=True, given=patched)
    assert _shape(archive) == _shape(built)
    assert skeleton.skeleton(archive, ["localities", "people"]) == skeleton.skeleton(built, ["localities", "people"])
    before = build_archive(records, placed=True)
    if change in ("added", "renamed"):  # the change shows: someone new is listed
        assert len(archive.people.children) == len(before.people.children) + 1
    elif change in ("removed", "merged"):
        assert len(archive.people.articles) == len(before.people.articles) - 1
    elif change == "province":
        assert len(archive.localities.children) == len(before.localities.children) + 1


def test_places_are_built_again_when_two_provinces_share_a_slug(seed_articles) -> None:
    """A province's address is its slug unless another's is the same (then each is hashed): a
    bulletin filed in "Hạ Nội" beside "Hà Nội" would change the addresses of both, so the places
    are built, not patched (the people still are)."""
    records = _records(seed_articles)
    saved, known = _saved_with_items(records)
    new = _changed_records(records, "namesake")
    patched = skeleton.patch_parts(saved, new, PARTS, "code", known)
    assert set(patched) == {"people"}
    built = build_archive(new, placed=True)
    hanoi = [n for n in built.localities.children if n.kind == "province" and n.url.startswith("dia-phuong/ha-noi")]
    assert len(hanoi) == 2 and all(n.url != "dia-phuong/ha-noi/" for n in hanoi)
    # and back: the namesake gone, "Hà Nội" has its plain address again, which the patch gives
    again = _records(seed_articles)
    saved, known = _saved_with_items(new)
    patched = skeleton.patch_parts(saved, again, PARTS, "code", known)
    assert set(patched) == {"people"}  # the last build's "Hà Nội" had a hashed address: built


@pytest.mark.parametrize("case", ["moved", "too many", "no items", "other code"])
def test_people_are_built_again_when_a_patch_would_not_be_right(seed_articles, monkeypatch, case: str) -> None:
    """No patch when the bulletins kept changed order (a date changed: the lists would be out of
    order), when more changed than ``PATCH_SHARE`` (and ``PATCH_FLOOR``), when the skeleton was
    saved without the bulletins' ids (an earlier version) or by other code (the archive's code
    or data changed: any person's name or address may be made otherwise): the part is built."""
    records = _records(seed_articles)
    saved, known = _saved_with_items(records)
    new = _changed_records(records, "moved" if case == "moved" else "renamed")
    if case == "too many":
        monkeypatch.setattr(skeleton, "PATCH_FLOOR", 1)
    elif case == "no items":
        del saved[skeleton.ITEMS]
    code = "other code" if case == "other code" else "code"
    assert skeleton.patch_parts(saved, new, ["people"], code, known) == {}
    if case in ("too many", "other code"):  # the same change is patched under the floor, by the same code
        monkeypatch.setattr(skeleton, "PATCH_FLOOR", 2)
        assert set(skeleton.patch_parts(saved, new, ["people"], "code", known)) == {"people"}


def test_addresses_kept_by_fingerprint_are_the_made_ones(seed_articles) -> None:
    fresh = [replace(copy.deepcopy(a), fingerprint=f"fp-{a.id}") for a in seed_articles.values()]
    made = place_records(copy.deepcopy(fresh))
    known: dict[str, tuple[str, str]] = {}
    first = place_records(copy.deepcopy(fresh), known)
    assert set(known) == {a.fingerprint for a in fresh}
    again = place_records(copy.deepcopy(fresh), known)
    for records in (first, again):
        assert [(a.id, a.slug, a.url, a.raw_url) for a in records] == [(a.id, a.slug, a.url, a.raw_url) for a in made]
    # Looked up, not made again: a planted slug is the one given.
    planted = {fp: ("planted-" + names[0], names[1]) for fp, names in known.items()}
    assert all(a.slug.startswith("planted-") for a in place_records(copy.deepcopy(fresh), planted))
    # Without a fingerprint nothing is kept or looked up.
    bare = [replace(a, fingerprint="") for a in copy.deepcopy(fresh)]
    nothing: dict[str, tuple[str, str]] = {}
    assert [a.slug for a in place_records(bare, nothing)] == [a.slug for a in made] and nothing == {}


def _seed_build(tmp_path: Path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)

    def settings():
        return seed_settings(tmp_path / "site", corpus, cache=str(tmp_path / "cache"), search=False, jobs=1)
    return corpus, settings


BULLETIN = "003_9d20f8220b7ddb70.txt"


def _assert_same_as_a_full_build(tmp_path: Path, corpus: Path) -> None:
    """The incremental site in ``tmp_path/site`` is the one a build of ``corpus`` without a
    cache makes (into ``tmp_path/full``), file for file and byte for byte."""
    out = tmp_path / "full"
    full = seed_settings(out, corpus, search=False)
    full.cache = None
    build(full)

    def tree(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    assert tree(tmp_path / "site") == tree(out)


def _add_a_sentence(corpus: Path) -> str:
    """A sentence added inside one seed's body (nothing the archive reads); returns the text before."""
    bulletin = corpus / BULLETIN
    text = bulletin.read_text(encoding="utf-8")
    anchor = "Kết luận buổi làm việc"
    sentence = "Các đại biểu đã thảo luận sôi nổi.\n\n"
    bulletin.write_text(text.replace(anchor, sentence + anchor), encoding="utf-8")
    return text


def _change_state(tmp_path: Path, corpus: Path, key: str, change) -> None:
    """Replace the store's state entry ``key`` with ``change(value)`` (as a damaged or foreign
    cache would hold it)."""
    from danvan_site.store.db import Store

    store = Store(tmp_path / "cache", scope=str(corpus.resolve()))
    try:
        store.set_state(key, change(store.get_state(key)))
    finally:
        store.close()


def test_a_build_restores_the_parts_nothing_changed_in(tmp_path: Path, monkeypatch) -> None:
    """In a build: a sentence added to a body restores every part of the last build's archive;
    a sidecar setting one bulletin's meeting type restores every part but the meeting types; a
    bulletin moved to another ward builds the places again. The skeleton kept is the whole
    archive's, and the site equals a full build's byte for byte."""
    from danvan_site.site import render

    monkeypatch.setattr(render, "CHECK_SETTLED", False)  # what a user's build does
    corpus, settings = _seed_build(tmp_path)
    restored: list[set[str]] = []
    real = skeleton.restore_parts
    monkeypatch.setattr(skeleton, "restore_parts",
                        lambda saved, records, names: restored.append(set(names)) or real(saved, records, names))
    build(settings())
    assert restored == []
    text = _add_a_sentence(corpus)
    result = build(settings())
    assert result.collected.parsed == 1 and restored == [EVERY]
    assert _shape(result.archive) == _shape(build_archive(result.archive.records, placed=True))
    (corpus / BULLETIN).with_suffix(".yaml").write_text("meeting_type: tong-ket\n", encoding="utf-8")
    result = build(settings())
    assert restored[-1] == EVERY - {"meeting_types"}
    assert _shape(result.archive) == _shape(build_archive(result.archive.records, placed=True))
    (corpus / BULLETIN).write_text(text.replace("Bồ Đề", "Ngọc Lâm"), encoding="utf-8")
    result = build(settings())
    assert "localities" not in restored[-1] and "dates" in restored[-1]
    assert any(n.label.endswith("Ngọc Lâm") for n in result.archive.localities.walk())
    from danvan_site.store.db import Store

    store = Store(tmp_path / "cache", scope=str(corpus.resolve()))
    try:
        digests, saved = store.get_state(pipeline.ARCHIVE_SKELETON)
    finally:
        store.close()
    items = saved.pop(skeleton.ITEMS)
    assert saved == skeleton.skeleton(result.archive)
    assert items[0] == pipeline.site_fingerprint() and items[1] == "\0".join(a.id for a in result.archive.articles)
    assert len(items[2]) == 16 * len(skeleton.PATCHABLE) * len(result.archive.articles)
    assert digests == skeleton.part_digests(result.archive.records, pipeline.site_fingerprint())
    _assert_same_as_a_full_build(tmp_path, corpus)


def test_a_build_patches_the_people_after_an_addition_and_a_removal(tmp_path: Path, monkeypatch) -> None:
    """An added bulletin changes the bulletins' order, so no part is restored as it was: the
    people and the places are patched from the skeleton (the other parts built), and so after
    its removal; the archive is the one built from scratch and the site a full build's."""
    from danvan_site.site import render

    monkeypatch.setattr(render, "CHECK_SETTLED", False)  # what a user's build does
    corpus, settings = _seed_build(tmp_path)
    patched: list[set[str]] = []
    real = skeleton.patch_parts
    monkeypatch.setattr(skeleton, "patch_parts", lambda *args: patched.append(set(real(*args))) or real(*args))
    build(settings())
    assert patched == []
    (corpus / "zz_moi.txt").write_text(
        "Phường Hòa Cường Bắc tổ chức hội nghị đối thoại với Nhân dân\n05/03/2024 08:30\n\n"
        "Sáng ngày 04/3/2024, Đảng ủy phường Hòa Cường Bắc, quận Hải Châu, thành phố Đà Nẵng tổ chức "
        "hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân năm 2024.\n\n"
        "Đồng chí Nguyễn Văn Bình, Bí thư Đảng ủy phường chủ trì hội nghị. Đồng chí Trần Thị Hoa, Chủ tịch "
        "UBMTTQ phường báo cáo kết quả.\n\nHội nghị diễn ra sôi nổi, thẳng thắn.\n", encoding="utf-8")
    for step in ("added", "removed"):
        if step == "removed":
            (corpus / "zz_moi.txt").unlink()
        result = build(settings())
        assert patched[-1] == {"localities", "people"}, step
        assert _shape(result.archive) == _shape(build_archive(result.archive.records, placed=True))
        assert (result.archive.person_node("Nguyễn Văn Bình") is not None) == (step == "added")
    _assert_same_as_a_full_build(tmp_path, corpus)


def test_a_wrong_skeleton_is_caught_by_the_check(tmp_path: Path, monkeypatch) -> None:
    """Under ``DANVAN_CHECK_SETTLED`` (the suite's setting) a restored archive is compared with a
    built one: a skeleton that does not match its key stops the build."""
    from danvan_site.site import render

    monkeypatch.setattr(render, "CHECK_SETTLED", True)
    corpus, settings = _seed_build(tmp_path)
    build(settings())

    def relabel(value):
        digests, saved = value
        nodes = saved["people"]
        nodes[1] = (nodes[1][0], nodes[1][1], "Người Khác", *nodes[1][3:])
        return digests, saved
    _change_state(tmp_path, corpus, pipeline.ARCHIVE_SKELETON, relabel)
    _add_a_sentence(corpus)
    with pytest.raises(AssertionError, match="restored from the last build's skeleton differ from fresh ones: people$"):
        build(settings())


def test_a_damaged_skeleton_is_built_again(tmp_path: Path, monkeypatch) -> None:
    """A skeleton that cannot be restored (cut short) is as if never saved: built again."""
    corpus, settings = _seed_build(tmp_path)
    build(settings())

    def cut(value):
        digests, saved = value
        nodes, _ = saved["localities"]
        saved["localities"] = (nodes, b"\xff\xff\xff\x7f" * 20)
        return digests, saved
    _change_state(tmp_path, corpus, pipeline.ARCHIVE_SKELETON, cut)
    _add_a_sentence(corpus)
    result = build(settings())
    assert len(result.archive.people.children) > 5


@pytest.mark.parametrize("same_code", [True, False])
def test_addresses_kept_by_another_code_are_not_used(tmp_path: Path, same_code: bool) -> None:
    """The slugs and raw paths kept by fingerprint are used only under the code that made them
    (``site_fingerprint``): the store keeps its records when only the archive's code changes, and
    slugs made by other code would put pages where a full build does not."""
    from danvan_site.store.fingerprints import site_fingerprint

    corpus, settings = _seed_build(tmp_path)
    build(settings())

    def plant(value):
        code, names = value
        assert code == site_fingerprint() and len(names) == 5
        return (code if same_code else "other code", {fp: ("cu-" + slug, raw) for fp, (slug, raw) in names.items()})
    _change_state(tmp_path, corpus, pipeline.RECORD_NAMES, plant)
    _add_a_sentence(corpus)
    result = build(settings())
    slugs = [a.slug for a in result.archive.records]
    if same_code:  # looked up: the planted slugs (all but the edited bulletin's, made again)
        assert sum(slug.startswith("cu-") for slug in slugs) == 4
    else:
        assert not any(slug.startswith("cu-") for slug in slugs)
