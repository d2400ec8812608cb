"""``danvan-site clean``: delete the working files and say how much space that frees.

The working files (:func:`danvan_site.core.config.working_items`) are the working folder
(``.danvan/`` next to ``site.yaml``: the build cache and the spare copy of the site), the cache
when ``cache`` names a folder elsewhere, and what older versions kept elsewhere (``.danvan-cache/``,
``.site-spare/``, temporary folders a killed build left). The site itself is never touched.

A working folder is deleted only when it is ours: it carries the marker the build writes
(``.danvan-work``), or holds nothing but the cache and the spare copy. ``--dry-run`` only says
what would go.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from danvan_site.build.report import shown_path
from danvan_site.core import i18n
from danvan_site.core.config import WORK_MARKER, Settings, WorkingItem, working_items
from danvan_site.core.errors import BuildError

_OURS = {WORK_MARKER, "cache", "spare"}


def _check_ours(item: WorkingItem) -> None:
    if item.kind != "work":
        return
    entries = sorted(p.name for p in Path(item.path).iterdir())
    if WORK_MARKER in entries:
        return
    strangers = [name for name in entries if name not in _OURS]
    if strangers:
        raise BuildError(key="clean.not_ours", folder=shown_path(item.path), example=strangers[0])


def clean(settings: Settings, dry_run: bool = False) -> list[str]:
    """Delete (or with ``dry_run`` only list) the working files; the lines to print."""
    items = working_items(settings)
    if not items:
        return [i18n.t("clean.nothing")]
    for item in items:
        _check_ours(item)
    lines = []
    freed = 0
    for item in items:
        what = i18n.t(f"clean.what.{item.kind}", folder=shown_path(item.path))
        if dry_run:
            lines.append(i18n.t("clean.would", what=what, size=i18n.size(item.size)))
            freed += item.size
            continue
        problems: list[str] = []
        if sys.version_info >= (3, 12):
            shutil.rmtree(item.path, onexc=lambda fn, path, exc: problems.append(f"{path}: {exc}"))
        else:
            shutil.rmtree(item.path, onerror=lambda fn, path, exc: problems.append(f"{path}: {exc[1]}"))
        if problems:
            raise BuildError(key="clean.failed", folder=shown_path(item.path), detail=problems[0])
        lines.append(i18n.t("clean.removed", what=what, size=i18n.size(item.size)))
        freed += item.size
    lines.append(i18n.t("clean.total_dry" if dry_run else "clean.total", size=i18n.size(freed)))
    return lines
