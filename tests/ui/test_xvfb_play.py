"""One game in a real X server: Xvfb, the SDL x11 driver, and clicks made by xdotool.

The dummy-driver tests post events into SDL's queue; this one lets the X server
deliver real pointer events to a real window, so the whole path from the X
pointer to the session is exercised. The effect is read from the autosave file
written after every action.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.ui.layout import card_rects, screen_layout
from game.ui.start import start_button_rect
from tests.tools_kit import need

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "scenarios" / "tiny"
SIZE = (1280, 720)

pytestmark = pytest.mark.xvfb


@pytest.fixture(autouse=True)
def _tools() -> None:
    need(shutil.which("Xvfb") is not None and shutil.which("xdotool") is not None,
         "needs Xvfb and xdotool (apt-get install xvfb xdotool)")  # fmt: skip


def wait_for(predicate, timeout: float, what: str):  # type: ignore[no-untyped-def]
    """Poll until ``predicate()`` is truthy (a wait for the processes, not a timing assertion)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        got = predicate()
        if got:
            return got
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def xdo(display: str, *args: str) -> str:
    out = subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=10,
    )
    return out.stdout.strip()


def find_window(display: str, title: str) -> str | None:
    """The window with this title (searching by class: name search misses SDL's UTF-8 title)."""
    for wid in xdo(display, "search", "--classname", ".").split():
        if title in xdo(display, "getwindowname", wid):
            return wid
    return None


def steps_in(autosave: Path) -> list[dict[str, str]]:
    try:
        return list(json.loads(autosave.read_text(encoding="utf-8"))["steps"])
    except (OSError, ValueError, KeyError):
        return []


@pytest.fixture
def xserver():  # type: ignore[no-untyped-def]
    """An Xvfb of its own: it picks a free display itself and writes its number when it is
    ready to serve (-displayfd), so two X servers started at once never share one."""
    read, write = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write,),
    )
    os.close(write)
    try:
        with os.fdopen(read, "rb") as pipe:
            number = b""
            end = time.monotonic() + 30
            while not number.endswith(b"\n") and time.monotonic() < end:
                ready, _, _ = select.select([pipe], [], [], 0.5)
                if ready:
                    chunk = os.read(pipe.fileno(), 16)
                    if not chunk:
                        break
                    number += chunk
        assert number.strip().isdigit(), f"Xvfb did not say its display ({number!r})"
        display = f":{int(number)}"

        def accepts() -> bool:
            if proc.poll() is not None:
                raise AssertionError(f"Xvfb exited ({proc.returncode}) after saying {display}")
            probe = subprocess.run(
                ["xdotool", "getdisplaygeometry"],
                env={**os.environ, "DISPLAY": display},
                capture_output=True,
                timeout=10,
            )
            return probe.returncode == 0

        # A client must connect before the game starts: in one clean-clone run under the
        # suite's load the game's SDL could not open the display Xvfb had just announced
        # ("x11 not available"). A wait for the server, not a timing check.
        wait_for(accepts, 30, f"Xvfb on {display} to accept a client")
        yield display
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_a_move_played_by_clicking_in_a_real_x_server(xserver: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DISPLAY": xserver,
        "SDL_VIDEODRIVER": "x11",
        "SDL_AUDIODRIVER": "dummy",
        "NEAR_ABROAD_HOME": str(tmp_path),
    }
    code = (
        "import sys\n"
        "from game.ui.launch import run\n"
        f"sys.exit(run(scenario={str(TINY)!r}, bots=['blue'], size={SIZE!r}, max_frames=20000))\n"
    )
    game = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    autosave = tmp_path / "autosave.json"

    def window() -> str | None:
        if game.poll() is not None:
            raise AssertionError(f"the game exited ({game.returncode}) before its window showed")
        return find_window(xserver, "Near Abroad")

    failure: AssertionError | None = None
    try:
        # A wait for the process (a loaded CI machine starts it slowly), not a timing check.
        wid = wait_for(window, 60, "the window")
        geometry = dict(
            line.split("=", 1)
            for line in xdo(xserver, "getwindowgeometry", "--shell", wid).splitlines()
        )
        ox, oy = int(geometry.get("X", 0)), int(geometry.get("Y", 0))

        def click(x: int, y: int, repeat: int = 1) -> None:
            xdo(xserver, "mousemove", "--sync", str(ox + x), str(oy + y))
            time.sleep(0.15)  # let the game see the pointer arrive before the button
            xdo(xserver, "click", "--repeat", str(repeat), "--delay", "90", "1")

        # The start screen: click "Start the game" (two seats: red, blue).
        start = start_button_rect(SIZE, 2)
        click(*start.center)
        wait_for(lambda: autosave.exists(), 15, "the game to start (first autosave)")
        assert steps_in(autosave) == [] or all(s["actor"] == "chance" for s in steps_in(autosave))
        # The board: double-click the first card of red's hand to play it.
        layout = screen_layout(SIZE, 1)
        hand_size = 3
        card = card_rects(layout.hand, hand_size)[0]
        time.sleep(0.5)
        click(card[0] + card[2] // 2, card[1] + card[3] // 2, repeat=2)
        played = wait_for(
            lambda: [
                s
                for s in steps_in(autosave)
                if s["actor"] == "red" and s["action"].startswith("play ")
            ],
            15,
            "red's card play in the autosave",
        )
        assert len(played) == 1
    except AssertionError as exc:
        failure = exc
    finally:
        game.terminate()
        try:
            _, err = game.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            game.kill()
            _, err = game.communicate()
    said = err.decode(errors="replace")[-3000:]
    if failure is not None:  # with what the game printed, which says why
        raise AssertionError(f"{failure}; the game's stderr: {said or '(nothing)'}") from failure
    assert b"Traceback" not in err, said


def test_a_scaled_window_draws_the_board_larger_on_a_real_display(tmp_path: Path) -> None:
    """UI scale 1.5 on an X display: the window is 1.5 times the board, the board's own
    surface keeps its size (SDL scales it and maps the pointer back)."""
    probe = (
        "import pygame\n"
        "from game.ui.app import App\n"
        f"app = App(scenario={str(TINY)!r}, size=(1280, 720), scale=1.5, fps=0, bot_delay_ms=0)\n"
        "app.run(max_frames=3)\n"
        "w = pygame.Window.from_display_module()\n"
        "print(tuple(w.size), pygame.display.get_surface().get_size())\n"
    )
    env = {**os.environ, "NEAR_ABROAD_HOME": str(tmp_path), "PYTHONPATH": str(REPO)}
    env.pop("SDL_VIDEODRIVER", None)
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 2200x1300x24", sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "(1920, 1080) (1280, 720)" in done.stdout, done.stdout
