"""Issue 15, item 4: what is private stays private, whatever the game and Control do.

Random games of both shipped scenarios, and of caucasus-2020 with a test mod whose private
injects `say:` things and put `choose:` questions (tests/mods/secret-channels: one on a
schedule, one Control fires whose choice belongs to a seat outside its audience). Control
fires, skips and delays the private injects and moves tracks at random moments. At every
step each seat's view, and the observer's, must hold no word of a private inject it is not
told of: not its id, title or text, its `say:` lines, its question or options (unless it is
the seat choosing), nor the frames of the decision stack that carry them. At the end the
same holds for each seat's whole log, its after-action report copy (HTML, Markdown, CSVs)
and `replay --seat`.
"""

from __future__ import annotations

import contextlib
import functools
import json
import random
from pathlib import Path

import attrs
import matplotlib  # noqa: F401  (the plots extra, which tools/test.sh installs)
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import main
from game.engine import CHANCE, CONTROL, OBSERVER, IllegalAction, LogKind, State
from game.engine.views import View, view_for, viewer_fields
from game.net.stack import stack_to_wire
from game.net.wire import to_wire
from game.report.write import write_report
from game.ruleset.load import load_ruleset
from game.ruleset.model import Ruleset
from game.session import storage
from game.session.session import Session
from tests.scenario_kit import DEFAULT, ROOT

MOD = ROOT / "tests" / "mods" / "secret-channels"
GEORGIA = ROOT / "rules" / "georgia-2008"
CHOICE_WORDS = {
    "hush_yerevan_note": ("Gondolier", "opt_tangerine", "Tangerine", "opt_lavender", "Lavender"),
    "hush_baku_ping": ("Bandicoot", "opt_plum", "Plum answer", "opt_quince", "Quince answer"),
}
"""The words of each test inject's choice: its question and options."""
SAID = {
    "hush_yerevan_note": ("Marzipan", "Obsidian"),
    "hush_baku_ping": ("Pumpernickel", "Juniper"),
}
"""What each test inject's `say:` effects say (before and after the choice)."""
CHOOSER = {"hush_yerevan_note": "armenia", "hush_baku_ping": "russia"}


@functools.cache
def rules_of(name: str) -> Ruleset:
    folder, mods = {"caucasus+secret": (DEFAULT, [MOD]), "georgia": (GEORGIA, [])}[name]
    return load_ruleset(folder, mods)


def unknown_words(rules: Ruleset, viewer: str) -> set[str]:
    """Every word ``viewer`` must never see: the private injects it is not told of."""
    if viewer == CONTROL:
        return set()
    words: set[str] = set()
    for eid, ev in rules.events.items():
        if ev.visibility != "private" or viewer in ev.audience:
            continue
        words |= {eid, ev.title, *SAID.get(eid, ())}
        words |= {ev.text} if ev.text else set()
        if CHOOSER.get(eid) != viewer:
            words |= set(CHOICE_WORDS.get(eid, ()))
    return words


def view_text(view: View, rules: Ruleset) -> str:
    """The view as the wire carries it: every field, the stack by its rule paths."""
    fields = {a.name: getattr(view, a.name) for a in attrs.fields(View) if a.name != "stack"}
    body = json.dumps(to_wire(fields), ensure_ascii=False)
    return body + json.dumps(stack_to_wire(view.stack, rules), ensure_ascii=False)


def assert_hidden(text: str, words: set[str], where: str) -> None:
    leaked = sorted(w for w in words if w in text)
    assert not leaked, f"{where}: {leaked} leaked"


def viewers(rules: Ruleset) -> list[str]:
    return [*rules.manifest.seats, OBSERVER]


def check_views(s: State, rules: Ruleset, whole: bool) -> None:
    """Each viewer's view: whole (every field, the log) or, between, the fields a private
    inject can reach (the decision, the options, the stack, the injects fired or delayed)."""
    for who in viewers(rules):
        if whole:
            text = view_text(view_for(s, who), rules)
            check_draws(s, who, text)
        else:
            fields = viewer_fields(s, who, with_log=False)
            text = json.dumps(stack_to_wire(fields.pop("stack"), rules), ensure_ascii=False)
            text += json.dumps(to_wire(fields), ensure_ascii=False)
        assert_hidden(text, unknown_words(rules, who), f"step {s.step}, {who}'s view")


def check_draws(s: State, who: str, text: str) -> None:
    """A card another seat drew is not named in this viewer's copy of the draw's line."""
    for e in s.log_entries():
        if e.kind == LogKind.DRAW and who not in e.audience:
            assert e.text not in text, f"{who} reads '{e.text}'"


