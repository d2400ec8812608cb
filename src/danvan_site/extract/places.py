"""Places: the administrative units a text names, and the locality whose bodies held the event.

``find_units`` reads every unit mention (a level word or a Party committee word and the name
after it: "phường Gia Thụy", "Quận uỷ Đống Đa", "TP.Pleiku", a bare "huyện"). The locality is
the lowest unit named by the body that organised the event (the headline's subject, else the
lead sentence's), resolved on the gazetteer of its time (before or after the July 2025 reform)
with the parent units the text names; a name the text does not settle is left unresolved and
said so on the quality report. Words: ``data/places.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from danvan_site import gazetteer as gz
from danvan_site import vocab as vocabulary
from danvan_site.core.models import Locality
from danvan_site.vn.text import is_upper_text, modern_tones, words
from danvan_site.extract.choose import Candidate, Decision
from danvan_site.extract.context import Context


@dataclass(frozen=True)
class _PlaceVocab:
    levels: dict[str, str]
    level_re: re.Pattern[str]
    committees: dict[str, str]
    committee_re: re.Pattern[str]
    main_verbs: re.Pattern[str]
    guest_verbs: frozenset[str]
    org_start: re.Pattern[str]
    surnames: frozenset[str]
    count_after: re.Pattern[str]


def _level_re(levels: dict[str, str]) -> re.Pattern[str]:
    """A level word ("phường", "TP.") and the white space after it, for the words of ``levels``."""
    # "TP.Pleiku", "TX.Bến Cát" (the name right after the dot), "TP Vinh", "tp" alone
    level_alts = "|".join(re.escape(k) + r"(?=\s*\w)|" + re.escape(k[:-1]) if k.endswith(".") else re.escape(k)
                          for k in sorted(levels, key=len, reverse=True))
    return re.compile(rf"(?<!\w)({level_alts})(?:(?<=\.)|(?!\w))(?!\s*(?:ủy|uỷ)(?!\w))\s*", re.IGNORECASE)


def _committee_re(committees: dict[str, str]) -> re.Pattern[str]:
    """Party committees ("Huyện ủy X") and youth unions ("Thành Đoàn Phan Thiết") of a unit, for the
    words of ``committees``."""
    committee_alts = vocabulary.alternation(list(committees))
    return re.compile(rf"(?<!\w)({committee_alts})\s*(?:ủy|uỷ|đoàn(?!\s+kết))(?!\w)\s*", re.IGNORECASE)


@lru_cache(maxsize=1)
def _vocab() -> _PlaceVocab:
    data = vocabulary.raw("places.yaml")
    levels = {k.lower(): v for k, v in data["levels"].items()}
    committees = {k.lower(): v for k, v in data["committees"].items()}
    return _PlaceVocab(
        levels=levels,
        level_re=_level_re(levels),
        committees=committees,
        committee_re=_committee_re(committees),
        main_verbs=re.compile(
            r"(?<!\w)(?:đã |vừa |đã phối hợp |phối hợp |long trọng |chính thức )?"
            rf"({vocabulary.alternation(data['main_verbs'])})(?!\w)", re.IGNORECASE),
        guest_verbs=frozenset(data["guest_verbs"]),
        org_start=re.compile(rf"^(?:{vocabulary.alternation(data['organiser_starts'])})(?!\w)", re.IGNORECASE),
        surnames=frozenset(vocabulary.raw("people.yaml")["surnames"]),
        count_after=re.compile(rf"\s*(?:{vocabulary.alternation(data['count_nouns'])})(?!\w)", re.IGNORECASE),
    )


# A word of a unit name: hyphenated parts ("Bà Rịa-Vũng Tàu") and inner apostrophes ("R'Lấp",
# "Ea H'Leo") belong to it.
_TOKEN_RE = re.compile(r"[^\s,;:()\[\]“”\"'’.!?–—]+(?:['’][^\s,;:()\[\]“”\"'’.!?–—]+)*"
                       r"(?:-[^\s,;:()\[\]“”\"'’.!?–—]+(?:['’][^\s,;:()\[\]“”\"'’.!?–—]+)*)*")


@dataclass(frozen=True)
class Mention:
    level: str
    name: str | None
    start: int
    end: int
    unit: gz.Unit | None = None


def _norm_level(word: str) -> str:
    w = word.lower()
    levels = _vocab().levels
    return levels.get(w) or levels.get(w.rstrip(".") + ".") or levels[w.rstrip(".")]


@lru_cache(maxsize=8)
def _unit_res(levels: tuple[str, ...] | None) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The level-word and committee patterns that find the units of ``levels`` (all when None).

    With ``levels``, the patterns leave out the words of other levels that cannot hide one of
    theirs (``_may_hide``): on a whole bulletin the province-level ones scan in half the time
    (0.20 -> 0.12 ms), and find what the full patterns find at those levels (the others'
    matches are dropped by ``find_units`` either way). tests/test_gazetteer.py compares the
    two on texts made of every word."""
    v = _vocab()
    if levels is None:
        return v.level_re, v.committee_re
    wanted_levels = [k for k, lv in v.levels.items() if lv in levels]
    wanted_committees = [k for k, lv in v.committees.items() if lv in levels]
    return (_level_re({k: lv for k, lv in v.levels.items() if lv in levels or _may_hide(k, wanted_levels)}),
            _committee_re({k: lv for k, lv in v.committees.items()
                           if lv in levels or _may_hide(k, wanted_committees, ("ủy", "uỷ", "đoàn"))}))


