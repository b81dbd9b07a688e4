"""Damaged saves and session logs (issue 15, items 6 and 7): every command that reads one
says what is wrong with it, exit code 1, never a traceback and never a hang."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from game.cli import main
from game.ruleset.load import load_ruleset
from game.session import storage
from game.session.session import Session
from tests.scenario_kit import ROOT

TINY = ROOT / "tests" / "scenarios" / "tiny"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEAR_ABROAD_HOME", str(tmp_path / "home"))
    monkeypatch.setattr("sys.stdin", open(os.devnull))  # noqa: SIM115
    return tmp_path / "home"


@pytest.fixture(scope="module")
def good() -> dict[str, Any]:
    session = Session(load_ruleset(TINY), seed=3)
    for _ in range(12):
        session.act(session.state.legal_actions()[0])
    return json.loads(storage.dumps(session.record))


def _damage(good: dict[str, Any], how: str) -> str:
    d = json.loads(json.dumps(good))
    if how == "deep":
        return '{"app": "near-abroad", "format": 1, "x": ' + "[" * 3000 + "]" * 3000 + "}"
    if how == "long seed":
        return json.dumps(d).replace(f'"seed": {d["seed"]}', '"seed": ' + "9" * 5000)
    if how == "no seats":
        d["seats"] = []
    elif how == "unknown bot":
        d["seats"][1] = {"seat": d["seats"][1]["seat"], "kind": "bot", "bot": "genius"}
    elif how == "no steps":
        d["steps"], d["checkpoints"] = [], {"0": d["checkpoints"]["0"]}
    elif how == "ends on chance":
        n = max(i for i, s in enumerate(d["steps"]) if s["actor"] == "chance")
        d["steps"], d["checkpoints"] = d["steps"][:n], {"0": d["checkpoints"]["0"]}
    elif how == "ruleset id":
        d["ruleset_id"] = 5
    elif how == "ruleset path":
        d["ruleset_id"] = "../../../../etc"
    elif how == "action":
        d["steps"][3]["action"], d["checkpoints"] = 5, {}
    elif how == "surrogate":
        d["annotations"] = [{"step": 1, "author": "a", "text": "\ud800", "at": "", "tag": ""}]
    elif how == "no checkpoints":
        d["checkpoints"] = {}
        d["seed"] += 1  # a changed seed without a digest to catch it: replays, differently
    elif how == "seed changed":
        d["seed"] += 1
    return json.dumps(d)


CASES = ["deep", "long seed", "no seats", "unknown bot", "no steps", "ends on chance",
         "ruleset id", "ruleset path", "action", "surrogate", "no checkpoints",
         "seed changed"]  # fmt: skip


@pytest.mark.parametrize("how", CASES)
@pytest.mark.parametrize("command", ["replay", "play", "report"])
def test_a_damaged_save_is_explained(
    how: str, command: str, good: dict[str, Any], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    path = tmp_path / "game.json"
    path.write_text(_damage(good, how), encoding="utf-8", errors="surrogatepass")
    argv = {
        "replay": ["replay", str(path), "--scenario", str(TINY)],
        "play": ["play", "--text", "--load", str(path), "--scenario", str(TINY), "--bots", "all"],
        "report": ["report", str(path), "--scenario", str(TINY), "--out", str(tmp_path / "r")],
    }[command]
    code = main(argv)
    err = capsys.readouterr().err
    if how in ("no steps", "ends on chance"):  # a game at its start, or waiting on chance
        assert code == 0, err
        return
    assert code == 1, err
    assert "Traceback" not in err and err.strip(), err


@pytest.mark.parametrize("special", ["fifo", "device"])
def test_a_save_that_is_not_a_file_is_refused_at_once(tmp_path: Path, special: str) -> None:
    path = tmp_path / "game.json"
    if special == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    with pytest.raises(storage.SaveError, match="not a regular file"):
        storage.load(path)


@pytest.mark.parametrize(
    "damage",
    ["seed text", "seed null", "count huge", "count negative", "ruleset id", "no header",
     "action number", "branch negative", "seed changed", "digest changed"],
)  # fmt: skip
def test_a_damaged_session_log_is_explained(
    damage: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from game.session.journal import Journal

    session = Session(load_ruleset(TINY), seed=3, control=True)
    log = tmp_path / "game.jsonl"
    session.attach_journal(Journal(log))
    for _ in range(12):
        session.act(session.state.legal_actions()[0])
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    if damage == "seed text":
        lines[0]["seed"] = "7"
    elif damage == "seed null":
        lines[0]["seed"] = None
    elif damage == "ruleset id":
        lines[0]["ruleset_id"] = 5
    elif damage == "seed changed":  # the digests on the lines give it away
        lines[0]["seed"] += 1
    elif damage == "digest changed":
        next(e for e in reversed(lines) if "digest" in e)["digest"] = "0" * 64
    elif damage == "no header":
        lines = lines[1:]
    elif damage == "action number":
        next(e for e in lines if e["kind"] == "decision")["action"] = 5
    else:
        kind = "branch" if damage.startswith("branch") else "undo"
        key = "step" if kind == "branch" else "count"
        value: Any = -5 if damage.endswith("negative") else 10**400
        lines.append({"kind": kind, key: value, "at": ""})
    text = "\n".join(json.dumps(e) for e in lines).replace("1" + "0" * 400, "1e999") + "\n"
    log.write_text(text)
    code = main(["report", str(log), "--scenario", str(TINY), "--out", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err and str(log) in err, err


def test_rules_that_loop_without_end_are_said_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 15 item 5: two thresholds that push each other stopped play and simulate with
    a traceback; the message now names them, and validate warns of them (W0320)."""
    import shutil

    folder = tmp_path / "loop"
    shutil.copytree(TINY, folder)
    path = folder / "rules.yaml"
    text = path.read_text(encoding="utf-8")
    loop = (
        "  loop: {name: Loop, min: 0, max: 5, start: 0, thresholds: ["
        "{at: 2, once: false, effects: [{move_track: {track: loop, by: -1}}]}, "
        "{at: 1, direction: down, once: false, effects: [{move_track: {track: loop, by: 1}}]}]}\n"
    )
    text = text.replace("tracks:\n", "tracks:\n" + loop, 1)
    text = text.replace(
        "events:\n",
        "events:\n  spark: {title: Spark, trigger: {turn: 1}, "
        "effects: [{move_track: {track: loop, by: 2}}]}\n",
        1,
    )
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(folder)]) == 0, "a warning, not an error: it may not loop"
    out = capsys.readouterr()
    assert "W0320" in out.out + out.err and "loop at 2 (up), loop at 1 (down)" in out.out + out.err
    path.write_text(text.replace("at: 2, once: false", "at: 2, once: true"), encoding="utf-8")
    assert main(["validate", str(folder)]) == 0
    assert "W0320" not in "".join(capsys.readouterr()), "a threshold that fires once cannot loop"
    path.write_text(text, encoding="utf-8")
    for argv in (
        ["play", "--text", "--scenario", str(folder), "--bots", "random", "--seed", "1"],
        ["simulate", "--games", "2", "--bots", "random", "--scenario", str(folder), "--quiet"],
    ):
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 1 and "Traceback" not in err, err
        assert "loop without end" in err and "threshold loop:" in err, err


def test_bad_command_lines_are_explained_before_anything_runs(
    tmp_path: Path, good: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 15 item 8: each of these gave a traceback, hung or ran out of memory."""
    save = tmp_path / "game.json"
    save.write_text(json.dumps(good))
    sim = ["simulate", "--bots", "random", "--scenario", str(TINY), "--quiet"]
    for argv, words in [
        (["schema", "--out", "/dev/null"], "cannot write the schemas there"),
        (["replay", str(save), "--scenario", str(TINY), "--seat", "rde"], "did you mean 'red'"),
        ([*sim, "--games", "1000000000"], "--games must be from 1 to 1,000,000"),
        ([*sim, "--games", "2", "--out", "/proc/nope/x.json"], "cannot write there"),
    ]:
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err, err
    assert main([*sim, "--games", "2", "--workers", "10000"]) == 0
    assert "--workers 10000: using 2" in capsys.readouterr().err


def test_a_home_folder_that_is_a_file_is_explained(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 15 item 8: a home folder that is a file gave a traceback."""
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("not a folder")
    argv = ["play", "--text", "--scenario", str(TINY), "--bots", "random", "--control"]
    assert main([*argv, "--seed", "3"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "NEAR_ABROAD_HOME" in err and str(home) in err, err
