"""``danvan-site init [FOLDER]``: a new archive folder, ready to build.

It holds ``site.yaml`` (the settings, commented in Vietnamese), ``corpus/`` with one sample
bulletin, and ``README.txt`` (a short guide in Vietnamese). The files are the package data of
``danvan_site/cli/skeleton/``, so an installed package (not only a checkout) makes them.
Nothing is ever overwritten: a folder that already has one of them is refused.
"""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from danvan_site.core import i18n
from danvan_site.core.config import program_name
from danvan_site.core.errors import ConfigError

SKELETON = ("site.yaml", "README.txt", "corpus/ban-tin-mau.txt")


def _skeleton():
    return resources.files("danvan_site.cli").joinpath("skeleton")


def init(folder: Path) -> str:
    """Make the archive folder ``folder`` (or fill the current one); return what to tell the user."""
    folder = Path(folder)
    shown = str(folder)
    if folder.exists() and not folder.is_dir():
        raise ConfigError(key="init.not_folder", folder=shown)
    for name in ("site.yaml", "corpus", "README.txt"):
        if (folder / name).exists() or (folder / name).is_symlink():
            raise ConfigError(key="init.exists", folder=shown, what=name, prog=program_name())
    source = _skeleton()
    try:
        (folder / "corpus").mkdir(parents=True, exist_ok=True)
        for name in SKELETON:
            data = source.joinpath(*name.split("/")).read_bytes()
            target = folder.joinpath(*name.split("/"))
            with open(target, "xb") as f:  # never over a file that appeared meanwhile
                f.write(data)
    except OSError as exc:
        raise ConfigError(key="init.cannot", folder=shown, detail=exc.strerror or exc) from exc
    here = folder.resolve() == Path.cwd().resolve()
    cd = "" if here else f"  cd {_quoted(shown)}\n"
    return i18n.t("init.done", folder=shown if not here else ".", cd=cd, prog=program_name())


def _quoted(path: str) -> str:
    if os.name == "nt":
        return f'"{path}"' if " " in path else path
    import shlex

    return shlex.quote(path)