def _may_hide(word: str, wanted: list[str], after: tuple[str, ...] = ()) -> bool:
    """Whether a match of ``word`` (of a level not looked for) could hide a match of a wanted
    word from ``finditer``: the wanted word is the start of it (the longer is tried first at a
    place), or could begin at a word inside it ("xã" in "thị xã") or inside what the pattern
    reads after it (``after``: "ủy" of "huyện ủy"). Words are compared in lower case."""
    inner = [word[i + 1:] for i, ch in enumerate(word) if not (ch.isalnum() or ch == "_")]
    return any(word.startswith(w) for w in wanted) or any(
        s.startswith(w) or w.startswith(s) for s in (*inner, *after) if s for w in wanted)


def find_units(text: str, levels: tuple[str, ...] | None = None) -> list[Mention]:
    """Units named in a text: "phường Gia Thụy", "Quận uỷ Đống Đa", "TP.Pleiku", "huyện" (unnamed).
    ``levels``: only the units of these levels (the names of the others are not read)."""
    g = gz.load()
    found: list[Mention] = []
    level_re, committee_re = _unit_res(levels)
    for rx, to_level in ((level_re, _norm_level), (committee_re, lambda w: _vocab().committees[w.lower()])):
        for m in rx.finditer(text):
            level = to_level(m.group(1))
            if levels is not None and level not in levels:
                continue
            name, end = _name_after(text, m.end(), level, g)
            found.append(Mention(level, name, m.start(), end if name else m.end()))
    found.sort(key=lambda x: x.start)
    return found


def _name_after(text: str, pos: int, level: str, g: gz.Gazetteer) -> tuple[str | None, int]:
    tokens: list[tuple[str, int, int]] = []
    for tm in _TOKEN_RE.finditer(text, pos):
        gap = text[(tokens[-1][2] if tokens else pos): tm.start()]
        if tokens and gap.strip() not in ("", "-", "–"):
            break
        if not tokens and gap.strip():
            break
        tok = tm.group(0)
        if not (tok[0].isupper() or tok.isdigit()):
            break
        if tok.isdigit() and (not tokens) and _vocab().count_after.match(text, tm.end()):
            break  # "thành ủy 6 tháng đầu năm": a count, not a numbered unit
        tokens.append((tok, tm.start(), tm.end()))
        if len(tokens) >= 6 or tok.isdigit():
            break
    if not tokens:
        return None, pos
    # Longest run a gazetteer knows at this level (before or after the July 2025 reform: "xã Si
    # Ma Cai" is a commune only since then), else a run cut before a family name.
    g2 = gz.load_2025()
    for n in range(len(tokens), 0, -1):
        cand = text[tokens[0][1]: tokens[n - 1][2]]
        if g.find(cand, level) or (g2 is not None and g2.find(cand, level)):
            return cand, tokens[n - 1][2]
    if all(t[0].isupper() for t, _, _ in tokens if not t.isdigit()) and is_upper_text(" ".join(t for t, _, _ in tokens)):
        return None, pos  # ALL-CAPS text: only trust names the gazetteer knows
    surnames = _vocab().surnames
    cut = len(tokens)
    for i, (tok, _, _) in enumerate(tokens):
        if i > 0 and tok in surnames and len(tokens) - i >= 2:
            cut = i
            break
    cut = min(cut, 4)
    return text[tokens[0][1]: tokens[cut - 1][2]], tokens[cut - 1][2]


