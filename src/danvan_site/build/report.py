"""The build's report on the terminal: what was read, warnings and errors, and a short summary.

Shared by the command line and the preview server (which prints it after every rebuild). In the
language of :mod:`danvan_site.core.i18n`. The summary, on stdout::

    Đã dựng xong trang web: 5 bản tin.
      Bản tin: 5 đọc được, 5 có trang riêng, 0 gộp vì trùng, 0 bị loại.
      Trang: 78 trang và 24 tệp khác trong site/ (1,3 giây).
      Không có cảnh báo hay lỗi nào.
      Chất lượng: 3/5 bản tin đầy đủ; 4 trường còn thiếu, 2 trường chưa chắc chắn. Xem: site/bao-cao/index.html
      Xem trang web: mở site/index.html, hoặc chạy «danvan-site serve» để xem thử (cả tìm kiếm).
      Tệp làm việc: 1,2 MB trong .danvan/ (xoá được bằng «danvan-site clean»).

An incremental build says what it did instead ("Đã cập nhật trang web: 1 bản tin thay đổi, 7 tệp
được ghi, 95 tệp giữ nguyên."); one that found nothing changed says so. With ``-q`` only the
first line is printed (and the errors, on stderr).
"""
from __future__ import annotations

import sys
from pathlib import Path

from danvan_site.build.pipeline import BuildResult
from danvan_site.core import i18n, progress
from danvan_site.core.config import Settings, program_name, working_items
from danvan_site.core.errors import format_diagnostic

SHOWN_WARNINGS = 20  # at normal verbosity; -v shows all
SHOWN_FILES = 3  # files named in the warnings line of the summary


def shown_path(path: Path | str | None, folder: bool = True) -> str:
    """``path`` as the user best reads it: relative to the current folder when inside it
    (``site/``), else absolute; a folder ends with "/"."""
    if path is None:
        return ""
    p = Path(path).absolute()
    try:
        rel = p.relative_to(Path.cwd())
        text = rel.as_posix() if str(rel) != "." else "."
    except ValueError:
        text = str(p)
    return text + ("/" if folder and not text.endswith("/") else "")


def _problems_line(result: BuildResult) -> str:
    diags = result.diagnostics
    per_file = diags.per_file()
    warnings, errors = len(diags.warnings), len(diags.errors)
    if not warnings and not errors:
        return i18n.t("summary.problems_none")
    where = ""
    if per_file:
        ranked = sorted(per_file.items(), key=lambda item: (-item[1], item[0]))
        listed = ", ".join(f"{name} ({n})" for name, n in ranked[:SHOWN_FILES])
        if len(ranked) > SHOWN_FILES:
            listed += i18n.t("summary.problems_more", n=i18n.number(len(ranked) - SHOWN_FILES))
        where = i18n.t("summary.problems_where", files=i18n.count(len(per_file), "unit.files"), list=listed)
    return i18n.t("summary.problems", warnings=i18n.number(warnings), errors=i18n.number(errors), where=where)


