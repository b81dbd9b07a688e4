"""The session log (JSON Lines) and the phase timer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.engine import CONTROL
from game.session import storage
from game.session.journal import Journal, JournalError, reconstruct
from game.session.replay import rebase, replay_states
from game.session.session import Session
from game.session.timer import PhaseTimer
from tests.scenario_kit import scenario

RULES = {
    "tracks": {"t": {"name": "T", "min": 0, "max": 10, "start": 0}},
    "arguments": {
        "corridor": {
            "title": "A corridor opens",
            "effects": [{"move_track": {"track": "t", "by": 2}}],
        }
    },
    "events": {"late": {"title": "Late news", "trigger": {"turn": 3}}},
}


def seminar(tmp_path: Path) -> tuple[Session, Path]:
    rules = scenario(RULES, manifest={"matrix": {"enabled": True}})
    ticks = iter(range(10_000))
    session = Session(rules, seed=9, control=True, clock=lambda: f"t{next(ticks)}")
    path = tmp_path / "session.jsonl"
    session.attach_journal(Journal(path))

    def plain_move() -> None:
        session.act(next(a for a in session.state.legal_actions() if a.kind != "argue"))

    plain_move()
    session.control("adjust t:+1", "talks stall")
    session.undo()
    session.control("adjust t:+2", "talks stall badly")
    session.annotate("analyst", "Control steps in early", tag="turning point")
    while session.state.current_actor() != "red" or "argue corridor" not in [
        str(a) for a in session.state.legal_actions()
    ]:
        plain_move()
    session.act("argue corridor", "red", text="the wounded need a road", reason="ICRC asks")
    session.act("odds 7", CONTROL)
    session.control("skip late", "cut for time")
    for _ in range(5):
        plain_move()
    return session, path


def test_the_log_and_the_save_each_reconstruct_the_session(tmp_path: Path) -> None:
    session, path = seminar(tmp_path)
    rebuilt = reconstruct(path)
    assert rebuilt.steps == session.record.steps
    assert rebuilt.annotations == session.record.annotations
    assert (rebuilt.seed, rebuilt.control, rebuilt.seats) == (9, True, session.record.seats)
    final = replay_states(rebuilt, session.rules, check_digests=False)[-1]
    assert final.digest() == session.state.digest()
    saved = storage.loads(storage.dumps(session.record))
    assert replay_states(saved, session.rules)[-1].digest() == session.state.digest()


def test_the_log_records_overrides_arguments_rolls_and_undos(tmp_path: Path) -> None:
    _, path = seminar(tmp_path)
    entries = [json.loads(line) for line in path.read_text().splitlines()]
    kinds = [e["kind"] for e in entries]
    assert kinds[0] == "session" and "undo" in kinds and "annotation" in kinds
    overrides = [e for e in entries if e["kind"] == "override"]
    assert [(e["action"], e["reason"]) for e in overrides] == [
        ("adjust t:+1", "talks stall"),
        ("adjust t:+2", "talks stall badly"),
        ("skip late", "cut for time"),
    ]
    argument = next(e for e in entries if e["kind"] == "argument")
    assert (argument["text"], argument["reason"]) == ("the wounded need a road", "ICRC asks")
    rolls = [e for e in entries if e["kind"] == "chance"]
    assert rolls and all({"seed", "counter"} <= set(e["rng"]) for e in rolls)
    assert all(e["at"] for e in entries[1:])  # every line has its time
    assert any(
        "Control adjusts t by +2 (reason: talks stall badly)" in line
        for e in overrides
        for line in e["log"]
    )


def test_a_log_attached_to_a_resumed_game_starts_with_the_game_so_far(tmp_path: Path) -> None:
    rules = scenario(RULES)
    session = Session(rules, seed=2)
    for _ in range(6):
        session.act(session.state.legal_actions()[0])
    session.attach_journal(Journal(tmp_path / "late.jsonl"))
    session.act(session.state.legal_actions()[0])
    assert reconstruct(tmp_path / "late.jsonl").steps == session.record.steps


def test_a_rules_reload_is_logged_and_the_rebuilt_record_names_the_new_rules(
    tmp_path: Path,
) -> None:
    old = scenario(RULES)
    session = Session(old, seed=4, clock=lambda: "t")
    path = tmp_path / "reload.jsonl"
    session.attach_journal(Journal(path))
    for _ in range(5):
        session.act(session.state.legal_actions()[0])
    renamed = {"t": {"name": "Tension", "min": 0, "max": 10, "start": 0}}
    edited = scenario({**RULES, "tracks": renamed})
    assert edited.digest != old.digest
    at = len(session.record.steps)
    session = rebase(session, edited)
    for _ in range(5):
        session.act(session.state.legal_actions()[0])
    entries = [json.loads(line) for line in path.read_text().splitlines()]
    reload = [e for e in entries if e["kind"] == "rules"]
    assert len(reload) == 1
    assert (reload[0]["steps"], reload[0]["ruleset_digest"]) == (at, edited.digest)
    assert entries[0]["ruleset_digest"] == old.digest  # the header keeps the rules it began with
    rebuilt = reconstruct(path)
    assert rebuilt.ruleset_digest == edited.digest and rebuilt.steps == session.record.steps
    final = replay_states(rebuilt, edited, check_digests=False)[-1]
    assert final.digest() == session.state.digest()


def test_a_damaged_log_names_its_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    header = {"kind": "session", "ruleset_id": "tiny", "ruleset_version": "1",
              "ruleset_digest": "x", "seed": 1, "seats": [{"seat": "red"}]}  # fmt: skip
    path.write_text(json.dumps(header) + '\n{"kind": "decis\n')
    with pytest.raises(JournalError, match=r"bad.jsonl:2: not a JSON line"):
        reconstruct(path)


def test_the_phase_timer_counts_down_pauses_and_restarts() -> None:
    now = [100.0]
    timer = PhaseTimer(90, lambda: now[0])
    timer.restart(("t1", 1, "red"))
    now[0] += 30
    assert timer.remaining() == 60 and timer.text() == "01:00"
    timer.pause()
    now[0] += 500
    assert timer.remaining() == 60 and timer.text() == "01:00 (paused)"
    timer.resume()
    now[0] += 59.5
    assert not timer.expired()
    now[0] += 1
    assert timer.expired() and timer.remaining() == 0
    timer.restart(("t1", 1, "red"))  # the same seat's turn: no restart
    assert timer.expired()
    timer.restart(("t1", 1, "blue"))
    assert timer.remaining() == 90
    timer.set_seconds(0)
    assert not timer.enabled and not timer.expired() and timer.text() == ""
