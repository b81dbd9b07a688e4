"""The after-action report: its numbers are the record's, its team copies keep secrets."""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from html import escape as html_escape
from pathlib import Path

import matplotlib  # noqa: F401  (the plots extra, which tools/test.sh installs)
import pytest
import yaml

from game.engine import CHANCE, CONTROL
from game.engine.indicators import read_indicators, readings
from game.report import ReportError
from game.report.facts import plays
from game.report.write import add_report_arguments, write_report
from game.ruleset.load import load_ruleset
from game.ruleset.words import event_rules
from game.session import storage
from game.session.journal import Journal
from game.session.replay import replay_states
from game.session.session import Session
from tests.scenario_kit import BASE_MANIFEST, BASE_RULES, DEFAULT, merge, scenario

TITLES = ("Amber", "Basalt", "Cobalt", "Dune", "Ember", "Fjord", "Garnet", "Heron")
RULES = {
    "tracks": {"t": {"name": "Tension", "min": 0, "max": 10, "start": 0}},
    "cards": {f"k{i}": {"title": f"{t} Gambit", "ops": 1} for i, t in enumerate(TITLES, 1)},
    "arguments": {
        "corridor": {
            "title": "A corridor opens",
            "text": "Aid convoys pass.",
            "effects": [{"move_track": {"track": "t", "by": 2}}],
        }
    },
    "events": {
        "late": {
            "title": "Late news",
            "trigger": {"turn": 3},
            "effects": [{"move_track": {"track": "t", "by": 1}}],
        },
        "secret": {
            "title": "Blue's back channel",
            "text": "Only Blue hears the envoy's offer",
            "trigger": {"turn": 2},
            "audience": ["blue"],
            "visibility": "private",
        },
    },
    "objectives": {
        "red_t": {
            "actor": "red",
            "title": "Keep the tension up",
            "condition": "track(t) >= 2",
            "vp": 1,
            "scoring": "each_turn",
        },
        "blue_calm": {
            "actor": "blue",
            "title": "Calm at the end",
            "condition": "track(t) <= 1",
            "vp": 3,
            "scoring": "end",
        },
    },
}
OVERRIDES = {"adjust t:+2": "talks stall badly", "vp blue:5": "the best brief of the morning"}
WORDS, REASONS = "the wounded need a road", "ICRC asks for access"


def play_seminar(tmp_path: Path) -> tuple[Session, Path]:
    rules = scenario(RULES, manifest={"matrix": {"enabled": True}})
    ticks = iter(range(10_000))

    def clock() -> str:
        n = next(ticks)
        return f"2024-03-01T{10 + n // 60:02d}:{n % 60:02d}:00+00:00"

    session = Session(rules, seed=9, control=True, clock=clock)
    path = tmp_path / "session.jsonl"
    session.attach_journal(Journal(path))

    def plain_move() -> None:
        session.act(next(a for a in session.state.legal_actions() if a.kind != "argue"))

    plain_move()
    session.control("adjust t:+1", "talks stall")
    session.undo()
    session.control("adjust t:+2", OVERRIDES["adjust t:+2"])
    session.annotate("analyst", "Control steps in early", tag="turning point")
    while session.state.current_actor() != "red" or "argue corridor" not in [
        str(a) for a in session.state.legal_actions()
    ]:
        plain_move()
    session.act("argue corridor", "red", text=WORDS, reason=REASONS)
    session.act("odds 7", CONTROL)
    session.control("vp blue:5", OVERRIDES["vp blue:5"])
    while not session.state.is_over():
        plain_move()
    return session, path


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("report")
    session, log = play_seminar(tmp)
    out = {"session": session, "log": log}
    for who in (None, "red", "blue"):
        folder = tmp / (who or "control")
        write_report(session.record, session.rules, folder, seat=who, journal=log)
        out[who or "control"] = folder
    return out


def text_of(folder: object) -> str:
    f = Path(str(folder))
    return "\n".join(
        (f / n).read_text(encoding="utf-8") for n in ("report.html", "report.md", "events.csv")
    )