INTERVENTIONS = (
    "fire {inject}",
    "skip {inject}",
    "delay {inject}:{later}",
    "adjust ceasefire:{by}",
    "adjust escalation:{by}",
)


def control_moves(rules: Ruleset, s: State, rng: random.Random) -> str:
    private = sorted(k for k, ev in rules.events.items() if ev.visibility == "private")
    inject = rng.choice(private or sorted(rules.events))
    later = rng.randint(s.turn + 1, s.turn + 2)
    by = rng.choice((-2, -1, 1, 2))
    return rng.choice(INTERVENTIONS).format(inject=inject, later=later, by=by)


def play(rules: Ruleset, seed: int, control_rate: float, steps: int = 400) -> Session:
    """A random game with Control stepping in at random moments, checked at every step."""
    rng = random.Random(seed)
    session = Session(rules, seed=seed, control=True)
    for n in range(steps):
        s = session.state
        if s.is_over():
            break
        if rng.random() < control_rate:
            # refused when fired already or not a later turn: nothing changes then
            with contextlib.suppress(IllegalAction):
                session.control(control_moves(rules, s, rng), "a test of secrecy")
        else:
            actor = s.current_actor()
            assert actor is not None and actor != CHANCE, f"step {s.step}: {actor} decides"
            session.act(rng.choice(s.legal_actions()), actor)
        check_views(session.state, rules, whole=n % 50 == 0)
    check_views(session.state, rules, whole=True)
    return session


SETTINGS = settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("name", ["caucasus+secret", "georgia"])
@given(seed=st.integers(0, 2**31), control_rate=st.sampled_from([0.0, 0.03, 0.15]))
@SETTINGS
def test_no_view_or_log_holds_another_seats_private_inject(
    name: str, seed: int, control_rate: float
) -> None:
    play(rules_of(name), seed, control_rate)


def test_the_test_mod_fires_both_private_injects_and_asks_both_questions() -> None:
    """The property above means something: in the fixed game below both injects fire, say
    their words and ask their questions, and their audience and chooser read them."""
    rules = rules_of("caucasus+secret")
    session, asked = seeded_game(rules)
    assert asked >= {"armenia: Gondolier question", "russia: Bandicoot query"}
    logs = {who: log_text(session.state, who) for who in ("armenia", "azerbaijan", "russia")}
    assert all(w in logs["armenia"] for w in ("Marzipan", "Zephyrine", "Quillfeather"))
    assert all(w in logs["azerbaijan"] for w in ("Pumpernickel", "Walrus", "Saffron"))
    assert "russia chooses: " in logs["russia"] and "Pumpernickel" not in logs["russia"]
    assert "russia makes a private choice" in log_text(session.state, "turkey")
    assert "a private event" in log_text(session.state, "turkey")


def log_text(s: State, who: str) -> str:
    return "\n".join(e.text for e in view_for(s, who).log)


def seeded_game(rules: Ruleset) -> tuple[Session, set[str]]:
    """Seed 5, Control firing hush_baku_ping on turn 3 and the rest random; with the
    questions the seats deciding were asked."""
    rng = random.Random(5)
    session = Session(rules, seed=5, control=True)
    asked: set[str] = set()
    while not session.state.is_over():
        s = session.state
        if s.turn == 3 and "hush_baku_ping" not in s.fired:
            session.control("fire hush_baku_ping", "the test's inject")
            continue
        actor = s.current_actor()
        assert actor is not None
        asked.add(view_for(s, actor, with_log=False).prompt)
        session.act(rng.choice(s.legal_actions()), actor)
    return session, asked


def test_report_copies_csvs_and_replay_of_a_seat_keep_other_seats_secrets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = rules_of("caucasus+secret")
    session, _ = seeded_game(rules)
    save = storage.save(session.record, tmp_path / "game.json")
    for who in ("russia", "turkey", "armenia"):
        words = unknown_words(rules, who)
        folder = tmp_path / who
        write_report(session.record, rules, folder, seat=who, turns=[0])
        for f in sorted(folder.iterdir()):
            if f.suffix in (".html", ".md", ".csv"):
                assert_hidden(f.read_text(encoding="utf-8"), words, f"{who}'s {f.name}")
        argv = ["replay", str(save), "--mod", str(MOD), "--seat", who]
        assert main(argv) == 0
        assert_hidden(capsys.readouterr().out, words, f"replay --seat {who}")
    assert main(["replay", str(save), "--mod", str(MOD)]) == 0
    assert "Pumpernickel" in capsys.readouterr().out, "the whole game's replay holds it"