_LEAD_DATE = re.compile(
    r"^(?:\([^)]{1,25}\)\s*[-–—]?\s*|[^\s,]{1,15}(?:\s[^\s,]{1,15}){0,2}\s[-–—]\s+)?"
    r"(?:(?:vào\s+)?(?:sáng|chiều|tối|trưa|hồi|lúc|từ|trong|hôm)[^,]{0,40}?\d[\d/.\-]*(?:\s*(?:năm\s*)?\d{4})?\s*,?\s*"
    r"|ngày\s+\d[\d/.\-]*(?:\s*(?:và|đến)\s*\d[\d/.\-]*)?\s*,?\s*)",
    re.IGNORECASE,
)


@dataclass
class Subject:
    text: str
    verb: str
    guest: bool  # the subject attends an event someone else holds ("... dự hội nghị ...")
    obj: str = ""  # what follows the verb, to the end of the clause: where a guest went


def _object(text: str, end: int) -> str:
    """The clause after a verb: up to the sentence's end or a semicolon."""
    return re.split(r"[;.!?](?:\s|$)", text[end:], maxsplit=1)[0]


def title_subject(title: str) -> Subject | None:
    head, sep, _ = title.partition(":")
    if sep and len(words(head)) <= 12 and (_vocab().org_start.match(head) or _is_place(head)):
        # "Krông Bông (Đắk Lắk): ...": the place; its province in brackets is context
        return Subject(re.sub(r"\s*\([^()]*\)\s*$", "", head).strip() if _is_place(head) else head.strip(), ":", False)
    m = _vocab().main_verbs.search(title)
    if not m or m.start() == 0:
        return None
    subj = title[: m.start()].strip(" ,;-–")
    subj = re.split(r"\s+(?:phối hợp với|phối hợp cùng|cùng với|phối hợp)\s+", subj, maxsplit=1, flags=re.IGNORECASE)[0]
    if not subj or not (_vocab().org_start.match(subj) or _is_place(subj)):
        return None
    verb = m.group(1).lower()
    return Subject(subj, verb, verb in _vocab().guest_verbs, _object(title, m.end()))


def _is_place(text: str) -> bool:
    text = re.sub(r"\s*\([^()]*\)\s*$", "", text).strip()  # "Krông Bông (Đắk Lắk)"
    return bool(text) and len(words(text)) <= 5 and bool(gz.load().find(text))


def lead_subject(lead: str) -> Subject | None:
    m = _vocab().main_verbs.search(lead)
    if not m:
        return None
    before = _LEAD_DATE.sub("", lead[: m.start()]).strip(" ,;-–")
    # "Ban Dân vận Tỉnh ủy phối hợp với UBND thành phố X tổ chức": the first body organises.
    before = re.split(r"\s+(?:phối hợp với|phối hợp cùng|cùng với|phối hợp)\s+", before, maxsplit=1, flags=re.IGNORECASE)[0]
    chunks = [c.strip() for c in re.split(r",\s*", before) if c.strip()]
    for i, c in enumerate(chunks):
        if _vocab().org_start.match(c) and not c.lower().startswith("tại"):
            subj = ", ".join(chunks[i:])
            verb = m.group(1).lower()
            return Subject(subj, verb, verb in _vocab().guest_verbs, _object(lead, m.end()))
    return None


def extract_organizer(ctx: Context) -> str | None:
    ts = title_subject(ctx.title)
    if ts and not ts.guest and not _PERSONISH.match(ts.text):
        return ts.text
    ls = lead_subject(ctx.event_sentence)
    if ls and not _PERSONISH.match(ls.text):
        return ls.text
    if ts and not ts.guest:
        return ts.text
    return None


_PERSONISH = re.compile(r"^(?:đồng chí|ông|bà|đ/c)\b", re.IGNORECASE)


def _lowest_named(mentions: list[Mention]) -> Mention | None:
    named = [m for m in mentions if m.name]
    if not named:
        return None
    tier = {"tỉnh": 0, "thành phố": 1, "huyện": 1, "quận": 1, "thị xã": 1, "xã": 2, "phường": 2, "thị trấn": 2, "đặc khu": 2}
    return max(named, key=lambda m: (tier[m.level] if not (m.level == "thành phố" and gz.load().province(m.name or "")) else 0, -m.start))


def _first_named(mentions: list[Mention]) -> Mention | None:
    return next((m for m in mentions if m.name), None)


def _header_text(ctx: Context) -> str:
    return "\n".join(ln.text for ln in ctx.seg.header)