def summary_lines(result: BuildResult, settings: Settings, serving: bool = False) -> list[str]:
    """The summary, first line first (the only one ``-q`` prints)."""
    c = result.collected
    output = shown_path(result.output or settings.output)
    total = result.pages + result.files
    bulletins = i18n.count(c.built, "unit.bulletins")
    if result.unchanged and c.parsed:
        head = i18n.t("summary.same_records", changed=i18n.count(c.parsed, "unit.bulletins"), output=output,
                      time=i18n.seconds(result.seconds))
    elif result.unchanged:
        head = i18n.t("summary.unchanged", output=output, time=i18n.seconds(result.seconds))
    elif not result.written:
        head = i18n.t("summary.checked", bulletins=bulletins)
    elif result.changed is not None and result.changed < total:
        head = i18n.t("summary.updated", changed=i18n.count(c.parsed, "unit.bulletins"),
                      written=i18n.count(result.changed, "unit.files"),
                      kept=i18n.count(total - result.changed, "unit.files"))
    else:
        head = i18n.t("summary.built", bulletins=bulletins)
    lines = [head]
    lines.append(i18n.t("summary.counts", read=i18n.number(c.files), built=i18n.number(c.built),
                        merged=i18n.number(c.merged), rejected=i18n.number(len(c.rejected))))
    if result.written and not result.unchanged:
        lines.append(i18n.t("summary.pages", pages=i18n.count(result.pages, "unit.pages"),
                            files=i18n.count(result.files, "unit.files"), output=output,
                            time=i18n.seconds(result.seconds)))
    lines.append(_problems_line(result))
    quality = result.quality
    if quality is not None:
        report = ""
        if result.written and settings.shows("bao-cao"):
            report = shown_path(Path(result.output or settings.output) / "bao-cao" / "index.html", folder=False)
        line = i18n.t("summary.quality", complete=i18n.number(quality["complete"]),
                      total=i18n.number(quality["bulletins"]),
                      missing=i18n.count(quality["missing_fields"], "unit.fields"),
                      uncertain=i18n.count(quality["uncertain_fields"], "unit.fields"))
        lines.append(line + (i18n.t("summary.see", report=report) if report else ""))
    if settings.environment:
        lines.append(i18n.t("summary.environment", name=settings.environment,
                            url=settings.base_url or i18n.t("summary.no_url")))
    if result.written:
        if serving:
            lines.append(i18n.t("summary.serving"))
        else:
            index = shown_path(Path(result.output or settings.output) / "index.html", folder=False)
            lines.append(i18n.t("summary.open", index=index, prog=program_name()))
    items = working_items(settings, quick=True)  # the spare copy's hard links not walked
    if items:
        size = sum(item.size for item in items)
        folders = ", ".join(shown_path(item.path) for item in items[:2])
        if len(items) > 2:
            folders += ", …"
        lines.append(i18n.t("summary.work", size=i18n.size(size), folders=folders, prog=program_name()))
    return lines


def report_build(result: BuildResult, settings: Settings, serving: bool = False) -> None:
    """Print what the build did: the files read (``-v``), notes, errors, warnings, the summary."""
    progress.clear()  # the progress bar goes before anything is printed
    diags = result.diagnostics
    error, warning, note = i18n.t("label.error"), i18n.t("label.warning"), i18n.t("label.note")
    if settings.verbosity >= 2:
        for article in result.collected.articles:
            extra = i18n.t("summary.sidecar_sets", fields=", ".join(article.overridden)) if article.overridden else ""
            if article.duplicate_of is not None:
                extra += i18n.t("summary.duplicate_of", other=article.duplicate_of)
            page = f" -> {article.url}" if result.written else ""
            print(i18n.t("summary.read_line", file=article.source_file, page=page, extra=extra))
    if settings.verbosity >= 1:
        for text in result.notes:
            print(f"{note}: {i18n.localize(text)}", file=sys.stderr)
    for d in diags.errors:
        print(f"{error}: {format_diagnostic(d)}", file=sys.stderr)
    warnings = diags.warnings
    if settings.verbosity >= 2:
        for d in warnings:
            print(f"{warning}: {format_diagnostic(d)}", file=sys.stderr)
    elif settings.verbosity == 1 and warnings:
        for d in warnings[:SHOWN_WARNINGS]:
            print(f"{warning}: {format_diagnostic(d)}", file=sys.stderr)
        if len(warnings) > SHOWN_WARNINGS:
            print(i18n.t("summary.more_warnings", n=i18n.number(len(warnings) - SHOWN_WARNINGS)), file=sys.stderr)
    lines = summary_lines(result, settings, serving=serving)
    if settings.verbosity == 0:
        lines = lines[:1]
    sys.stderr.flush()
    print("\n".join(lines))
    sys.stdout.flush()
