"""Messages in Vietnamese and English: one catalog, chosen once per run.

Every message the user reads on the terminal (errors, hints, the summary, ``--help``) is a key of
:data:`MESSAGES` with its Vietnamese and English text; ``t(key, **params)`` gives it in the
current language. Parameters are ``str.format`` fields (``{file}``, ``{n}``).

Which language (:func:`detect`), first that applies:

1. ``--lang vi|en`` on the command line (the CLI calls :func:`set_language`);
2. the environment variable ``DANVAN_LANG`` (``vi`` or ``en``);
3. the locale: the first of ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set.
   ``vi…`` (``vi_VN.UTF-8``) gives Vietnamese; another language (``en_US.UTF-8``, ``fr_FR``)
   gives English;
4. otherwise (no locale, or ``C`` / ``POSIX`` / ``C.UTF-8``, as on Windows, in containers and
   on many servers): **Vietnamese**, the language of the people the tool is for.

Messages made by other modules as English text (the readers' and the pipeline's warnings, the
writer's refusals) are shown in Vietnamese through :func:`localize`, which recognises them by
the English templates of the ``msg.*`` keys (``{name}`` fields match any text). A text no
template matches is shown as it is. The store keeps diagnostics in English, so a cached
warning comes out in whichever language the next run speaks.

Numbers are written the way each language writes them: ``1.500 bản tin``, ``1,3 giây`` in
Vietnamese; ``1,500 bulletins``, ``1.3 s`` in English.
"""
from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache

__all__ = ["LANGUAGES", "MESSAGES", "Lazy", "detect", "set_language", "language", "using", "t", "lazy", "has",
           "count", "lazy_count", "number", "decimal", "size", "seconds", "localize", "suggest", "did_you_mean",
           "type_key", "type_name"]

LANGUAGES = ("vi", "en")
DEFAULT = "vi"

_state = threading.local()
_process_language: str | None = None  # set by set_language(); None: detect() on first use


