"""Rules text, generated: every card, objective and operation said in words, never in ids.

The words come from the typed effects and conditions (game.ruleset.words) and,
for what fails now, from the state (game.engine.reasons). These tests render
every item of the shipped scenarios and of the example mod and look for ids or
condition syntax leaking through; a handful of exact sentences pin the phrasing
a player reads.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.engine import Action, ActionKind
from game.engine.start import new_game
from game.ruleset import effects as fx
from game.ruleset.expr import Expr
from game.ruleset.load import load_ruleset
from game.ruleset.model import Ruleset
from game.ruleset.words import Namer, card_rules, objective_rules, operation_rules
from tests.scenario_kit import ROOT

CAUCASUS = ROOT / "rules" / "caucasus-2020"
GEORGIA = ROOT / "rules" / "georgia-2008"
MOD = ROOT / "mods" / "turkey-at-the-table"
QUOTED = re.compile(r"\u201c[^\u201d]*\u201d|\u2018[^\u2019]*\u2019")  # authored words, kept
SYNTAX = re.compile(r"\b[a-z_]+\(\w*[,)]?|==|!=|>=|<=|[{}]|\bself\b|\bnobody\b(?! controls)")


def _rulesets() -> list[tuple[str, Ruleset]]:
    return [
        ("caucasus-2020", load_ruleset(CAUCASUS)),
        ("georgia-2008", load_ruleset(GEORGIA)),
        ("caucasus-2020 + turkey-at-the-table", load_ruleset(CAUCASUS, [MOD])),
    ]


RULESETS = _rulesets()


def raw_ids(rules: Ruleset, text: str) -> list[str]:
    """Ids a player should never read: region codes, actor ids, and any id with '_'."""
    words = set(re.findall(r"[A-Za-z0-9_]+", QUOTED.sub("", text)))
    ids: set[str] = set(rules.regions)
    ids |= {a for a, actor in rules.actors.items() if a not in actor.called.split()}
    for coll in (rules.tracks, rules.cards, rules.flags, rules.objectives, rules.events):
        ids |= {i for i in coll if "_" in i}
    return sorted(words & ids)


def every_text(rules: Ruleset) -> list[tuple[str, str]]:
    out = []
    for cid, card in rules.cards.items():
        out.append((f"card {cid}", "\n".join(card_rules(rules, card))))
    for oid, obj in rules.objectives.items():
        out.append((f"objective {oid}", objective_rules(rules, obj)))
    for op_id, op in rules.operations.items():
        out.append((f"operation {op_id}", operation_rules(rules, op)))
    return out


@pytest.mark.parametrize(("name", "rules"), RULESETS, ids=[n for n, _ in RULESETS])
def test_every_card_objective_and_operation_is_said_in_names(name: str, rules: Ruleset) -> None:
    bad = []
    for where, text in every_text(rules):
        assert text.strip(), where
        leaks = raw_ids(rules, text)
        syntax = SYNTAX.findall(QUOTED.sub("", text))
        if leaks or syntax:
            bad.append(f"{where}: ids {leaks} syntax {syntax}\n    {text}")
    assert not bad, f"{name}: {len(bad)} texts leak ids or syntax:\n" + "\n".join(bad[:10])


def test_every_effect_kind_has_words() -> None:
    rules = RULESETS[0][1]
    n = Namer(rules, "russia")
    one = Expr("1", None)  # type: ignore[arg-type]
    samples: dict[type, object] = {
        fx.AddInfluence: fx.AddInfluence(actor="russia", region="STK", amount=one),
        fx.RemoveInfluence: fx.RemoveInfluence(actor="russia", region="STK", amount=one),
        fx.AddForces: fx.AddForces(actor="russia", region="STK", amount=one),
        fx.RemoveForces: fx.RemoveForces(actor="russia", region="STK", amount=one),
        fx.MoveTrack: fx.MoveTrack(track="escalation", by=Expr("-2", None)),  # type: ignore[arg-type]
        fx.SetTrack: fx.SetTrack(track="escalation", to=Expr("3", None)),  # type: ignore[arg-type]
        fx.SetFlag: fx.SetFlag(flag="ceasefire_signed"),
        fx.ClearFlag: fx.ClearFlag(flag="ceasefire_signed"),
        fx.DrawCards: fx.DrawCards(actor="self", count=Expr("2", None)),  # type: ignore[arg-type]
        fx.DiscardCards: fx.DiscardCards(actor="self", count=one),
        fx.GainVp: fx.GainVp(actor="turkey", amount=Expr("2", None)),  # type: ignore[arg-type]
        fx.LoseVp: fx.LoseVp(actor="turkey", amount=one),
        fx.Roll: fx.Roll(table=next(iter(rules.roll_tables)), modifier=Expr("ops", None)),  # type: ignore[arg-type]
        fx.Choose: fx.Choose(options={"a": fx.Option(text="Hold", effects=())}),
        fx.If: fx.If(condition=Expr("flag(drone_war)", None), then=(fx.SetFlag(flag="war_begun"),)),  # type: ignore[arg-type]
        fx.EndGame: fx.EndGame(result="win", winner="russia"),
        fx.Say: fx.Say(text="Snow closes the passes."),
        fx.ReturnCard: fx.ReturnCard(card=next(iter(rules.cards))),
    }
    assert set(samples) == set(fx.EFFECTS.values()), "a new effect kind needs a sample here"
    for cls, effect in samples.items():
        text = n.effect(effect)  # type: ignore[arg-type]
        assert text and not raw_ids(rules, text), (cls.__name__, text)


def test_the_caspian_flotilla_reads_as_its_effects() -> None:
    rules = RULESETS[0][1]
    lines = card_rules(rules, rules.cards["caspian_flotilla"])
    assert lines[0] == "Russia\u2019s event. 2 operation points."
    assert lines[1] == "Russia: +1 force and +1 influence in Caspian Sea. Energy security \u20131."


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        ("not flag(ceasefire_signed)", "no signed ceasefire"),
        ("flag(ceasefire_signed) and track(minsk_group) <= 3",
         "a signed ceasefire and Minsk Group relevance is at most 3"),
        ("forces(russia, STK) > 0", "Russia has forces in Stepanakert / Khankendi"),
        ("influence(iran, YER) >= 2", "Iran has at least 2 influence in Yerevan-Ararat"),
        ("not (controls(turkey, NAK) or present(west, TBI))",
         "Turkey does not control Nakhchivan (exclave) and the West is not present in "
         "Tbilisi-Eastern Georgia"),
        ("turn >= 4", "from Week 4 on"),
        ("controlled(azerbaijan, district) >= 3",
         "Azerbaijan controls at least 3 district regions"),
        ("3 < track(escalation)", "Escalation is above 3"),
        ("controller(SHU) != armenia", "Armenia does not control Shusha / Shushi"),
        ("self == russia and has_tag(target, energy)",
         "the player is Russia and the target is an energy region"),
    ],
)  # fmt: skip
def test_conditions_read_as_english(condition: str, words: str) -> None:
    assert Namer(RULESETS[0][1]).condition(condition) == words


def test_a_cost_with_bonuses_is_a_base_and_its_conditions() -> None:
    rules = RULESETS[0][1]
    text = operation_rules(rules, rules.operations["deploy"])
    assert text.startswith(
        "Costs 1 operation point a use, +1 if the target is a battleground region, "
        "+1 if the player has at least 3 forces in the target."
    ), text


# -- why not, against the state ------------------------------------------------------------


def _dealt(seed: int = 5):  # type: ignore[no-untyped-def]
    s = new_game(RULESETS[0][1], seed=seed)
    while s.current_actor() == "chance":
        s = s.advance_chance()
    return s


def test_a_refused_target_names_the_failing_clause_and_how_it_stands() -> None:
    s = _dealt()
    seat = s.current_actor()
    card = next(c for c in s.hands[seat] if s.rules.cards[c].ops >= 1)
    s = s.apply(Action(ActionKind.PLAY, card))
    if Action(ActionKind.OPS) in s.legal_actions():
        s = s.apply(Action(ActionKind.OPS))
    s = s.apply(Action(ActionKind.OP, "deploy"))
    refused = {r.action.arg: r.reason for r in s.view_for(seat).decision.refused}
    # Baku is Azerbaijan's: Russia has no forces there and does not control it
    assert refused["BAK"] == (
        "Baku-Absheron cannot be a target of \u2018Deploy forces\u2019: only if Russia has "
        "forces in the target \u2014 it has none or Russia controls the target \u2014 "
        "Azerbaijan controls it"
    ), refused["BAK"]
    assert "sea" not in refused.get("MOS", "")  # Moscow: a box region, said as such
    assert refused["MOS"].endswith("only if the target is not a box region")


def test_objectives_say_what_they_miss_and_hands_say_why_an_event_is_closed() -> None:
    s = _dealt()
    view = s.view_for("russia")
    status = {o.id: o for o in view.objectives}
    assert status["ru_mediator"].missing == "a signed trilateral statement \u2014 not yet"
    assert status["ru_no_nato"].holds and status["ru_no_nato"].missing == ""
    for cid, why in view.event_notes.items():
        side = s.rules.cards[cid].side
        assert side not in ("neutral", "russia") or "only if" in why or "from" in why, (cid, why)
        assert not raw_ids(s.rules, why), why
    other = [c for c in view.hand if s.rules.cards[c].side not in ("neutral", "russia")]
    for cid in other:
        name = Namer(s.rules).actor(s.rules.cards[cid].side)
        assert view.event_notes[cid] == (
            f"it is {name}\u2019s event; Russia may use only its operation points"
        )


def test_a_closed_option_is_refused_with_its_condition(tmp_path: Path) -> None:
    """'A plea to Moscow': asking for troops needs the treaty appeal or an attack on Armenia."""
    rules = RULESETS[0][1]
    s = _dealt()
    while s.current_actor() != "armenia":
        s = s.apply(s.legal_actions()[0])
        while s.current_actor() == "chance":
            s = s.advance_chance()
    hands = dict(s.hands)
    hands["armenia"] = ("plea_to_moscow", *hands["armenia"][1:])
    s = s.with_changes(hands=hands)
    s = s.apply(Action(ActionKind.PLAY, "plea_to_moscow")).apply(Action(ActionKind.EVENT))
    refused = {r.action.arg: r.reason for r in s.view_for("armenia").decision.refused}
    assert set(refused) == {"troops"}, refused
    (closed,) = s.view_for("armenia").decision.refused
    assert closed.label.startswith("Ask for troops")  # the option's words, for a greyed button
    assert refused["troops"].startswith("\u201cAsk for troops")
    assert "only if an Armenian appeal to the 1997 treaty \u2014 not yet" in refused["troops"]
    assert rules.cards["plea_to_moscow"].options["troops"].when is not None
