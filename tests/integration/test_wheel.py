"""Out of the box: the built wheel carries the scenarios, mods, schemas and assets, so an
installed game validates and plays from any folder.

The wheel is built from this checkout and installed (without its dependencies) into a fresh
virtual environment; the dependencies come from the test environment through a .pth file,
so nothing is downloaded but the build backend. The game then runs from an empty temporary
folder, where no rules/ folder could be found by accident.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "SDL_VIDEODRIVER": "dummy"}
"""The installed game's environment: no PYTHONPATH that could lead back to this checkout."""


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; returns its python."""
    base = tmp_path_factory.mktemp("wheel")
    wheels = base / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("near_abroad-*.whl")
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    install = subprocess.run(  # away from the checkout, whose build left metadata behind
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=base,
        env=clean,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    assert (site / "game" / "_shipped" / "rules").is_dir(), sorted(site.iterdir())
    # then the test environment's packages (pygame-ce, attrs, …); written after the install,
    # or pip would find this checkout's editable install and install nothing
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def run(python: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "NEAR_ABROAD_HOME": str(cwd / "home"),
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
    }
    return subprocess.run(
        [str(python), "-m", "game", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def test_the_installed_game_is_the_wheel_not_this_checkout(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [str(installed), "-c", "import game, game.shipped as s; print(game.__file__, s.shipped())"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
        env=ENV,
    ).stdout
    assert str(ROOT) not in where and "_shipped" in where, where


def test_an_installed_wheel_validates_and_plays_from_any_folder(
    installed: Path, tmp_path: Path
) -> None:
    checked = run(installed, tmp_path, "validate")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    played = run(installed, tmp_path, "play", "--text", "--bots", "random", "--seed", "3")
    assert played.returncode == 0, played.stderr[-2000:]
    assert "=== Game over ===" in played.stdout and "Traceback" not in played.stderr
    mods = run(installed, tmp_path, "mods")
    assert mods.returncode == 0 and "turkey-at-the-table" in mods.stdout, mods.stdout


def test_the_installed_board_finds_its_fonts_theme_and_map(installed: Path, tmp_path: Path) -> None:
    probe = (
        "from game.render import fonts, basemap; from game.ui import gui; "
        "assert fonts.REGULAR.is_file() and basemap.ASSET_PATH.is_file() and gui.THEME.is_file(); "
        "print('ok')"
    )
    out = subprocess.run(
        [str(installed), "-c", probe],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        env=ENV,
    )
    assert out.returncode == 0 and "ok" in out.stdout, out.stderr
