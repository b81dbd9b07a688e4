"""Saves, loads, replay, undo and branch: the record of a game and every bad save file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.engine import ActionError, ActionSyntaxError, IllegalAction
from game.ruleset.load import load_ruleset
from game.session import storage
from game.session.replay import replay_states, resume
from game.session.session import Session, UndoRefused
from tests.scenario_kit import TINY, scenario


@pytest.fixture(scope="module")
def tiny():
    return load_ruleset(TINY)


def played(rules, steps: int, seed: int = 4) -> Session:
    """A session advanced by ``steps`` decisions (always the first legal action)."""
    session = Session(rules, seed=seed)
    for _ in range(steps):
        if session.state.is_over():
            break
        session.act(session.state.legal_actions()[0])
    return session


def test_save_and_load_round_trip_to_the_same_state(tiny, tmp_path: Path) -> None:
    session = played(tiny, 25)
    path = storage.save(session.record, tmp_path / "game.json")
    record = storage.load(path)
    assert record == session.record
    again = resume(record, tiny, str(path))
    assert again.state.digest() == session.state.digest()
    assert [s.digest() for s in again.states] == [s.digest() for s in session.states]


def test_a_finished_game_replays_to_its_result(tiny) -> None:
    session = played(tiny, 10_000)
    assert session.state.is_over()
    states = replay_states(session.record, tiny)
    assert states[-1].result == session.state.result
    assert max(session.record.checkpoints) == len(session.record.steps)


def test_an_illegal_action_changes_nothing(tiny) -> None:
    session = played(tiny, 3)
    before = (session.state.digest(), session.record)
    with pytest.raises(IllegalAction, match="waiting for"):
        session.act("target NOWHERE")
    # Text that is no action at all is another error (python-chess separates them too).
    with pytest.raises(ActionSyntaxError, match="unknown action"):
        session.act("fly away")
    with pytest.raises(ActionError):
        session.act("play")
    assert (session.state.digest(), session.record) == before


def test_undo_restores_the_previous_state_exactly_and_redo_reapplies(tiny) -> None:
    session = played(tiny, 1)
    before = session.state.digest()
    seat = session.state.current_actor()
    session.act(session.state.legal_actions()[0])
    after = session.state.digest()
    session.undo(seat)
    assert session.state.digest() == before
    session.redo()
    assert session.state.digest() == after


def test_undo_across_a_draw_or_a_roll_is_refused_with_the_reason(tiny) -> None:
    session = Session(tiny, seed=1)
    with pytest.raises(UndoRefused, match="nothing to undo"):
        session.undo()
    # Play until a decision is followed by chance (a roll or the next turn's draws).
    while True:
        n = len(session.record.steps)
        session.act(session.state.legal_actions()[-1])
        if any(s.actor == "chance" for s in session.record.steps[n:]):
            break
    with pytest.raises(UndoRefused, match=r"re-roll|see the card again"):
        session.undo()


def test_branch_starts_a_new_game_from_any_step(tiny) -> None:
    session = played(tiny, 20)
    branch = session.branch(10)
    assert len(branch.record.steps) == 10
    assert branch.state.digest() == session.states[10].digest()
    branch.act(branch.state.legal_actions()[-1])
    assert (
        len(session.record.steps) == 20 + sum(1 for s in session.record.steps[20:])
        and session.states[10] is branch.states[10]
    )


@pytest.mark.parametrize(
    "text, code, words",
    [
        ("", "E0502", "not valid JSON"),
        ('{"app": "near-abroad", "format": 1, ', "E0502", "truncated"),
        ("[1, 2, 3]", "E0502", "not a Near Abroad save"),
        ('{"app": "other"}', "E0502", "not a Near Abroad save"),
        ('{"app": "near-abroad", "format": 99}', "E0503", "format 99"),
    ],
)
def test_a_corrupt_or_foreign_save_gets_a_clear_error(tmp_path: Path, text, code, words) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(storage.SaveError, match=words) as info:
        storage.load(path)
    assert info.value.diagnostic.code == code


def test_a_tampered_save_is_detected_by_its_checkpoints(tiny, tmp_path: Path) -> None:
    session = played(tiny, 30)
    data = json.loads(storage.dumps(session.record))
    decisions = [i for i, s in enumerate(data["steps"]) if s["actor"] == "chance"]
    i = decisions[-1]
    options = [str(a) for a, _ in session.states[i].chance_outcomes()]
    other = next(o for o in options if o != data["steps"][i]["action"])
    data["steps"][i]["action"] = other  # a different (legal) draw: the game diverges
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(data))
    with pytest.raises(storage.SaveError) as info:
        resume(storage.load(path), tiny, str(path))
    assert info.value.diagnostic.code == "E0505"
    assert "differs from the saved one" in str(info.value) or "cannot be replayed" in str(
        info.value
    )


def test_an_edited_save_with_an_illegal_step_names_the_step(tiny, tmp_path: Path) -> None:
    session = played(tiny, 10)
    data = json.loads(storage.dumps(session.record))
    data["steps"][5]["action"] = "play no_such_card"
    data["checkpoints"] = {"0": data["checkpoints"]["0"]}
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data))
    with pytest.raises(storage.SaveError, match="step 6"):
        resume(storage.load(path), tiny, str(path))


def test_a_save_with_unknown_fields_is_refused(tiny, tmp_path: Path) -> None:
    data = json.loads(storage.dumps(played(tiny, 2).record))
    data["steps"][0]["cheat"] = True
    path = tmp_path / "extra.json"
    path.write_text(json.dumps(data))
    with pytest.raises(storage.SaveError, match="damaged") as info:
        storage.load(path)
    assert info.value.diagnostic.code == "E0502"


def test_a_save_made_under_changed_rules_is_detected_and_explained(tmp_path: Path) -> None:
    rules = scenario()
    changed = scenario({"regions": {"A": {"stability": 3}}})
    session = played(rules, 5)
    path = storage.save(session.record, tmp_path / "g.json")
    with pytest.raises(storage.SaveError, match="rules of 'clause' changed") as info:
        resume(storage.load(path), changed, str(path))
    assert info.value.diagnostic.code == "E0504"
    assert "--force" in (info.value.diagnostic.hint or "")


def test_a_failed_save_leaves_the_earlier_save_intact(tiny, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "g.json"
    first = played(tiny, 5).record
    storage.save(first, path)
    original = path.read_text()

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        storage.save(played(tiny, 9).record, path)
    monkeypatch.undo()
    assert path.read_text() == original
    assert storage.load(path) == first
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]  # no temp file left behind


def test_loading_a_missing_file_or_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(storage.SaveError, match="no such file"):
        storage.load(tmp_path / "nope.json")
    with pytest.raises(storage.SaveError, match="folder"):
        storage.load(tmp_path)


def test_the_ruleset_digest_does_not_depend_on_the_folder(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "elsewhere" / "tiny"
    shutil.copytree(TINY, copy)
    assert load_ruleset(copy).digest == load_ruleset(TINY).digest
    (copy / "rules.yaml").write_text((copy / "rules.yaml").read_text() + "\n# changed\n")
    assert load_ruleset(copy).digest != load_ruleset(TINY).digest
