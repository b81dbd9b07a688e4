"""The default scenario's Master Scenario Events List, and its table in docs/seminar.md.

Facilitators run the seminar from the table in the guide, so it must list
exactly the injects the scenario holds, under the same numbers and titles.
The numbering itself carries meaning: the timeline's injects in date order,
then the ones that wait for a condition, then Control's manual cards, and a
contingency numbered after the inject it replaces (M-12 -> M-12A).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.engine import new_game
from game.engine.matrix import open_arguments
from game.ruleset.load import load_ruleset
from game.ruleset.model import Event, Ruleset

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "seminar.md"
BEGIN, END = "<!-- msel:begin -->", "<!-- msel:end -->"
NUMBER = re.compile(r"M-(\d{2})([A-Z]?)")


@pytest.fixture(scope="module")
def rules() -> Ruleset:
    return load_ruleset(ROOT / "rules" / "caucasus-2020")


def number(msel: str) -> tuple[int, str]:
    match = NUMBER.fullmatch(msel)
    assert match, f"'{msel}' is not an MSEL number like M-07 or M-07A"
    return int(match.group(1)), match.group(2)


def contingency_targets(rules: Ruleset) -> dict[str, str]:
    """Alternate inject id -> the id of the inject it replaces."""
    return {ev.contingency.use: eid for eid, ev in rules.events.items() if ev.contingency}


def scheduled_date(rules: Ruleset, ev: Event) -> str | None:
    """The date a turn- or date-triggered inject is due; None for the others."""
    if ev.manual:
        return None
    if ev.trigger.date is not None:
        return str(ev.trigger.date)
    if ev.trigger.turn is not None:
        return str(rules.manifest.calendar[ev.trigger.turn - 1].date)
    return None


def doc_rows() -> list[tuple[str, str, str]]:
    """(number, id, title) of each row of the MSEL table in the seminar guide."""
    text = DOC.read_text(encoding="utf-8")
    assert BEGIN in text and END in text, f"{DOC.name} lacks the {BEGIN} ... {END} markers"
    rows = []
    for line in text.split(BEGIN, 1)[1].split(END, 1)[0].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and NUMBER.fullmatch(cells[0]):
            rows.append((cells[0], cells[1].strip("`"), cells[2]))
    return rows


def test_every_inject_has_a_unique_msel_number(rules: Ruleset) -> None:
    numbers = [ev.msel for ev in rules.events.values()]
    assert all(numbers), [eid for eid, ev in rules.events.items() if not ev.msel]
    for msel in numbers:
        number(msel)
    assert len(set(numbers)) == len(numbers)


def test_the_numbers_follow_the_timeline_then_conditions_then_control(rules: Ruleset) -> None:
    alternates = contingency_targets(rules)
    mains = sorted(
        ((number(ev.msel), eid, ev) for eid, ev in rules.events.items() if eid not in alternates),
        key=lambda row: row[0],
    )
    assert all(suffix == "" for (_, suffix), _, _ in mains)
    assert [n for (n, _), _, _ in mains] == list(range(1, len(mains) + 1)), "gaps in M-01.."
    kinds = [
        "dated" if scheduled_date(rules, ev) else ("manual" if ev.manual else "condition")
        for _, _, ev in mains
    ]
    assert kinds == sorted(kinds, key=["dated", "condition", "manual"].index)
    dates = [d for _, _, ev in mains if (d := scheduled_date(rules, ev)) is not None]
    assert dates == sorted(dates), "the timeline's injects are numbered in date order"


def test_contingencies_point_at_existing_manual_alternates(rules: Ruleset) -> None:
    alternates = contingency_targets(rules)
    assert len(alternates) >= 2
    for alternate, base in alternates.items():
        assert alternate in rules.events, f"{base} falls back on a missing inject {alternate}"
        alt, main = rules.events[alternate], rules.events[base]
        assert alt.manual, f"{alternate} would also fire on its own"
        assert number(alt.msel) == (number(main.msel)[0], "A"), (alt.msel, main.msel)


def test_control_holds_manual_injects_some_of_them_private(rules: Ruleset) -> None:
    alternates = contingency_targets(rules)
    cards = {eid: ev for eid, ev in rules.events.items() if ev.manual and eid not in alternates}
    assert 6 <= len(cards) <= 10
    for eid, ev in cards.items():
        assert ev.trigger.turn is None and ev.trigger.date is None and ev.trigger.when is None
        assert ev.text and ev.effects, eid
    private = [ev for ev in rules.events.values() if ev.visibility == "private"]
    assert private and all(ev.audience for ev in private), "a private inject needs an audience"
    for ev in rules.events.values():
        assert set(ev.audience) <= set(rules.manifest.seats)


def test_the_guide_lists_exactly_the_scenarios_injects(rules: Ruleset) -> None:
    expected = sorted(
        ((ev.msel, eid, ev.title) for eid, ev in rules.events.items()),
        key=lambda row: number(row[0]),
    )
    assert doc_rows() == expected


def test_every_inject_the_guide_names_exists(rules: Ruleset) -> None:
    known = {ev.msel for ev in rules.events.values()}
    named = {m.group(0) for m in NUMBER.finditer(DOC.read_text(encoding="utf-8"))}
    assert named <= known, sorted(named - known)


def test_arguments_need_a_control_cell_and_every_seat_has_one(rules: Ruleset) -> None:
    matrix = rules.manifest.matrix
    assert matrix.enabled and matrix.adjudication == "control"
    assert 8 <= len(rules.arguments) <= 12
    for seat in rules.manifest.seats:
        assert any(not a.actors or seat in a.actors for a in rules.arguments.values()), seat
    # Without a Control cell (bots, simulations, OpenSpiel) no argument is ever offered.
    bots_only, seminar = new_game(rules, seed=1), new_game(rules, seed=1, control=True)
    for seat in rules.manifest.seats:
        assert open_arguments(bots_only, seat) == []
        assert open_arguments(seminar, seat)