def test_the_report_writes_its_files(made: dict[str, object]) -> None:
    folder = Path(str(made["control"]))
    names = {p.name for p in folder.iterdir()}
    assert {"report.html", "report.md", "events.csv", "turns.csv", "chart-vp.png"} <= names
    assert {"chart-tracks.png", "board-turn-00.png", "board-turn-04.png"} <= names
    for png in folder.glob("*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5_000
    md = (folder / "report.md").read_text()
    assert "](chart-vp.png)" in md and "](board-turn-00.png)" in md and "](events.csv)" in md


def test_the_numbers_are_those_of_the_record(made: dict[str, object]) -> None:
    session = made["session"]
    assert isinstance(session, Session)
    states = replay_states(session.record, session.rules)
    final = states[-1]
    assert final.is_over() and final.turn == 4
    # Recomputed from the replay: the close of turn t is the first position of turn t + 1,
    # less what that turn's opening inject did ('late' adds 1 to Tension at turn 3).
    first = {s.turn: s for s in reversed(states)}
    expected = {}
    for t in range(1, 4):
        nxt = first[t + 1]
        expected[t] = {
            **{f"vp:{p}": nxt.vp[p] for p in ("red", "blue")},
            "track:t": nxt.tracks["t"] - (1 if t + 1 == 3 else 0),
        }
    expected[4] = {"vp:red": final.vp["red"], "vp:blue": final.vp["blue"]}
    expected[4]["track:t"] = final.tracks["t"]
    expected[0] = {"vp:red": 0, "vp:blue": 0, "track:t": 0}
    folder = Path(str(made["control"]))
    with open(folder / "turns.csv", newline="") as fh:
        rows = {int(r["turn"]): r for r in csv.DictReader(fh)}
    assert sorted(rows) == [0, 1, 2, 3, 4]
    html = (folder / "report.html").read_text()
    for t, values in expected.items():
        for key, value in values.items():
            assert int(rows[t][key]) == value, (t, key)
            assert f'data-turn="{t}" data-key="{key}">{value}<' in html, (t, key)
    for seat in ("red", "blue"):
        assert f'data-key="final:{seat}">{final.vp[seat]}<' in html
    assert final.vp["blue"] >= 5  # Control's award stands in the numbers


def test_every_override_and_argument_is_in_the_report(made: dict[str, object]) -> None:
    for who in ("control", "red", "blue"):
        text = text_of(made[who])
        for reason in OVERRIDES.values():
            assert reason in text, (who, reason)
        assert WORDS in text and REASONS in text and "A corridor opens" in text
    html = (Path(str(made["control"])) / "report.html").read_text()
    session = made["session"]
    assert isinstance(session, Session)
    roll = next(s.action for s in session.record.steps if s.action.startswith("roll"))
    result = "succeeded" if int(roll.split()[1]) >= 7 else "failed"
    row = re.search(r"A corridor opens.*?</tr>", html, re.S)
    assert row is not None
    assert "7+" in row.group(0) and f">{roll.split()[1]}<" in row.group(0)
    assert result in row.group(0)
    assert "turning point" in html and "Control steps in early" in html
    assert "step(s) taken back" in html  # the undo, known from the session log


def test_a_team_report_holds_only_what_the_team_saw(made: dict[str, object]) -> None:
    session = made["session"]
    assert isinstance(session, Session)
    states = replay_states(session.record, session.rules)
    drawn: dict[str, set[str]] = {"red": set(), "blue": set()}
    for k, step in enumerate(session.record.steps):
        if step.actor == CHANCE and step.action.startswith("draw "):
            drawn[states[k].stack[-1].seat].add(step.action.split()[1])
    red_saw = " ".join(e.text for e in states[-1].view_for("red").log)
    cards = session.rules.cards
    hidden = {c for c in drawn["blue"] - drawn["red"] if cards[c].title not in red_saw}
    assert hidden, "the game should leave Blue some cards Red never saw"
    red, blue, control = (text_of(made[w]) for w in ("red", "blue", "control"))
    for c in drawn["blue"]:
        assert f"blue draws {c}" not in red
        assert f"blue draws {c}" in control and f"blue draws {c}" in blue
    for c in hidden:
        assert cards[c].title not in red
    assert any(cards[c].title in control for c in hidden)  # Control's report has the hands
    for c in drawn["red"]:
        assert f"red draws {c}" in red
    assert "envoy" not in red and "a private event" in red
    assert "Only Blue hears the envoy" in blue and "Only Blue hears the envoy" in control
    assert "Control steps in early" not in red  # an analyst's note stays with Control
    assert "Red's team report" in red and "Control's report" in control


def test_the_html_is_self_contained(made: dict[str, object]) -> None:
    html = (Path(str(made["control"])) / "report.html").read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert "<script" not in html.lower() and "<link" not in html.lower()
    assert "@import" not in html and "url(" not in html
    imgs = re.findall(r'<img src="([^"]+)"', html)
    assert len(imgs) >= 5 and all(i.startswith("data:image/png;base64,") for i in imgs)


def test_the_events_csv_has_a_row_per_visible_log_line(made: dict[str, object]) -> None:
    session = made["session"]
    assert isinstance(session, Session)
    for who, seat in (("control", CONTROL), ("red", "red")):
        with open(Path(str(made[who])) / "events.csv", newline="") as fh:
            rows = list(csv.DictReader(fh))
        log = session.state.view_for(seat).log
        assert [r["text"] for r in rows] == [e.text for e in log]
        assert list(rows[0]) == ["step", "turn", "date", "time", "actor", "kind", "text"]
        kinds = {r["kind"] for r in rows}
        assert {"turn", "inject", "play", "override", "argument", "score", "result"} <= kinds
        override = next(r for r in rows if r["kind"] == "override")
        assert override["actor"] == CONTROL and override["time"].startswith("2024-03-0")


def test_bad_inputs_are_report_errors(made: dict[str, object], tmp_path: Path) -> None:
    session = made["session"]
    assert isinstance(session, Session)
    record, rules = session.record, session.rules
    with pytest.raises(ReportError, match="'green' is not a seat"):
        write_report(record, rules, tmp_path / "a", seat="green")
    with pytest.raises(ReportError, match="turn 9 is not in this game"):
        write_report(record, rules, tmp_path / "b", turns=[1, 9])
    with pytest.raises(ReportError, match="not of 'caucasus-2020'"):
        write_report(record, load_ruleset(DEFAULT), tmp_path / "c")
    bad_log = tmp_path / "bad.jsonl"
    header = {"kind": "session", "ruleset_id": "tiny", "ruleset_version": "1",
              "ruleset_digest": "x", "seed": 1, "seats": [{"seat": "red"}]}  # fmt: skip
    bad_log.write_text(json.dumps(header) + '\n{"kind": "decis\n')
    with pytest.raises(ReportError, match=r"bad\.jsonl:2"):
        write_report(record, rules, tmp_path / "d", journal=bad_log)
    other = Session(rules, seed=99, control=True)
    other.attach_journal(Journal(tmp_path / "other.jsonl"))
    other.act(other.state.legal_actions()[0])
    with pytest.raises(ReportError, match="another game"):
        write_report(record, rules, tmp_path / "e", journal=tmp_path / "other.jsonl")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ReportError):
        write_report(record, rules, blocker, seat="red")
    assert not (tmp_path / "a").exists()  # nothing is written when the input is bad


