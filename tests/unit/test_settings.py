"""The user's settings: the UI scale is kept between launches, a damaged file means the
defaults and a clear word, and the board's window is drawn at the scale."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.session.settings import SCALES, Settings, load_settings, save_settings, settings_path


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path))
    return tmp_path


def test_the_scale_is_kept_between_launches() -> None:
    assert load_settings() == (Settings(), "")
    save_settings(Settings(ui_scale=1.5))
    assert load_settings() == (Settings(ui_scale=1.5), "")


@pytest.mark.parametrize(
    ("text", "words"),
    [("{not json", "could not be read"), ('{"ui_scale": 3.7}', "is not one of"),
     ('{"ui_scale": "big"}', "could not be read")],
)  # fmt: skip
def test_a_damaged_settings_file_means_the_defaults_and_says_so(text: str, words: str) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(text)
    settings, problem = load_settings()
    assert settings == Settings() and words in problem and str(settings_path()) in problem


def test_play_scale_is_saved_and_the_window_drawn_larger(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    from game.ui import app as app_module
    from game.ui import launch

    opened = {}

    class Probe(app_module.App):
        def run(self, max_frames: int | None = None) -> int:
            opened["scale"] = self.scale
            opened["size"] = self.size
            return 0

    monkeypatch.setattr(launch, "App", Probe)
    root = Path(__file__).resolve().parents[2]
    assert launch.run(scenario=root / "rules" / "caucasus-2020", scale=1.25) == 0
    assert opened == {"scale": 1.25, "size": (1600, 900)}  # the board's own size, scaled
    assert load_settings()[0].ui_scale == 1.25  # and the next launch keeps it
    assert launch.run(scenario=root / "rules" / "caucasus-2020") == 0
    assert opened["scale"] == 1.25
    assert 1.25 in SCALES