def _explicit_provinces(text: str) -> list[str]:
    """Provinces the text names with a level word ("tỉnh Bắc Kạn", "thành phố Cần Thơ", "TP.HCM")."""
    g = gz.load()
    out: list[str] = []
    for m in find_units(text, ("tỉnh", "thành phố")):
        if m.name:
            p = g.province(m.name)
            if p is not None and p.province_level == m.level and p.province not in out:
                out.append(p.province)
    for m in re.finditer(r"TP\.?\s?HCM|TPHCM", text):
        if "Hồ Chí Minh" not in out:
            out.append("Hồ Chí Minh")
    return out


def _bare_provinces(text: str) -> list[str]:
    """Province names standing alone in header lines ("GIA LAI TV", "BÁO SƠN LA", "Đà Nẵng –"),
    in the gazetteer's order; one pass of one trie-shaped pattern over every name and alias."""
    g = gz.load()
    found = {m.group(1) for m in _province_re().finditer(gz.key(text))}
    out: list[str] = []
    for pk, unit in g.provinces.items():
        if pk in found and unit.province not in out:
            out.append(unit.province)
    return out


@lru_cache(maxsize=1)
def _province_re() -> re.Pattern[str]:
    # a lookahead at every position: names that overlap ("Hà Nam", "Nam Định") are all found
    return re.compile(r"(?=(?<!\w)(" + vocabulary.trie_pattern(list(gz.load().provinces)) + r")(?!\w))")


_MERGER = date(2025, 7, 1)


def _resolve(candidates: list[gz.Unit], text: str, provinces: set[str]) -> gz.Unit | None:
    """``gz.disambiguate`` of the units a name can be, with the parent units ``text`` names.
    The text's key (``gz.key`` of the whole bulletin, about a fifth of a millisecond) is made only
    when two or more units share the name: with one or none there is nothing to settle."""
    return gz.disambiguate(candidates, gz.key(text) if len(candidates) > 1 else "", provinces)


