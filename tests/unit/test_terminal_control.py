"""Control in the terminal: the ids shown are the ids accepted, names work too, adding (+N, -N)
and setting (=N) are told apart, and every miss says what was meant."""

from __future__ import annotations

import pytest

from game.engine.control import AdjustTrack, DelayInject, FireInject, SetInfluence, SetVp
from game.ruleset.load import load_ruleset
from game.session.session import Session
from game.terminal import listed
from game.terminal_control import ControlInputError, inject_rows, parse
from tests.scenario_kit import ROOT

RULES = load_ruleset(ROOT / "rules" / "caucasus-2020")
STATE = Session(RULES, seed=1, control=True).state


@pytest.mark.parametrize(
    ("line", "meant"),
    [
        ("fire M-24", FireInject("plan_leak")),  # the number the MSEL listing shows
        ("fire m-24", FireInject("plan_leak")),
        ("delay M-07 to 5", DelayInject("moscow_truce", 5)),
        ("track Peace process +2", AdjustTrack("ceasefire", 2)),  # the board's name
        ("track ceasefire -1", AdjustTrack("ceasefire", -1)),  # or the id
        ("adjust escalation:+1", AdjustTrack("escalation", 1)),  # the old text form
        ("vp Russia =10", SetVp("russia", 10)),
        ("influence the West Tbilisi =4", SetInfluence("west", "TBI", 4)),
    ],
)
def test_names_and_numbers_as_shown_are_accepted(line: str, meant: object) -> None:
    assert parse(STATE, line) == meant


def test_adding_and_setting_differ() -> None:
    vp = STATE.scores()["russia"]
    assert parse(STATE, "vp russia +3") == SetVp("russia", vp + 3)
    assert parse(STATE, "vp russia =3") == SetVp("russia", 3)
    now = STATE.influence("russia", "YER")
    assert parse(STATE, "influence Russia Yerevan-Ararat +1") == SetInfluence(
        "russia", "YER", now + 1
    )
    esc = STATE.tracks["escalation"]
    assert parse(STATE, "track escalation =10") == AdjustTrack("escalation", 10 - esc)


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("fire M-99", "did you mean 'M-19'?"),
        ("track Peace prcess +1", "did you mean 'Peace process'?"),
        ("vp Russia 3", "write +3 to add or =3 to set"),
        ("influence Russia +1", "name an actor, then a region"),
        ("forces Russia Yerevan-Ararat -9", "the least is 0"),
        ("frobnicate x +1", "not a Control command"),
    ],
)
def test_misses_say_what_was_meant(line: str, words: str) -> None:
    with pytest.raises(ControlInputError, match=words.replace("?", r"\?").replace("+", r"\+")):
        parse(STATE, line)


def test_the_msel_listing_shows_the_numbers_fire_accepts() -> None:
    rows = inject_rows(STATE)
    assert rows and all(len(r) <= 100 for r in rows)
    number = rows[0].split()[0]
    assert isinstance(parse(STATE, f"fire {number}"), FireInject)


def test_numbered_options_sort_numbers_as_numbers() -> None:
    from game.engine import Action, ActionKind

    class V:
        legal = tuple(Action(ActionKind.ODDS, str(n)) for n in sorted(range(2, 13), key=str))

    assert [a.arg for a in listed(V())] == [str(n) for n in range(2, 13)]  # type: ignore[arg-type]
