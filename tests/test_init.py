"""``danvan-site init FOLDER``: a new archive folder (site.yaml commented in Vietnamese, corpus/
with one sample bulletin, README.txt) that ``build`` turns into a styled site, also from an
installed wheel in a fresh virtual environment, far from the source checkout."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import ROOT
from danvan_site.cli import main
from danvan_site.cli.init import SKELETON, init
from danvan_site.core import i18n
from danvan_site.core.config import load_settings
from danvan_site.core.errors import ConfigError


def test_init_makes_the_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", "vi", "init", "luu-tru"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Đã tạo thư mục lưu trữ luu-tru:\n")
    assert "  cd luu-tru\n" in out and "build" in out and "serve" in out
    folder = tmp_path / "luu-tru"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == sorted(SKELETON)
    text = (folder / "site.yaml").read_text(encoding="utf-8")
    assert "# Tên trang, hiện ở đầu mọi trang." in text  # commented in Vietnamese
    settings = load_settings(folder / "site.yaml")
    assert settings.title == "Lưu trữ tin dân vận" and settings.work_dir == folder / ".danvan"
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "danvan-site build" in readme and "danvan-site serve" in readme and "danvan-site clean" in readme


def test_the_sample_site_yaml_documents_every_optional_key():
    """The commented-out examples of the sample are valid settings once uncommented."""
    text = (ROOT / "src" / "danvan_site" / "cli" / "skeleton" / "site.yaml").read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        stripped = line.removeprefix("# ")
        if stripped.split(":")[0].strip() in ("disable_pages", "environments", "xem-thu", "chinh-thuc", "base_url",
                                               "templates") and line.startswith("#"):
            lines.append(stripped)
        elif not line.startswith("#"):
            lines.append(line)
    import yaml

    data = yaml.safe_load("\n".join(lines))
    assert data["disable_pages"] == ["bao-cao", "nguoi"]
    assert set(data["environments"]) == {"xem-thu", "chinh-thuc"}


def test_init_overwrites_nothing(tmp_path, capsys):
    init(tmp_path / "a")
    (tmp_path / "a" / "site.yaml").write_text("title: của tôi\n", encoding="utf-8")
    (tmp_path / "a" / "corpus" / "ban-tin-mau.txt").unlink()
    with pytest.raises(ConfigError) as info:
        init(tmp_path / "a")
    assert info.value.exit_code == 2
    with i18n.using("vi"):
        assert str(info.value).startswith(f"{tmp_path / 'a'}: đã có site.yaml ở đây; «init» không ghi đè.")
    assert (tmp_path / "a" / "site.yaml").read_text(encoding="utf-8") == "title: của tôi\n"
    (tmp_path / "file").write_text("x")
    with pytest.raises(ConfigError) as info:
        init(tmp_path / "file")
    assert "not a folder" in info.value.message("en")


def test_init_in_the_current_folder_then_build(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", "en", "init"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Made the archive folder .:\n") and "  cd " not in out
    assert main(["--lang", "en", "--no-search"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Built the site: 1 bulletin.\n")
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "static" / "style.css").is_file()


def _site_packages() -> str:
    return sysconfig.get_paths()["purelib"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths of a virtual environment")
def test_a_wheel_installed_elsewhere_inits_and_builds(tmp_path):
    """The package as users get it: a wheel built from the source, installed (not editable) into a
    fresh virtual environment; ``danvan-site init x && cd x && danvan-site build`` run from a
    folder that has nothing to do with the checkout makes a styled site. The dependencies come
    from the test's own environment (no network): the fresh one reads its site-packages after
    its own."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    wheels = tmp_path / "wheels"
    # As a user would: pip fetches the build backend (setuptools) from the package index; without
    # an index, the one of this environment builds it, when it can make wheels.
    for isolation in ([], ["--no-build-isolation"]):
        built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "-w", str(wheels), "--no-deps",
                                "-q", *isolation], capture_output=True, text=True, timeout=600)
        if built.returncode == 0:
            break
    else:
        if os.environ.get("CI"):
            pytest.fail(f"no wheel could be built: {built.stderr}")
        pytest.skip("no wheel could be built here (no package index, and no 'wheel' package to build without one)")
    [wheel] = list(wheels.glob("danvan_site-*.whl"))

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # The dependencies, from this environment (its editable danvan-site is not used: a path in a
    # .pth file is not a site directory, so the .pth files there are not run).
    Path(purelib, "zz-test-dependencies.pth").write_text(_site_packages() + "\n", encoding="utf-8")
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                                "--no-index", "-q", str(wheel)], capture_output=True, text=True, timeout=600)
    if installed.returncode != 0 and "no such option: --python" in installed.stderr:
        installed = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                                    "--prefix", str(venv), str(wheel)], capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr
    command = venv / "bin" / "danvan-site"
    assert command.is_file()

    away = tmp_path / "somewhere" / "else"
    away.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DANVAN_LANG")}
    env.update({"LANG": "C.UTF-8", "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"})
    where = subprocess.run([str(python), "-c", "import danvan_site; print(danvan_site.__file__)"], cwd=away, env=env,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(purelib), where  # the installed copy, not the checkout
    done = subprocess.run("danvan-site init x && cd x && danvan-site build", shell=True, cwd=away, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == "Đã tạo thư mục lưu trữ x:"
    assert "Đã dựng xong trang web: 1 bản tin." in done.stdout
    site = away / "x" / "site"
    page = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="static/style.css"' in page
    assert (site / "static" / "style.css").stat().st_size > 1000  # the theme came with the package
    assert list((site / "bai-viet").glob("*/index.html"))