def extract_locality(ctx: Context) -> Locality:
    g = gz.load()
    title, lead = ctx.title, ctx.event_sentence
    ts, ls = title_subject(title), lead_subject(lead)
    choice: Mention | None = None
    unnamed: str | None = None
    steps: list[tuple[str, list[Mention]]] = []  # (where the units were read, the units)
    if ts and not ts.guest:
        steps.append(("đơn vị tổ chức nêu ở tiêu đề", find_units(ts.text)))
    if ls and not ls.guest:
        steps.append(("đơn vị tổ chức nêu ở câu mở đầu", find_units(ls.text)))
    # A guest ("Lãnh đạo thành phố dự hội nghị ... tổ dân phố số 8, phường Thượng Thanh"): the
    # event is where the guest went, the lowest unit named after the verb.
    guests = [m for s in (ts, ls) if s is not None and s.guest for m in find_units(s.obj)]
    if guests and not any(m.name for _, ms in steps for m in ms):
        steps.insert(0, ("nơi người dự đến (đơn vị thấp nhất sau động từ 'dự', 'thăm')", guests))
    elif ls and ls.guest:
        steps.append(("người dự nêu ở câu mở đầu", find_units(ls.text)))
    title_units = find_units(title)  # in ALL-CAPS text only gazetteer names are read
    why = ""
    for label, mentions in steps:
        choice = _lowest_named(mentions)
        if choice:
            why = label
            break
    if choice is None:
        choice = _first_named(title_units)
        why = "đơn vị đầu tiên có tên trong tiêu đề"
    if choice is None:
        unnamed = next((ms[0].level for _, ms in steps if ms), None)
    if choice is None and unnamed is None:
        choice = _lowest_named(find_units(lead))
        why = "đơn vị thấp nhất có tên trong câu mở đầu"
    if choice is None and unnamed is None and title_units:
        unnamed = title_units[0].level
    header = _header_text(ctx)
    published = ctx.values.get("published")
    pub_date = published.date() if isinstance(published, datetime) else published
    post_merger = pub_date is not None and pub_date >= _MERGER
    text = ctx.all_text
    explicit = _explicit_provinces(text)
    header_prov = _explicit_provinces(header) or _bare_provinces(header)
    agency = re.match(r"^([^\s,–—-][^,–—]{1,25}?)\s+[-–—]\s", ctx.body[0]) if ctx.body else None
    if agency:
        header_prov = header_prov or _bare_provinces(agency.group(1))
    loc = Locality()
    if choice is None and unnamed is not None:
        # "Ban Dân vận Thành ủy" on the Đà Nẵng portal: a province-level unit named by the portal.
        named_provinces = header_prov or explicit
        if unnamed in ("tỉnh", "thành phố") and len(set(named_provinces)) == 1:
            p = g.province(named_provinces[0])
            if p is not None and p.province_level == unnamed:
                choice = Mention(unnamed, p.province, 0, 0)
                why = f"{unnamed} không nêu tên; tỉnh/thành phố duy nhất mà đầu trang hoặc bài nêu"
        if choice is None:
            same_level = {m.name for m in find_units(header) if m.level == unnamed and m.name}
            if len(same_level) == 1:
                choice = Mention(unnamed, same_level.pop(), 0, 0)
                why = f"{unnamed} không nêu tên; {unnamed} duy nhất ở đầu trang"
        if choice is None and ts is not None and _is_place(ts.text):
            # "Tam Kỳ kỷ niệm …" + "Ban Dân vận Thành ủy tổ chức …": the headline's bare place name.
            if g.find(ts.text, unnamed):
                choice = Mention(unnamed, ts.text.strip(), 0, 0)
                why = f"{unnamed} không nêu tên; địa danh đứng đầu tiêu đề"
    if choice is None:
        loc.level = unnamed
        if unnamed:
            ctx.uncertain["locality"] = f"văn bản nói đến một {unnamed} nhưng không nêu tên"
            ctx.decisions["locality"] = Decision("locality", Candidate(unnamed, 0.5, "tiêu đề / câu mở đầu",
                                                                        (ctx.uncertain["locality"],)))
        provinces = explicit or header_prov
        if len(set(provinces)) == 1:
            loc.province = provinces[0]
        return loc
    loc.level, loc.name = choice.level, modern_tones(choice.name or "")
    others = [m for _, ms in steps for m in ms if m.name and (m.level, m.name) != (choice.level, choice.name)]
    ctx.decisions["locality"] = Decision(
        "locality", Candidate(f"{choice.level} {loc.name}", 1.0, why.split(" (")[0], (why,)),
        Candidate(f"{others[0].level} {others[0].name}", 0.5, "cũng được nêu", ()) if others else None,
        considered=1 + len(others))
    if choice.name and choice.name.isdigit():
        loc.name = str(int(choice.name))
    unit: gz.Unit | None = None
    prov_set = set(explicit) | set(header_prov)
    if post_merger:
        # After the July 2025 reform: resolve on the units in force then (two levels).
        g2 = gz.load_2025()
        if g2 is not None:
            unit = _resolve(g2.find(choice.name or "", choice.level), text, prov_set)
            if unit is not None and unit.tier != 0 and unit.level not in gz.LEVELS_WARD:
                unit = None
    else:
        unit = _resolve(g.find(choice.name or "", choice.level), text, prov_set)
    if unit is not None:
        loc.name = modern_tones(unit.name)
        loc.province = modern_tones(unit.province)
        loc.code = unit.code
        if unit.district:
            loc.district = f"{unit.district_level} {modern_tones(unit.district)}"
            loc.district_level, loc.district_name = unit.district_level, modern_tones(unit.district)
        if not post_merger and unit.level in gz.LEVELS_WARD:
            later = gz.successors(unit.code)
            if later and later != [f"{unit.level} {unit.name}, {unit.province}"]:
                loc.successor = "; ".join(later)
    else:
        provinces = explicit or header_prov
        if loc.level in ("tỉnh",) or (loc.level == "thành phố" and g.province(loc.name or "")):
            p = g.province(loc.name or "")
            loc.province = p.province if p else None
        elif len(set(provinces)) == 1:
            loc.province = provinces[0]
        if post_merger and gz.load_2025() is None:
            ctx.uncertain["locality"] = "bài đăng sau khi sắp xếp đơn vị hành chính (7/2025) nhưng chưa cài danh mục đơn vị mới"
        elif post_merger:
            n = len(gz.load_2025().find(choice.name or "", choice.level))  # type: ignore[union-attr]
            ctx.uncertain["locality"] = (f"có {n} đơn vị (từ 7/2025) tên '{loc.level} {loc.name}'; văn bản không nói rõ đơn vị nào"
                                         if n else f"'{loc.level} {loc.name}' không có trong danh mục đơn vị từ 7/2025")
        elif not g.find(choice.name or "", choice.level):
            ctx.uncertain["locality"] = f"'{loc.level} {loc.name}' không có trong danh mục đơn vị hành chính"
        else:
            n = len(g.find(choice.name or "", choice.level))
            ctx.uncertain["locality"] = f"có {n} đơn vị tên '{loc.level} {loc.name}'; văn bản không nói rõ đơn vị nào"
        if loc.name and loc.province is None:
            ctx.warn(f"locality '{loc.level} {loc.name}' could not be placed in a province", "locality",
                     line=ctx.line_of(lead), hint="add 'locality: {province: ...}' to a sidecar file")
    return loc