def test_charts_without_matplotlib_say_what_to_install(
    made: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = made["session"]
    assert isinstance(session, Session)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ReportError, match=r"near-abroad\[plots\]"):
        write_report(session.record, session.rules, tmp_path)


def test_a_game_in_progress_gets_a_report_so_far(tmp_path: Path) -> None:
    rules = scenario(RULES)
    session = Session(rules, seed=4)
    while session.state.turn < 2 or session.state.current_actor() == CHANCE:
        session.act(session.state.legal_actions()[0])
    paths = write_report(session.record, rules, tmp_path, seat="blue", turns=[0, 2])
    html = paths[0].read_text()
    assert "in progress" in html and paths[0].name == "report.html"
    assert (tmp_path / "board-turn-02.png").exists()


def command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    add_report_arguments(parser)
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_the_command_reports_a_saved_game_of_the_default_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = load_ruleset(DEFAULT)
    session = Session(rules, seed=3)
    while not session.state.is_over():
        legal = session.state.legal_actions()
        session.act(next((a for a in legal if str(a) == "event"), legal[-1]))
    storage.save(session.record, tmp_path / "game.json")
    out = tmp_path / "out"
    argv = [str(tmp_path / "game.json"), "--out", str(out), "--turns", "0,5", "--seat", "russia"]
    assert command(argv) == 0  # the scenario is found by the save's id
    printed = capsys.readouterr().out
    assert f"wrote {out / 'report.html'}" in printed and "board-turn-05.png" in printed
    html = (out / "report.html").read_text()
    assert "Russian Federation's team report" in html
    # Each actor against its par, and the game against the historical record.
    assert ">Par</th>" in html and ">Margin</th>" in html
    final = replay_states(session.record, rules)[-1]
    got = readings(rules, read_indicators(final))
    same = sum(r.matches for r in got)
    assert f"{same} of {len(got)} facts of the record came out as in history" in html
    for ind in rules.indicators.values():
        assert html_escape(ind.title, quote=False) in html
    # Each event played is shown with what it did, in words, beside its title.
    events = [p for p in plays(rules, final.log_entries()) if p.mode == "event"]
    assert events
    for p in events:
        said = " ".join(event_rules(rules, rules.cards[p.card]))
        assert p.rules == said and html_escape(said, quote=False) in html


def test_the_command_reports_from_a_session_log(
    made: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "clause"  # the in-memory scenario, as files
    folder.mkdir()
    manifest = merge(BASE_MANIFEST, {"matrix": {"enabled": True}})
    (folder / "scenario.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False))
    (folder / "rules.yaml").write_text(yaml.safe_dump(merge(BASE_RULES, RULES), sort_keys=False))
    out = tmp_path / "out"
    argv = [str(made["log"]), "--out", str(out), "--scenario", str(folder)]
    assert command(argv) == 0
    html = (out / "report.html").read_text()
    assert "Control's report" in html and "step(s) taken back" in html
    assert command([str(made["log"]), "--out", str(out)]) == 1
    assert "give it with --scenario" in capsys.readouterr().err


def test_the_command_explains_bad_input_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "broken.json").write_text('{"app": "near-abroad", "format": 1, "seed"')
    assert command([str(tmp_path / "broken.json"), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "not valid JSON" in err and "Traceback" not in err
    assert command([str(tmp_path / "none.jsonl"), "--out", str(tmp_path / "o")]) == 1
    assert "no such session log" in capsys.readouterr().err
    assert command([str(tmp_path / "broken.json"), "--out", "o", "--turns", "x"]) == 1
