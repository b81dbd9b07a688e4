"""The HTML report in a real browser: headless Chromium opens it without a console error,
draws every embedded image, and a screenshot of it is taken.

Chromium is driven from its command line (``--screenshot``, console messages logged to
stderr), so the test needs no browser-automation package and never downloads a browser:
Debian's ``chromium`` (installed by tools/test.sh) is used; without it the test fails under
tools/test.sh and is skipped in a hand run (tests/tools_kit.py).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pygame
import pytest

from game.report.write import write_report
from tests.tools_kit import need, need_module
from tests.unit.test_report import play_seminar

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(autouse=True)
def _tools() -> None:
    need_module("matplotlib", "plots")
    need(BROWSER is not None, "needs Debian's chromium (apt-get install chromium)")

SIZE = (1280, 2000)
CONSOLE = re.compile(r":CONSOLE[:(\]]|Uncaught", re.I)
PROBE = """<script>
window.addEventListener("load", () => {
  const imgs = Array.from(document.images);
  const bad = imgs.filter((i) => !i.complete || i.naturalWidth === 0).length;
  console.log(`probe: ${imgs.length} images, ${bad} broken`);
});
</script></body>"""


def open_in_chromium(page: Path, tmp: Path, shot: Path) -> str:
    """Open ``page`` headless, save a screenshot; returns Chromium's log (stderr)."""
    assert BROWSER is not None
    cmd = [
        BROWSER,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp / 'profile'}",
        f"--screenshot={shot}",
        f"--window-size={SIZE[0]},{SIZE[1]}",
        "--enable-logging=stderr",
        "--v=0",
        page.resolve().as_uri(),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stderr


def console_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if CONSOLE.search(line)]


def test_the_console_check_sees_errors(tmp_path: Path) -> None:
    """The check below is only as good as Chromium's logging: prove it catches an error."""
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>console.error('e1'); nope();</script>")
    lines = console_lines(open_in_chromium(page, tmp_path, tmp_path / "bad.png"))
    assert any("e1" in line for line in lines) and any("Uncaught" in line for line in lines)


def test_the_report_opens_in_chromium_without_console_errors(tmp_path: Path) -> None:
    session, log = play_seminar(tmp_path)
    out = tmp_path / "report"
    write_report(session.record, session.rules, out, journal=log)
    page = out / "report.html"
    shot = tmp_path / "report.png"
    assert console_lines(open_in_chromium(page, tmp_path, shot)) == []

    image = pygame.image.load(str(shot))
    assert image.get_size() == SIZE
    colours = {
        tuple(image.get_at((x, y)))[:3] for x in range(0, SIZE[0], 8) for y in range(0, SIZE[1], 8)
    }
    assert len(colours) > 100, "the screenshot looks blank"
    band = image.get_at((SIZE[0] // 2, 40))  # the report's dark title band
    assert max(band.r, band.g, band.b) < 80, tuple(band)

    probe = out / "probe.html"  # a copy that counts the images the browser could draw
    probe.write_text(page.read_text().replace("</body>", PROBE))
    found = console_lines(open_in_chromium(probe, tmp_path, tmp_path / "probe.png"))
    assert len(found) == 1 and re.search(r"probe: (\d+) images, 0 broken", found[0]), found
    assert int(re.search(r"probe: (\d+)", found[0]).group(1)) >= 5  # type: ignore[union-attr]