def detect(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for (see the module's docstring)."""
    env = os.environ if environ is None else environ
    chosen = env.get("DANVAN_LANG", "").strip().lower()
    if chosen[:2] in LANGUAGES:
        return chosen[:2]
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if not value:
            continue
        value = value.split(":")[0].strip().lower()  # LANGUAGE is a list: "vi:en"
        if value.startswith("vi"):
            return "vi"
        if value in ("c", "posix") or value.startswith(("c.", "posix.")):
            return DEFAULT  # no language stated
        return "en"
    return DEFAULT


def set_language(lang: str | None) -> None:
    """Choose the language of every message of this process (None: detect it again)."""
    global _process_language
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (use one of {', '.join(LANGUAGES)})")
    _process_language = lang


def language() -> str:
    """The current language: the one set for this thread by :func:`using`, else the process's."""
    local = getattr(_state, "lang", None)
    if local is not None:
        return local
    return _process_language if _process_language is not None else detect()


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Messages in ``lang`` inside the block (this thread only); for tests and for one message."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    before = getattr(_state, "lang", None)
    _state.lang = lang
    try:
        yield
    finally:
        _state.lang = before


# --- numbers -----------------------------------------------------------------------------------

def number(n: int, lang: str | None = None) -> str:
    """A whole number with the thousands separator of the language (1.500 / 1,500)."""
    text = f"{n:,}"
    return text.replace(",", ".") if (lang or language()) == "vi" else text


def decimal(x: float, places: int = 1, lang: str | None = None) -> str:
    """A decimal number (1,3 / 1.3)."""
    text = f"{x:,.{places}f}"
    if (lang or language()) == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def size(n_bytes: int, lang: str | None = None) -> str:
    """A size on disk: 820 KB, 12,4 MB, 1,2 GB (powers of 1024, as file managers show them)."""
    units = ("B", "KB", "MB", "GB", "TB")
    value = float(n_bytes)
    unit = 0
    while value >= 1024 and unit < len(units) - 1:
        value /= 1024
        unit += 1
    if unit == 0:
        return f"{number(n_bytes, lang)} B"
    return f"{decimal(value, 1 if value < 100 else 0, lang)} {units[unit]}"


def seconds(s: float, lang: str | None = None, whole: bool = False) -> str:
    """A duration: 0,4 giây / 12 giây / 2 phút 5 giây (0.4 s / 12 s / 2 min 5 s); ``whole``
    rounds up to a whole second (for a time still to wait)."""
    import math

    lang = lang or language()
    if whole:
        s = float(max(1, math.ceil(s - 1e-9)))
    if s < 10 and not whole:
        return t("unit.seconds", lang=lang, s=decimal(s, 1 if s >= 0.1 else 2, lang))
    if s < 60:
        return t("unit.seconds", lang=lang, s=str(round(s)))
    minutes, rest = divmod(round(s), 60)
    return t("unit.minutes", lang=lang, m=number(minutes, lang), s=str(rest))


def count(n: int, key: str, lang: str | None = None) -> str:
    """``n`` and the noun of ``key`` (a ``unit.*`` message): "5 bản tin", "1 bulletin",
    "5 bulletins". An English noun is written "singular|plural"."""
    lang = lang or language()
    noun = MESSAGES[key][lang]
    if "|" in noun:
        one, many = noun.split("|", 1)
        noun = one if n == 1 else many
    return f"{number(n, lang)} {noun}"


def type_key(value: object) -> str | None:
    """The ``type.*`` message naming what kind of value this is (None for an unusual one)."""
    import datetime

    if value is None:
        return "type.none"
    if isinstance(value, bool):
        return "type.bool"
    if isinstance(value, int):
        return "type.int"
    if isinstance(value, float):
        return "type.float"
    if isinstance(value, str):
        return "type.str"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "type.date"
    if isinstance(value, (list, tuple)):
        return "type.list"
    if isinstance(value, dict):
        return "type.dict"
    return None


def type_name(value: object, lang: str | None = None) -> str:
    """What kind of value this is, in words (never "int" or "str")."""
    key = type_key(value)
    return t(key, lang=lang) if key is not None else type(value).__name__


class Lazy:
    """A text worded when it is shown, in the language of that moment: a parameter of a message
    made now and shown later (an error raised before the language is known, or shown in both)."""

    def __init__(self, make) -> None:  # noqa: ANN001 - a callable returning str
        self._make = make

    def __str__(self) -> str:
        return self._make()

    def __format__(self, spec: str) -> str:
        return format(self._make(), spec)

    def __repr__(self) -> str:
        return repr(self._make())


def lazy(key: str, /, **params: object) -> Lazy:
    """``t(key, **params)``, worded when shown."""
    return Lazy(lambda: t(key, **params))


def lazy_count(n: int, key: str) -> Lazy:
    return Lazy(lambda: count(n, key))


# --- did you mean ------------------------------------------------------------------------------

def suggest(word: str, choices) -> str | None:
    """The choice closest to ``word`` (a typo, other case, "-" for "_"), or None."""
    import difflib

    choices = [str(c) for c in choices]
    if not choices:
        return None
    folded = {c.lower().replace("-", "_"): c for c in choices}
    key = str(word).lower().replace("-", "_")
    if key in folded:
        return folded[key]
    found = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6)
    return folded[found[0]] if found else None


def did_you_mean(word: str, choices, lang: str | None = None) -> "Lazy | str":
    """" Có phải ý bạn là 'x'?" (with its leading space, worded when shown) or "" when nothing
    is close."""
    best = suggest(word, choices)
    if best is None:
        return ""
    if lang is not None:
        return t("hint.did_you_mean", lang=lang, word=best)
    return lazy("hint.did_you_mean", word=best)


# --- the catalog -------------------------------------------------------------------------------

def t(key: str, /, lang: str | None = None, **params: object) -> str:
    """The message ``key`` in ``lang`` (default: the current language) with ``params``."""
    entry = MESSAGES[key]
    text = entry[lang or language()]
    return text.format(**params) if params else text


def has(key: str) -> bool:
    return key in MESSAGES


@lru_cache(maxsize=None)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """The ``msg.*`` keys' English templates as patterns (``{x}`` matches any text)."""
    found = []
    for key, entry in MESSAGES.items():
        if not key.startswith("msg."):
            continue
        parts = re.split(r"\{(\w+)\}", entry["en"])
        regex = ""
        for i, part in enumerate(parts):
            literal = part.replace("{{", "{").replace("}}", "}")
            regex += re.escape(literal) if i % 2 == 0 else f"(?P<{part}>.+?)"
        found.append((re.compile(regex + r"\Z", re.S), key))
    # The longest fixed text first: a specific template wins over a general one.
    found.sort(key=lambda item: -len(re.sub(r"\{\w+\}", "", MESSAGES[item[1]]["en"])))
    return found


def localize(text: str, lang: str | None = None) -> str:
    """An English message made elsewhere, in the current language when a ``msg.*`` template
    matches it (its fields are localized too); else ``text`` as it is."""
    lang = lang or language()
    if lang == "en" or not text:
        return text
    for pattern, key in _patterns():
        m = pattern.match(text)
        if m is not None:
            params = {k: localize(v, lang) for k, v in m.groupdict().items()}
            return MESSAGES[key][lang].format(**params)
    return text


def _m(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en}


MESSAGES: dict[str, dict[str, str]] = {
    # --- labels ---------------------------------------------------------------------------------
    "label.error": _m("lỗi", "error"),
    "label.warning": _m("cảnh báo", "warning"),
    "label.note": _m("ghi chú", "note"),
    "label.command_line": _m("dòng lệnh", "command line"),
    "hint.did_you_mean": _m(" Có phải ý bạn là '{word}'?", " Did you mean '{word}'?"),
    "hint.see_help": _m("Xem các lệnh và tùy chọn: {prog} --help", "See the commands and options: {prog} --help"),

    # --- units (English: singular|plural) ---------------------------------------------------------
    "unit.bulletins": _m("bản tin", "bulletin|bulletins"),
    "unit.pages": _m("trang", "page|pages"),
    "unit.files": _m("tệp", "file|files"),
    "unit.warnings": _m("cảnh báo", "warning|warnings"),
    "unit.errors": _m("lỗi", "error|errors"),
    "unit.fields": _m("trường", "field|fields"),
    "unit.seconds": _m("{s} giây", "{s} s"),
    "unit.minutes": _m("{m} phút {s} giây", "{m} min {s} s"),
    "unit.per_second": _m("{n} {unit}/giây", "{n} {unit}/s"),

    # --- value types (config messages) ---------------------------------------------------------
    "type.int": _m("một số nguyên", "a whole number"),
    "type.float": _m("một số thập phân", "a decimal number"),
    "type.str": _m("chữ", "text"),
    "type.bool": _m("đúng/sai (true hoặc false)", "true or false"),
    "type.list": _m("một danh sách", "a list"),
    "type.dict": _m("một bảng khóa: giá trị", "a mapping (key: value)"),
    "type.none": _m("để trống", "empty"),
    "type.date": _m("một ngày tháng", "a date"),
    "type.path": _m("tên một thư mục", "a folder name"),
    "type.path_or_none": _m("tên một thư mục, hoặc để trống (null)", "a folder name, or empty (null)"),
    "type.kinds": _m("một danh sách loại trang", "a list of page kinds"),

    # --- progress --------------------------------------------------------------------------------
    "stage.scan": _m("Tìm bản tin", "Finding bulletins"),
    "stage.read": _m("Đọc bản tin", "Reading bulletins"),
    "stage.parse": _m("Phân tích bản tin", "Parsing bulletins"),
    "stage.dedupe": _m("Tìm bản trùng", "Finding duplicates"),
    "stage.archive": _m("Sắp xếp lưu trữ", "Arranging the archive"),
    "stage.report": _m("Lập báo cáo chất lượng", "Quality report"),
    "stage.search": _m("Lập chỉ mục tìm kiếm", "Search index"),
    "stage.render": _m("Tạo trang", "Making pages"),
    "stage.write": _m("Ghi trang", "Writing pages"),
    "progress.left": _m("còn khoảng {time}", "about {time} left"),
    "progress.line": _m("{stage}: {done}/{total} ({percent}%), {rate}, {left}",
                        "{stage}: {done}/{total} ({percent}%), {rate}, {left}"),
    "progress.line_open": _m("{stage}: {done}, {rate}", "{stage}: {done}, {rate}"),
    "progress.busy": _m("{stage}: đang làm… ({time})", "{stage}: working… ({time})"),
    "progress.done_time": _m("{stage}: xong trong {time}", "{stage}: done in {time}"),
    "progress.done": _m("{stage}: xong {done} trong {time}", "{stage}: done, {done} in {time}"),

    # --- the summary (build/report.py) -----------------------------------------------------------
    "summary.built": _m("Đã dựng xong trang web: {bulletins}.", "Built the site: {bulletins}."),
    "summary.updated": _m("Đã cập nhật trang web: {changed} thay đổi, {written} được ghi, {kept} giữ nguyên.",
                          "Updated the site: {changed} changed, {written} written, {kept} kept as they were."),
    "summary.unchanged": _m("Không có gì thay đổi: trang web trong {output} vẫn như lần dựng trước ({time}).",
                            "Nothing changed: the site in {output} is as the last build left it ({time})."),
    "summary.same_records": _m("Đã đọc lại {changed}, không bản ghi nào thay đổi: trang web trong {output} vẫn giữ "
                               "nguyên ({time}).",
                               "Read {changed} again, no record changed: the site in {output} stays as it was ({time})."),
    "summary.checked": _m("Đã kiểm tra, chưa ghi gì (chế độ --strict): {bulletins}.",
                          "Checked, nothing written (--strict): {bulletins}."),
    "summary.counts": _m("  Bản tin: {read} đọc được, {built} có trang riêng, {merged} gộp vì trùng, {rejected} bị loại.",
                         "  Bulletins: {read} read, {built} with a page, {merged} merged as duplicates, {rejected} rejected."),
    "summary.pages": _m("  Trang: {pages} và {files} khác trong {output} ({time}).",
                        "  Pages: {pages} and {files} more in {output} ({time})."),
    "summary.problems": _m("  Cảnh báo: {warnings}, lỗi: {errors}{where}.", "  Warnings: {warnings}, errors: {errors}{where}."),
    "summary.problems_where": _m(", ở {files}: {list}", ", in {files}: {list}"),
    "summary.problems_more": _m(" và {n} tệp khác", " and {n} more"),
    "summary.problems_none": _m("  Không có cảnh báo hay lỗi nào.", "  No warnings or errors."),
    "summary.quality": _m("  Chất lượng: {complete}/{total} bản tin đầy đủ; {missing} còn thiếu, {uncertain} chưa chắc chắn.",
                          "  Quality: {complete} of {total} bulletins complete; {missing} missing, {uncertain} uncertain."),
    "summary.see": _m(" Xem: {report}", " See: {report}"),
    "summary.open": _m("  Xem trang web: mở {index}, hoặc chạy «{prog} serve» để xem thử (cả tìm kiếm).",
                       "  Open the site: {index}, or run '{prog} serve' to preview it (search included)."),
    "summary.serving": _m("  Đang phục vụ bản xem thử; các trang đang mở sẽ tự tải lại.",
                          "  The preview is being served; open pages reload by themselves."),
    "summary.work": _m("  Tệp làm việc: {size} trong {folders} (xoá được bằng «{prog} clean»).",
                       "  Working files: {size} in {folders} (remove them with '{prog} clean')."),
    "summary.environment": _m("  Môi trường: {name} (địa chỉ: {url}).", "  Environment: {name} (address: {url})."),
    "summary.no_url": _m("không đặt", "none"),
    "summary.more_warnings": _m("… và {n} cảnh báo nữa (dùng -v để xem hết)", "… and {n} more warnings (use -v to see all)"),
    "summary.per_file": _m("Cảnh báo và lỗi theo tệp: {list}", "Warnings and errors per file: {list}"),
    "summary.read_line": _m("đọc {file}{page}{extra}", "read {file}{page}{extra}"),
    "summary.sidecar_sets": _m(" (tệp kèm đặt: {fields})", " (sidecar sets: {fields})"),
    "summary.duplicate_of": _m(" (trùng với {other}: gộp vào trang của bản đó)", " (duplicate of {other}: merged into its page)"),

    # --- exit states (cli) -----------------------------------------------------------------------
    "exit.strict": _m("Chế độ --strict: cảnh báo được tính là lỗi nên trang web chưa được ghi. "
                      "Sửa các cảnh báo ở trên, hoặc bỏ --strict.",
                      "Strict mode: warnings are errors; the site was not written. Fix them or drop --strict."),
    "exit.rejected": _m("Có {n} bị loại vì không đọc được (xem các dòng lỗi ở trên); trang web đã được ghi nhưng thiếu "
                        "các bản tin đó. Sửa hoặc bỏ các tệp ấy khỏi {corpus} rồi dựng lại.",
                        "Rejected as unreadable: {n} (see the errors above); the site was written without them. "
                        "Fix those files or take them out of {corpus}, then build again."),
    "exit.no_bulletins": _m("{corpus}: không có bản tin nào (tệp .txt, .html, .docx) nên không có gì để dựng. "
                            "Chép bản tin vào thư mục này, hoặc chỉ đúng thư mục bằng --corpus hay 'corpus' trong site.yaml.",
                            "{corpus}: no bulletins (.txt, .html or .docx files), so there is nothing to build. "
                            "Copy bulletins into this folder, or name the right one with --corpus or 'corpus' in site.yaml."),
    "exit.all_rejected": _m("{corpus}: mọi tệp đều bị loại ({n}; xem các dòng lỗi ở trên), không còn bản tin nào để dựng. "
                            "Sửa các tệp đó rồi dựng lại.",
                            "{corpus}: every file was rejected ({n}; see the errors above), so no bulletin is left to "
                            "build. Fix those files and build again."),
    "exit.interrupted": _m("Đã dừng (Ctrl+C). Trang web cũ vẫn giữ nguyên.", "Stopped (Ctrl+C). The previous site is unchanged."),

    # --- settings (core/config.py) ---------------------------------------------------------------
    "config.not_found": _m("{file}: không tìm thấy tệp cài đặt. Tạo tệp này (xem «{prog} init») hoặc chỉ đúng tệp bằng --config.",
                           "{file}: settings file not found. Create it (see '{prog} init') or name the right one with --config."),
    "config.not_utf8": _m("{file}: tệp cài đặt không phải chữ UTF-8 (byte {pos}). Mở bằng trình soạn thảo và lưu lại dạng UTF-8.",
                          "{file}: the settings file is not UTF-8 text (byte {pos}). Open it in an editor and save it as UTF-8."),
    "config.yaml": _m("{where}: không đọc được tệp cài đặt: {problem}. {fix}",
                      "{where}: the settings file cannot be read: {problem}. {fix}"),
    "config.yaml.unclosed_bracket": _m("dấu ngoặc mở ở dòng này chưa được đóng",
                                       "a bracket opened on this line is not closed"),
    "config.yaml.unclosed_quote": _m("dấu nháy mở ở dòng này chưa được đóng",
                                     "a quotation mark opened on this line is not closed"),
    "config.yaml.colon": _m("có dấu hai chấm (:) giữa giá trị, hoặc thụt lề sai",
                            "a colon (:) inside a value, or a wrong indentation"),
    "config.yaml.tab": _m("có ký tự Tab; YAML chỉ dùng dấu cách để thụt lề", "a Tab character; YAML indents with spaces only"),
    "config.yaml.other": _m("sai cú pháp YAML ({detail})", "not valid YAML ({detail})"),
    "config.yaml.fix_quote": _m("Đặt giá trị có dấu hai chấm hay dấu nháy trong cặp nháy kép, ví dụ: title: \"Lưu trữ: tin dân vận\".",
                                "Put a value holding a colon or a quotation mark in double quotes, e.g. title: \"Archive: news\"."),
    "config.yaml.fix_close": _m("Đóng dấu ngoặc hoặc dấu nháy ở cuối giá trị.", "Close the bracket or quotation mark at the end of the value."),
    "config.yaml.fix_tab": _m("Thay Tab bằng hai dấu cách.", "Replace the Tab with two spaces."),
    "config.yaml.fix_other": _m("Sửa dòng này; so với tệp mẫu do «danvan-site init» tạo ra nếu cần.",
                                "Fix this line; compare with the sample file 'danvan-site init' makes if needed."),
    "config.not_mapping": _m("{file}: tệp cài đặt phải là các dòng «khóa: giá trị» (ví dụ: title: Lưu trữ tin dân vận).",
                             "{file}: the settings file must be lines of 'key: value' (e.g. title: My archive)."),
    "config.duplicate_key": _m("{where}: cài đặt '{name}' được viết hai lần (dòng {first} và dòng {second}). Xoá một trong hai dòng.",
                               "{where}: the setting '{name}' is written twice (lines {first} and {second}). Delete one of them."),
    "config.unknown_key": _m("{where}: không có cài đặt '{name}'.{hint}",
                             "{where}: unknown setting '{name}'.{hint}"),
    "config.known_keys": _m(" Các cài đặt có: {keys}.", " Known settings: {keys}."),
    "config.wrong_type": _m("{where}: cài đặt '{name}' phải là {expected}, nhưng đang là {got} ({value}). Ví dụ: {name}: {example}",
                            "{where}: setting '{name}' must be {expected}, got {got} ({value}). For example: {name}: {example}"),
    "config.at_least": _m("{where}: '{name}' phải từ {minimum} trở lên (đang là {value}).",
                          "{where}: '{name}' must be at least {minimum} (got {value})."),
    "config.not_negative": _m("{where}: '{name}' không được là số âm (đang là {value}); 0 để ẩn phần này.",
                              "{where}: '{name}' must not be negative (got {value}); 0 hides the section."),
    "config.jobs": _m("{where}: 'jobs' phải là 0 (mỗi lõi CPU một tiến trình) hoặc lớn hơn (đang là {value}).",
                      "{where}: 'jobs' must be 0 (one per CPU core) or more (got {value})."),
    "config.base_url_scheme": _m("{where}: địa chỉ trang (base_url) phải bắt đầu bằng http:// hoặc https:// (đang là '{value}'). "
                                 "Ví dụ: https://example.org/luu-tru",
                                 "{where}: base_url must start with http:// or https:// (got '{value}'). "
                                 "For example: https://example.org/luu-tru"),
    "config.base_url_chars": _m("{where}: địa chỉ trang (base_url) không được có dấu cách, dấu nháy hay dấu < > (đang là {value}).",
                                "{where}: base_url must not contain spaces, quotes or angle brackets (got {value})."),
    "config.templates_missing": _m("--templates {path}: không tìm thấy thư mục. Tạo thư mục này hoặc kiểm tra lại tên.",
                                   "--templates {path}: folder not found. Create it or check the name."),
    "config.unknown_kind": _m("{where}: không có loại trang '{kind}' để ẩn.{hint} Các loại trang ẩn được: {kinds}.",
                              "{where}: there is no page kind '{kind}' to switch off.{hint} Kinds that can be switched off: {kinds}."),
    "config.no_environments": _m("--env {name}: tệp cài đặt {file} không có phần 'environments'. Thêm phần này "
                                 "(xem tệp site.yaml mẫu) hoặc bỏ --env.",
                                 "--env {name}: the settings file {file} has no 'environments' section. Add one "
                                 "(see the sample site.yaml) or drop --env."),
    "config.unknown_environment": _m("--env {name}: không có môi trường này trong {file}.{hint} Các môi trường có: {names}.",
                                     "--env {name}: no such environment in {file}.{hint} Environments: {names}."),
    "config.environment_nested": _m("{where}: không đặt '{name}' bên trong một môi trường; chỉ đặt ở đầu tệp.",
                                    "{where}: '{name}' cannot be set inside an environment; set it at the top of the file."),
    "config.work_dir_clash": _m("{where}: thư mục làm việc (work_dir) {work} không được trùng với hay chứa {what} {other}. "
                                "Chọn một thư mục riêng, ví dụ: work_dir: .danvan",
                                "{where}: the working folder (work_dir) {work} must not be or contain the {what} {other}. "
                                "Choose a folder of its own, such as: work_dir: .danvan"),
    "config.work_dir_inside": _m("{where}: thư mục làm việc {work} nằm trong {what} {other}; hai thư mục phải tách riêng. "
                                 "Chọn {what} khác, hoặc đặt thư mục làm việc ra ngoài, ví dụ: work_dir: .danvan",
                                 "{where}: the working folder {work} is inside the {what} {other}; keep them apart. "
                                 "Choose another {what}, or put the working folder elsewhere, such as: work_dir: .danvan"),
    "config.what.corpus": _m("thư mục bản tin", "corpus folder"),
    "config.what.output": _m("thư mục trang web", "output folder"),
    "config.what.templates": _m("thư mục giao diện", "templates folder"),
    "config.what.config": _m("thư mục chứa site.yaml", "folder of site.yaml"),
    "config.output_in_work_dir": _m("{where}: thư mục trang web {output} nằm trong thư mục làm việc {work}; "
                                    "«{prog} clean» sẽ xoá nó. Chọn thư mục khác, ví dụ: output: site",
                                    "{where}: the output folder {output} is inside the working folder {work}, which "
                                    "'{prog} clean' deletes. Choose another folder, such as: output: site"),
    "config.sde_format": _m("SOURCE_DATE_EPOCH phải là số giây tính từ 1970-01-01 UTC (đang là {value!r}); "
                            "bỏ biến này hoặc đặt ví dụ thời điểm của lần commit cuối.",
                            "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC "
                            "(got {value!r}); unset it or set it to e.g. the last commit's time."),
    "config.sde_range": _m("SOURCE_DATE_EPOCH={value} nằm ngoài khoảng cho phép ({detail}).",
                           "SOURCE_DATE_EPOCH={value} is out of range ({detail})."),

    # --- the command line (cli) ------------------------------------------------------------------
    "cli.description": _m("Dựng trang web lưu trữ tĩnh từ các bản tin dân vận (tệp .txt, .html, .docx).",
                          "Build a static archive website from raw Vietnamese bulletins (tin dân vận)."),
    "cli.epilog": _m("Mã thoát: 0 xong; 1 dựng thất bại (hoặc --strict gặp cảnh báo); 2 cài đặt hay lệnh sai; "
                     "3 đã dựng nhưng có tệp bị loại; 4 không có bản tin nào để dựng. "
                     "Ngôn ngữ: --lang vi|en hoặc biến DANVAN_LANG. Hướng dẫn: docs/bat-dau-nhanh.md",
                     "Exit codes: 0 done; 1 the build failed (or --strict found warnings); 2 bad settings or usage; "
                     "3 built, but some files were rejected; 4 no bulletins to build. "
                     "Language: --lang vi|en or DANVAN_LANG. Guide: docs/bat-dau-nhanh.md"),
    "cli.usage": _m("cách dùng: ", "usage: "),
    "cli.commands_title": _m("lệnh", "commands"),
    "cli.positionals_title": _m("đối số", "arguments"),
    "cli.options_title": _m("tùy chọn", "options"),
    "cli.metavar.command": _m("LỆNH", "COMMAND"),
    "cli.metavar.dir": _m("THƯ_MỤC", "DIR"),
    "cli.metavar.file": _m("TỆP", "FILE"),
    "cli.metavar.url": _m("ĐỊA_CHỈ", "URL"),
    "cli.metavar.n": _m("SỐ", "N"),
    "cli.metavar.name": _m("TÊN", "NAME"),
    "cli.metavar.host": _m("MÁY", "ADDR"),
    "cli.cmd.build": _m("dựng trang web (lệnh mặc định)", "build the site (the default)"),
    "cli.cmd.serve": _m("dựng rồi mở bản xem thử ở http://127.0.0.1:8000, tự dựng lại khi có thay đổi",
                        "build, then preview on http://127.0.0.1:8000, rebuilding on change"),
    "cli.cmd.init": _m("tạo một thư mục lưu trữ mới: site.yaml, corpus/ với một bản tin mẫu, README.txt",
                       "make a new archive folder: site.yaml, corpus/ with a sample bulletin, README.txt"),
    "cli.cmd.clean": _m("xoá các tệp làm việc (bộ nhớ đệm, bản dự phòng) và cho biết giải phóng bao nhiêu",
                        "delete the working files (cache, spare copy) and say how much space that frees"),
    "cli.cmd.evaluate": _m("so các bản ghi trích được với một tệp chuẩn (cho người phát triển)",
                           "compare extracted records with a gold file (for developers)"),
    "cli.help": _m("in hướng dẫn này rồi thoát", "show this help and exit"),
    "cli.version": _m("in phiên bản rồi thoát", "print the version and exit"),
    "cli.opt.lang": _m("ngôn ngữ của thông báo: vi (tiếng Việt) hoặc en (tiếng Anh)",
                       "language of the messages: vi (Vietnamese) or en (English)"),
    "cli.opt.config": _m("tệp cài đặt (mặc định: site.yaml trong thư mục hiện tại, nếu có)",
                         "settings file (default: ./site.yaml when it exists)"),
    "cli.opt.corpus": _m("thư mục chứa bản tin (mặc định: corpus)", "folder of raw bulletins (default: corpus)"),
    "cli.opt.quiet": _m("chỉ in lỗi và phần tóm tắt, không hiện tiến độ", "print only errors and the summary, no progress"),
    "cli.opt.verbose": _m("in mọi cảnh báo và từng bản tin đã đọc", "print every warning and each file read"),
    "cli.opt.env": _m("môi trường trong phần 'environments' của site.yaml (mặc định: chinh-thuc khi dựng, "
                      "xem-thu khi xem thử, nếu có)",
                      "environment of the 'environments' section of site.yaml (default: chinh-thuc for build, "
                      "xem-thu for serve, when defined)"),
    "cli.opt.output": _m("thư mục ghi trang web (mặc định: site)", "folder to write the site into (default: site)"),
    "cli.opt.base_url": _m("địa chỉ đầy đủ của trang khi đăng lên mạng (https://…), dùng cho feed và liên kết chuẩn",
                           "absolute address of the published site (https://…), for feeds and canonical links"),
    "cli.opt.templates": _m("thư mục mẫu giao diện riêng, dùng trước mẫu mặc định",
                            "folder of your own templates, used before the defaults"),
    "cli.opt.strict": _m("coi cảnh báo là lỗi: không ghi gì nếu có cảnh báo", "treat warnings as errors: nothing is written"),
    "cli.opt.no_search": _m("bỏ qua chỉ mục tìm kiếm (nhanh hơn; trang tìm kiếm sẽ báo không dùng được)",
                            "skip the search index (faster; the search page says search is not available)"),
    "cli.opt.cache": _m("thư mục bộ nhớ đệm (mặc định: .danvan/cache cạnh site.yaml)",
                        "folder of the build cache (default: .danvan/cache next to site.yaml)"),
    "cli.opt.no_cache": _m("dựng lại từ đầu, không giữ bộ nhớ đệm", "build everything from scratch and keep no cache"),
    "cli.opt.jobs": _m("số tiến trình đọc bản tin (mặc định: mỗi lõi CPU một tiến trình)",
                       "processes parsing bulletins (default: one per CPU core)"),
    "cli.opt.profile": _m("in thời gian từng giai đoạn (cho người phát triển)",
                          "print where the time went: stages, extraction steps, templates"),
    "cli.opt.force": _m("ghi đè thư mục trang web không do danvan-site tạo; cũng dựng lại khi không có gì thay đổi",
                        "replace an output folder that danvan-site did not create; also builds when nothing changed"),
    "cli.opt.no_progress": _m("không hiện tiến độ trong khi dựng", "show no progress while building"),
    "cli.opt.host": _m("địa chỉ máy để nghe (mặc định: 127.0.0.1, chỉ máy này)", "address to listen on (default: 127.0.0.1)"),
    "cli.opt.port": _m("cổng (mặc định: 8000; 0: một cổng trống bất kỳ)", "port (default: 8000; 0: any free port)"),
    "cli.opt.no_watch": _m("chỉ phục vụ: không dựng lại khi có thay đổi, không tự tải lại trang",
                           "serve only: do not rebuild on change nor reload the open pages"),
    "cli.opt.init_folder": _m("thư mục sẽ tạo (mặc định: thư mục hiện tại, nếu chưa có site.yaml)",
                              "the folder to make (default: the current folder, when it has no site.yaml)"),
    "cli.opt.dry_run": _m("chỉ cho biết sẽ xoá gì, không xoá", "only say what would be deleted"),
    "cli.opt.gold": _m("tệp YAML chuẩn (tên tệp -> bản ghi mong đợi)", "gold YAML file (file name -> expected record)"),
    "cli.opt.json": _m("ghi thêm số liệu dạng JSON vào TỆP; '-' chỉ in JSON",
                       "also write the figures as JSON into FILE; '-' prints only the JSON"),
    "cli.opt.failures": _m("liệt kê từng chỗ sai với giá trị mong đợi và giá trị trích được (mặc định: có)",
                           "list each failure with expected and extracted values (default: on)"),
    "cli.unknown_option": _m("không có tùy chọn '{option}'.{hint}", "unknown option '{option}'.{hint}"),
    "cli.unknown_command": _m("không có lệnh '{command}'.{hint} Các lệnh: {commands}.",
                              "unknown command '{command}'.{hint} Commands: {commands}."),
    "cli.option_for_other_command": _m("tùy chọn '{option}' chỉ dùng với lệnh {commands}, viết sau tên lệnh, ví dụ: "
                                       "{prog} {first} {option} …",
                                       "the option '{option}' belongs to the command {commands}; write it after the "
                                       "command's name, e.g. {prog} {first} {option} …"),
    "cli.needs_value": _m("tùy chọn {option} cần một giá trị, ví dụ: {option} {example}",
                          "the option {option} needs a value, e.g. {option} {example}"),
    "cli.bad_int": _m("tùy chọn {option}: '{value}' không phải số nguyên", "option {option}: '{value}' is not a whole number"),
    "cli.bad_choice": _m("tùy chọn {option}: không có giá trị '{value}'.{hint} Chọn một trong: {choices}.",
                         "option {option}: '{value}' is not a choice.{hint} Choose one of: {choices}."),
    "cli.missing_argument": _m("thiếu {what}.", "missing {what}."),
    "cli.extra_arguments": _m("thừa đối số: {args}.", "unexpected arguments: {args}."),
    "cli.usage_error": _m("lệnh chưa đúng: {detail}", "bad command line: {detail}"),
    "cli.gold_missing": _m("{file}: không tìm thấy tệp chuẩn.", "{file}: gold file not found."),
    "cli.gold_bad": _m("{file}: không đọc được tệp chuẩn ({detail}).", "{file}: cannot read the gold file ({detail})."),

    # --- init --------------------------------------------------------------------------------------
    "init.exists": _m("{folder}: đã có {what} ở đây; «init» không ghi đè. Chọn một thư mục mới, ví dụ: {prog} init luu-tru",
                      "{folder}: {what} already exists here; 'init' overwrites nothing. Choose a new folder, "
                      "e.g. {prog} init my-archive"),
    "init.not_folder": _m("{folder}: đã có một tệp tên này, không phải thư mục. Chọn tên khác.",
                          "{folder}: a file of that name exists, not a folder. Choose another name."),
    "init.cannot": _m("{folder}: không tạo được ({detail}).", "{folder}: cannot be created ({detail})."),
    "init.done": _m("Đã tạo thư mục lưu trữ {folder}:\n"
                    "  site.yaml    cài đặt của trang (tên trang, địa chỉ, …), có ghi chú tiếng Việt\n"
                    "  corpus/      thư mục bản tin, đã có 1 bản tin mẫu; chép bản tin của bạn vào đây\n"
                    "  README.txt   hướng dẫn ngắn\n"
                    "Bước tiếp theo:\n{cd}"
                    "  {prog} build     dựng trang web vào thư mục site/\n"
                    "  {prog} serve     xem thử ở http://127.0.0.1:8000",
                    "Made the archive folder {folder}:\n"
                    "  site.yaml    the site's settings (title, address, …), with comments in Vietnamese\n"
                    "  corpus/      the bulletins, with 1 sample; copy your bulletins here\n"
                    "  README.txt   a short guide (Vietnamese)\n"
                    "Next:\n{cd}"
                    "  {prog} build     build the site into site/\n"
                    "  {prog} serve     preview it on http://127.0.0.1:8000"),

    # --- clean -------------------------------------------------------------------------------------
    "clean.nothing": _m("Không có tệp làm việc nào để xoá.", "No working files to delete."),
    "clean.would": _m("Sẽ xoá {what} ({size}).", "Would delete {what} ({size})."),
    "clean.removed": _m("Đã xoá {what} ({size}).", "Deleted {what} ({size})."),
    "clean.total": _m("Đã giải phóng {size}. Lần dựng sau sẽ đọc lại mọi bản tin và ghi lại mọi trang.",
                      "Freed {size}. The next build reads every bulletin and writes every page again."),
    "clean.total_dry": _m("Tổng cộng {size}; chạy lại không có --dry-run để xoá.",
                          "{size} in all; run again without --dry-run to delete."),
    "clean.not_ours": _m("{folder}: thư mục làm việc có những tệp danvan-site không tạo ra ({example}); không xoá. "
                         "Kiểm tra 'work_dir' trong site.yaml, hoặc tự xoá thư mục nếu chắc chắn.",
                         "{folder}: the working folder holds files danvan-site did not make ({example}); not deleted. "
                         "Check 'work_dir' in site.yaml, or delete the folder yourself if you are sure."),
    "clean.failed": _m("{folder}: không xoá hết được ({detail}).", "{folder}: could not delete everything ({detail})."),
    "clean.what.work": _m("thư mục làm việc {folder}", "the working folder {folder}"),
    "clean.what.cache": _m("bộ nhớ đệm {folder}", "the cache {folder}"),
    "clean.what.legacy_cache": _m("bộ nhớ đệm cũ {folder}", "the old cache {folder}"),
    "clean.what.spare": _m("bản dự phòng của trang web {folder}", "the spare copy of the site {folder}"),
    "clean.what.leftover": _m("thư mục tạm còn sót {folder}", "the leftover temporary folder {folder}"),

    # --- the preview server (dev/serve.py: for the lead to call) ---------------------------------
    "serve.serving": _m("Đang phục vụ {folder} ở {url} (Ctrl+C để dừng)", "Serving {folder} on {url} (Ctrl+C to stop)"),
    "serve.watching": _m("Đang theo dõi {what}: mỗi thay đổi sẽ dựng lại trang và tải lại các trang đang mở.",
                         "Watching {what}: a change rebuilds the site and reloads the open pages."),
    "serve.polling": _m("hệ thống tệp không báo thay đổi ({detail}); sẽ định kỳ xem lại các tệp.",
                        "the file system sends no change events ({detail}); looking at the files at intervals instead."),
    "serve.changed": _m("Có thay đổi: {files}; đang dựng lại…", "Changed: {files}; rebuilding…"),
    "serve.changed_more": _m(" và {n} tệp khác", " and {n} more"),
    "serve.kept": _m("Trang web tốt gần nhất vẫn đang được phục vụ ở {url}; sửa lỗi rồi lưu lại.",
                     "The last good site is still served on {url}; fix the problem and save again."),
    "serve.strict": _m("Chế độ --strict: cảnh báo là lỗi; trang chưa được dựng lại, bản trước vẫn đang được phục vụ. "
                       "Sửa cảnh báo hoặc bỏ --strict.",
                       "Strict mode: warnings are errors; the site was not rebuilt and the previous one is still "
                       "served. Fix them or drop --strict."),
    "serve.waiting": _m("Đang chờ lần dựng dở dang xong (bấm Ctrl+C lần nữa để dừng ngay).",
                        "Waiting for the build in progress to finish (Ctrl+C again to stop at once)."),
    "serve.stopped": _m("Đã dừng.", "Stopped."),
    "serve.stopped_now": _m("Đã dừng, không chờ lần dựng dở dang; lần dựng sau sẽ dọn phần còn sót.",
                            "Stopped without waiting for the build; the next build removes what it left."),
    "serve.not_there_yet": _m(" (chưa có)", " (not there yet)"),
    "serve.rebuild_crashed": _m("lần dựng lại gặp lỗi bất ngờ: {detail}", "the rebuild failed unexpectedly: {detail}"),
    "serve.run_verbose": _m("(chạy serve với -v để xem lỗi ở đâu)", "(run serve with -v to see where)"),
    "serve.watch_failed": _m("theo dõi thay đổi gặp lỗi ({detail})", "watching the inputs failed ({detail})"),
    "serve.output_moved": _m("thư mục trang web trong cài đặt nay là {new}; bản xem thử này vẫn dựng vào {old} "
                             "(chạy lại serve để đổi).",
                             "the output folder is now {new} in the settings; this preview keeps building into {old} "
                             "(restart serve to change it)."),

    # --- messages made elsewhere in English, shown in Vietnamese (localize) ----------------------
    # The "en" text is the exact template of the module that makes it; {x} matches any text.
    "msg.corpus_missing": _m("{path}: không tìm thấy thư mục bản tin; chỉ đúng thư mục bằng --corpus hoặc 'corpus' trong site.yaml",
                             "{path}: corpus folder not found; pass --corpus DIR or set 'corpus' in site.yaml"),
    "msg.corpus_missing_short": _m("không tìm thấy thư mục bản tin", "corpus folder not found"),
    "msg.hint_corpus": _m("chỉ đúng thư mục bằng --corpus hoặc 'corpus' trong site.yaml",
                          "pass --corpus DIR or set 'corpus' in site.yaml"),
    "msg.empty": _m("tệp trống", "the file is empty"),
    "msg.hint_empty": _m("xoá tệp này hoặc dán nội dung bản tin vào", "remove it or paste the bulletin's text into it"),
    "msg.whitespace": _m("tệp chỉ có khoảng trắng", "the file holds only whitespace"),
    "msg.binary_nul": _m("tệp chứa dữ liệu nhị phân (byte NUL), không phải chữ", "the file holds binary data (NUL bytes), not text"),
    "msg.binary_nulchar": _m("tệp chứa dữ liệu nhị phân (ký tự NUL), không phải chữ",
                             "the file holds binary data (NUL characters), not text"),
    "msg.hint_save_utf8": _m("lưu bản tin dạng chữ UTF-8", "save the bulletin as UTF-8 text"),
    "msg.not_text": _m("đây là {what}, không phải bản tin dạng chữ", "this is {what}, not a text bulletin"),
    "msg.hint_not_text": _m("bỏ tệp khỏi thư mục bản tin, hoặc lưu bản tin dạng chữ thường",
                            "remove it from the corpus or save the bulletin as plain text"),
    "msg.too_large": _m("tệp nặng {size}, lớn hơn nhiều so với một bản tin (giới hạn {limit})",
                        "the file is {size}, far larger than a bulletin (limit {limit})"),
    "msg.too_large_read": _m("tệp lớn hơn mức một bản tin có thể có (giới hạn {limit})",
                             "the file is larger than a bulletin can be (limit {limit})"),
    "msg.hint_split": _m("kiểm tra xem đây có phải một bản tin không; tách mỗi bản tin ra một tệp",
                         "check it is a single bulletin; split it into one file per bulletin"),
    "msg.link_nowhere": _m("tệp là một liên kết không dẫn tới đâu", "the file is a link that leads nowhere"),
    "msg.link_outside": _m("tệp là liên kết tới một tệp ngoài thư mục bản tin; không đọc",
                           "the file is a link to a file outside the corpus folder; it is not read"),
    "msg.link_not_file": _m("tệp là liên kết tới thứ không phải tệp", "the file is a link to something that is not a file"),
    "msg.hint_link": _m("thay liên kết bằng chính bản tin", "replace the link with the bulletin itself"),
    "msg.hint_copy_link": _m("chép bản tin vào thư mục bản tin thay vì liên kết tới nó",
                             "copy the bulletin into the corpus instead of linking to it"),
    "msg.cannot_read": _m("không đọc được tệp ({detail})", "cannot read the file ({detail})"),
    "msg.not_utf8": _m("không phải UTF-8 (byte {pos}); đã đọc theo {enc}", "not valid UTF-8 (byte {pos}); read as {enc}"),
    "msg.hint_check_utf8": _m("kiểm tra chữ và lưu tệp dạng UTF-8", "check the text and save the file as UTF-8"),
    "msg.replaced_bytes": _m("một số byte không hợp lệ theo {name} và đã được thay thế",
                             "some bytes are not valid {name} and were replaced"),
    "msg.controls": _m("{what} (ví dụ U+{code}) đã được bỏ khỏi văn bản", "{what} (such as U+{code}) removed from the text"),
    "msg.control_one": _m("một ký tự điều khiển", "a control character"),
    "msg.control_many": _m("{n} ký tự điều khiển", "{n} control characters"),
    "msg.hint_controls": _m("bản gốc vẫn giữ chúng; kiểm tra cách tệp được lưu", "the raw copy keeps them; check how the file was saved"),
    "msg.markup": _m("văn bản có mã HTML ({tags}); được giữ dạng chữ, không bao giờ chạy",
                     "the text holds HTML markup ({tags}); it is kept as text and never run"),
    "msg.hint_markup": _m("xoá mã HTML khỏi tệp nếu nó không thuộc bản tin",
                          "remove the markup from the file if it is not part of the bulletin"),
    "msg.same_name": _m("một bản tin khác có cùng tên tệp ({other}); bản này không được dựng",
                        "another bulletin has the same file name ({other}); this one is not built"),
    "msg.hint_same_name": _m("đổi tên một trong hai tệp để mỗi tên là duy nhất",
                             "rename one of the two files so that each name is unique"),
    "msg.sidecar_orphan": _m("tệp kèm không có bản tin cùng tên", "sidecar without a bulletin of the same name"),
    "msg.hint_sidecar_orphan": _m("đổi tên cho trùng tên một bản tin (.txt, .html, .htm, .docx) hoặc xoá nó",
                                  "rename it to match a bulletin ({kinds}) or delete it"),
    "cli.force_removes": _m("--force: thư mục {folder} không do danvan-site tạo; {n} tệp trong đó sẽ bị xoá khi trang "
                            "web mới thay vào: {files}",
                            "--force: the folder {folder} was not made by danvan-site; its {n} files are removed "
                            "when the new site takes its place: {files}"),
    "cli.force_more": _m(" và {n} tệp khác", " and {n} more"),
    "msg.unsupported": _m("không đọc: danvan-site không đọc được tệp {ext} (chỉ đọc {known})",
                          "not read: danvan-site does not read {ext} files (it reads {known})"),
    "msg.unsupported.doc": _m("mở tệp bằng Word hoặc LibreOffice Writer rồi lưu thành tệp Word (.docx)",
                              "open it in Word or LibreOffice Writer and save it as a Word document (.docx)"),
    "msg.unsupported.odt": _m("mở tệp bằng LibreOffice Writer rồi lưu thành tệp Word (.docx)",
                              "open it in LibreOffice Writer and save it as a Word document (.docx)"),
    "msg.unsupported.pdf": _m("chép chữ trong tệp vào một tệp .txt, hoặc lưu trang web đã đăng bản tin (.html)",
                              "copy its text into a .txt file, or save the web page it was published on (.html)"),
    "msg.unsupported.mht": _m("mở tệp bằng trình duyệt rồi lưu thành trang web, chỉ HTML (.html)",
                              "open it in a browser and save it as a web page, HTML only (.html)"),
    "msg.sidecar_yml": _m("tệp kèm không được đọc: tệp kèm phải có đuôi .yaml", "sidecar not read: sidecars end in .yaml"),
    "msg.hint_rename": _m("đổi tên thành {name}", "rename it to {name}"),
    "msg.extractor_failed": _m("không đọc được bản tin này: bộ trích xuất gặp lỗi ({detail})",
                               "this bulletin could not be read: the extractor failed ({detail})"),
    "msg.hint_report_bug": _m("vui lòng báo lỗi kèm tệp này; các bản tin khác vẫn được dựng",
                              "please report it with the file; the other bulletins are built"),
    "msg.no_title": _m("không tìm thấy tiêu đề; dùng tên tệp thay cho tiêu đề",
                       "no headline found; the file name stands in as the title"),
    "msg.hint_title": _m("thêm 'title: ...' vào tệp kèm", "add 'title: ...' to a sidecar file"),
    "msg.no_date": _m("không tìm thấy ngày đăng", "no publication date found"),
    "msg.hint_date": _m("thêm 'published: YYYY-MM-DD' vào tệp kèm", "add 'published: YYYY-MM-DD' to a sidecar file"),
    "msg.no_body": _m("không tìm thấy nội dung bản tin", "no body text found"),
    "msg.no_province": _m("không xác định được tỉnh của địa phương '{place}'",
                          "locality '{place}' could not be placed in a province"),
    "msg.hint_province": _m("thêm 'locality: {{province: ...}}' vào tệp kèm", "add 'locality: {{province: ...}}' to a sidecar file"),
    "msg.sidecar_key": _m("khóa '{key}' của tệp kèm: {problem}", "sidecar key '{key}': {problem}"),
    "msg.sidecar_unknown_key": _m("tệp kèm có khóa lạ '{key}'", "unknown sidecar key '{key}'"),
    "msg.hint_known_keys": _m("các khóa dùng được: {keys}", "known keys: {keys}"),
    "msg.sidecar_whole_number": _m("cần một số nguyên, nhưng đang là {value}", "expected a whole number, got {value}"),
    "msg.sidecar_text": _m("cần chữ, nhưng đang là {value}", "expected text, got {value}"),
    "msg.sidecar_date": _m("cần một ngày viết dạng YYYY-MM-DD, nhưng đang là {value}",
                           "expected a date written YYYY-MM-DD, got {value}"),
    "msg.sidecar_not_mapping": _m("tệp kèm phải là các dòng «trường: giá trị»", "the sidecar must be a mapping of field: value"),
    "msg.sidecar_yaml": _m("tệp kèm sai cú pháp YAML: {problem}", "the sidecar is not valid YAML: {problem}"),
    "msg.hint_sidecar_yaml": _m("sửa YAML hoặc xoá tệp kèm", "fix the YAML or delete the sidecar"),
    "msg.sidecar_tag": _m("{where}không được dùng thẻ YAML '{tag}'", "{where}the YAML tag '{tag}' is not allowed"),
    "msg.hint_plain_values": _m("chỉ viết giá trị thường: chữ, số, ngày, danh sách và bảng",
                                "write plain values: text, numbers, dates, lists and mappings"),
    "msg.sidecar_not_utf8": _m("tệp kèm không phải chữ UTF-8 (byte {pos})", "the sidecar is not UTF-8 text (byte {pos})"),
    "msg.hint_save_as_utf8": _m("lưu lại dạng UTF-8", "save it as UTF-8"),
    "msg.pagefind_missing": _m("chưa lập được chỉ mục tìm kiếm: {reason}; trang web vẫn dùng được, chỉ thiếu tìm kiếm",
                               "search index not built: {reason}; the site works without search"),
    "msg.pagefind_not_found": _m("không tìm thấy chương trình Pagefind (cài bằng: pip install 'pagefind[bin]')",
                                 "the Pagefind program was not found (install it with: pip install 'pagefind[bin]')"),
    "msg.refuse_output": _m("không dùng {target} làm thư mục trang web: {reason}",
                            "refusing to use {target} as the output folder: {reason}"),
    "msg.reason_root": _m("đó là thư mục gốc của ổ đĩa.", "it is the root of the file system."),
    "msg.reason_home": _m("đó là thư mục nhà của bạn.", "it is your home folder."),
    "msg.reason_contains_home": _m("nó chứa thư mục nhà của bạn.", "it contains your home folder."),
    "msg.reason_contains_cwd": _m("nó chứa thư mục hiện tại. Chọn một thư mục riêng, ví dụ 'site'.",
                                  "it contains the current folder. Choose a folder of its own, such as 'site'."),
    "msg.reason_contains_input": _m("nó chứa {item}, thư mục mà bản dựng cần đọc. Chọn một thư mục riêng, ví dụ 'site'.",
                                    "it contains {item}, which the build reads. Choose a folder of its own, such as 'site'."),
    "msg.reason_inside_input": _m("nó nằm trong {item}, thư mục mà bản dựng cần đọc. Chọn một thư mục riêng, ví dụ 'site'.",
                                  "it is inside {item}, which the build reads. Choose a folder of its own, such as 'site'."),
    "msg.not_ours": _m("thư mục trang web {target} không trống và không do danvan-site tạo ra nên sẽ không bị ghi đè. "
                       "Chọn thư mục khác, làm trống thư mục này, hoặc dùng --force để ghi đè.",
                       "the output folder {target} is not empty and was not made by danvan-site, so it will not be "
                       "replaced. Choose another output folder, empty this one, or use --force to replace it."),
    "msg.output_link": _m("thư mục trang web {path} là một liên kết tượng trưng; hãy chỉ thẳng tới thư mục thật.",
                          "the output folder {path} is a symbolic link; give the real folder's path instead."),
    "msg.output_not_folder": _m("đường dẫn trang web {path} đã có và không phải thư mục.",
                                "the output path {path} exists and is not a folder."),
    "msg.kept_missing": _m("{n} tệp của trang web đã đăng bị thiếu (đầu tiên: {first}); mọi trang được tạo lại",
                           "{n} files of the published site are missing (first: {first}); every page was made again"),
    "msg.port_in_use": _m("cổng {port} ở {host} đang được dùng (một bản xem thử khác vẫn đang chạy?). Dừng chương trình "
                          "đang dùng cổng đó, hoặc chọn cổng khác: --port {other} (hoặc --port 0 để tự chọn một cổng trống).",
                          "port {port} on {host} is already in use (another preview still running?). Stop the program "
                          "using it, or pass another port: --port {other} (or --port 0 for any free one)."),
    "msg.port_denied": _m("không được phép dùng cổng {port} (cổng dưới 1024 cần quyền quản trị); "
                          "dùng --port 8000 hoặc một số lớn hơn 1023.",
                          "not allowed to listen on port {port} (ports below 1024 need administrator rights); "
                          "pass --port 8000 or another number above 1023."),
    "msg.cannot_listen": _m("không nghe được ở {host} cổng {port} ({detail}); kiểm tra --host (127.0.0.1 là chỉ máy này) "
                            "và --port.",
                            "cannot listen on {host} port {port} ({detail}); check --host (127.0.0.1 for this computer "
                            "only) and --port."),
    "msg.cannot_create_folder": _m("không tạo được thư mục {folder}: {detail}.", "cannot create the folder {folder}: {detail}."),
    "msg.cannot_write_site": _m("không ghi được trang web vào {folder}: {detail}. Trang web trước đó vẫn giữ nguyên.",
                                "could not write the site into {folder}: {detail}. The previous output is unchanged."),
}
