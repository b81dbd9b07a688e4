"""A test missing a tool fails under tools/test.sh (which installs every tool) and is
skipped only in a hand run: a skip must never hide a set-up that did not work."""

from __future__ import annotations

import pytest

from tests import tools_kit


def test_a_missing_tool_fails_when_the_test_command_installed_the_tools(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tools_kit, "INSTALLED", True)
    with pytest.raises(pytest.fail.Exception, match=r"needs chromium.*tools/test\.sh"):
        tools_kit.need(False, "needs chromium")
    with pytest.raises(pytest.fail.Exception, match=r"no_such_module_xyz.*\.\[plots\]"):
        tools_kit.need_module("no_such_module_xyz", "plots")
    tools_kit.need(True, "present: nothing happens")
    assert tools_kit.need_module("json", "none").dumps([]) == "[]"


def test_a_missing_tool_skips_in_a_hand_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tools_kit, "INSTALLED", False)
    with pytest.raises(pytest.skip.Exception, match="needs chromium"):
        tools_kit.need(False, "needs chromium")


def test_the_test_command_says_it_installed_the_tools() -> None:
    from pathlib import Path

    script = (Path(__file__).resolve().parents[2] / "tools" / "test.sh").read_text()
    assert "export NEAR_ABROAD_TOOLS=installed" in script
