"""The README as a new user reads it: every file it names exists in the repository, and
every `near-abroad` example runs as written (from a folder laid out like the repository).

Skipped, as the README says: the lines that open the board window (`play` without
`--text`), the networked-play lines (a server runs until stopped; the tests
tests/integration/test_net_*.py run them), and template lines naming a file the reader
supplies (SAVE.json, in capitals).
The terminal games get 'quit' at their first prompt.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def commands() -> list[str]:
    """The `near-abroad` lines of the README's sh blocks, comments cut, in order."""
    out = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            line = re.sub(r"^\.venv/bin/", "", line)
            if line.startswith("near-abroad "):
                out.append(line)
    return out


def runnable(line: str) -> bool:
    words = shlex.split(line)
    if words[1] == "play" and "--text" not in words:
        return False  # the board window
    if words[1] in ("serve", "create"):
        return False  # a server and its clients: tests/integration/test_net_*.py run them
    return not any(re.fullmatch(r"[A-Z]+(\.json)?", w) for w in words)


def test_every_file_the_readme_names_exists() -> None:
    named = set(
        re.findall(r"\b((?:docs|tools|bench|rules|mods|tests|schema|game)/[\w./-]+)", README)
    )
    missing = sorted(p for p in named if not (ROOT / p.rstrip(".")).exists())
    assert not missing, missing
    assert "../" not in README  # nothing outside the repository


def test_the_examples_cover_the_commands() -> None:
    lines = commands()
    for cmd in ("play", "validate", "explain", "simulate", "experiment", "replay", "report"):
        assert any(f"near-abroad {cmd}" in line for line in lines), cmd


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder laid out like the repository (its rules and mods), to run the examples in."""
    here = tmp_path_factory.mktemp("readme")
    for name in ("rules", "mods"):
        (here / name).symlink_to(ROOT / name)
    return here


@pytest.mark.parametrize("line", [c for c in commands() if runnable(c)])
def test_each_example_runs_as_written(line: str, folder: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        "NEAR_ABROAD_HOME": str(folder / "home"),
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "PYTHONPATH": str(ROOT),
    }
    words = shlex.split(line)
    done = subprocess.run(
        [sys.executable, "-m", "game", *words[1:]],
        cwd=folder,
        env=env,
        input="quit\n",
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"{line}\n{done.stdout[-1500:]}\n{done.stderr[-1500:]}"
    assert "Traceback" not in done.stderr
