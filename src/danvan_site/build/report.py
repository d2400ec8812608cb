"""The build's report on the terminal: what was read, warnings and errors, one summary line.

Shared by the command line and the preview server (which prints it after every rebuild)."""
from __future__ import annotations

import sys

from danvan_site.build.pipeline import BuildResult
from danvan_site.core.config import Settings


def _report_clause(result: BuildResult) -> str:
    n = result.quality
    if n is None:
        return ""
    return (f"quality: {n['complete']} of {n['bulletins']} complete, {n['missing_fields']} fields missing, "
            f"{n['uncertain_fields']} uncertain (see bao-cao/index.html); ")


def report_build(result: BuildResult, settings: Settings) -> None:
    diags = result.diagnostics
    per_file = diags.per_file()
    if settings.verbosity >= 2:
        for article in result.collected.articles:
            extra = f" (sidecar sets: {', '.join(article.overridden)})" if article.overridden else ""
            if article.duplicate_of is not None:
                extra += f" (duplicate of {article.duplicate_of}: merged into its page)"
            page = f" -> {article.url}" if result.written else ""
            print(f"read {article.source_file}{page}{extra}")
    if settings.verbosity >= 1:
        for note in result.notes:
            print(f"note: {note}", file=sys.stderr)
    for d in diags.errors:
        print(f"error: {d.format()}", file=sys.stderr)
    warnings = diags.warnings
    if settings.verbosity >= 2:
        for d in warnings:
            print(f"warning: {d.format()}", file=sys.stderr)
    elif settings.verbosity == 1 and warnings:
        shown = 0
        for d in warnings:
            if shown < 20:
                print(f"warning: {d.format()}", file=sys.stderr)
            shown += 1
        if shown > 20:
            print(f"… and {shown - 20} more warnings (use -v to see all)", file=sys.stderr)
    c = result.collected
    files_with = ", ".join(f"{f} ({n})" for f, n in sorted(per_file.items()))
    if settings.verbosity >= 1 and per_file:
        print(f"Warnings and errors per file: {files_with}")
    where = f" into {result.output}/" if result.written else ""
    state = "built" if result.written else "checked (nothing written)"
    written = f"{result.pages} pages and {result.files} files written{where}"
    if result.written and result.changed is not None and result.changed < result.pages + result.files:
        written += f" ({result.changed} new or changed, the others kept)"
    if result.unchanged:
        state = "unchanged"
        written = f"{result.pages} pages and {result.files} files up to date in {result.output}/ (nothing changed)"
    print(
        f"{state.capitalize()}: {c.files} bulletins read, {c.built} built, {c.merged} merged as duplicates, "
        f"{len(c.rejected)} rejected; "
        f"{len(diags.warnings)} warnings, {len(diags.errors)} errors in {len(per_file)} files; "
        f"{_report_clause(result)}"
        f"{written} in {result.seconds:.2f} s"
    )
