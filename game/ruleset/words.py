"""Rules text, generated: the typed effects and conditions of a ruleset said in plain English.

Players choose blind when a card shows only its flavour text while its effect
sits in YAML. Every screen (terminal, board, report, ``near-abroad explain``)
therefore shows words produced here from the same typed data the engine plays,
so the text cannot drift from the rules. Names come from the ruleset: an actor's
``called`` name, a region's or track's ``name``, a card's ``title``, a flag's
``title``; ids never reach a player.

The functions are pure: a ruleset and rule data in, strings out. What a
condition means *now* (which clause fails, and why) needs a state and lives in
:mod:`game.engine.reasons`. Names and conditions are said in
:mod:`game.ruleset.condition_words`; effects and whole items (a card, an objective, an
operation) here.
"""

from __future__ import annotations

from collections.abc import Sequence

from game.ruleset import effects as fx
from game.ruleset.condition_words import (
    MINUS,
    ConditionNamer,
    constant,
    humanize,
    possessive,
    sentence,
)
from game.ruleset.model import Card, Objective, Operation, Ruleset

__all__ = [
    "MINUS",
    "Namer",
    "card_rules",
    "constant",
    "event_rules",
    "event_window",
    "humanize",
    "objective_rules",
    "operation_rules",
    "possessive",
    "sentence",
]

_SCORING = {
    "each_turn": "at the end of every turn it holds",
    "end": "if it holds when the game ends",
    "once": "once, the first time it holds",
}


def _and(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


_Presence = fx.AddInfluence | fx.RemoveInfluence | fx.AddForces | fx.RemoveForces


class Namer(ConditionNamer):
    """Names for ids, and the phrases of the condition and effect languages, for one ruleset.

    ``seat`` is who ``self`` is when known (an objective's owner, the seat asking);
    without it ``self`` is "the player". Names and conditions come from
    :class:`~game.ruleset.condition_words.ConditionNamer`; effects are said here.
    """

    # -- effects -----------------------------------------------------------------------------
    def effects(self, effects: Sequence[fx.Effect]) -> list[str]:
        """The effects as sentences, in order; influence and forces for one actor are merged
        into one sentence ('Russia: +1 force and +1 influence in the Caspian Sea.')."""
        out: list[str] = []
        run: list[_Presence] = []

        def flush() -> None:
            if run:
                out.append(self._presence(run))
                run.clear()

        for e in effects:
            if isinstance(e, (fx.AddInfluence, fx.RemoveInfluence, fx.AddForces, fx.RemoveForces)):
                if run and run[0].actor != e.actor:
                    flush()
                run.append(e)
                continue
            flush()
            out.append(self.effect(e))
        flush()
        return out

    def effects_text(self, effects: Sequence[fx.Effect], empty: str = "Nothing happens.") -> str:
        lines = self.effects(effects)
        return " ".join(lines) if lines else empty

    def _presence(self, run: Sequence[_Presence]) -> str:
        by_region: dict[str, list[str]] = {}
        for e in run:
            what = "influence" if isinstance(e, (fx.AddInfluence, fx.RemoveInfluence)) else "force"
            sign = "+" if isinstance(e, (fx.AddInfluence, fx.AddForces)) else MINUS
            amount = self.amount(e.amount)
            plural = what == "force" and amount != "1"
            noun = "forces" if plural else what
            item = f"{sign}{amount} {noun}" if amount.isdigit() else f"{sign}({amount}) {noun}"
            by_region.setdefault(self.region(e.region), []).append(item)
        pieces = [f"{_and(items)} in {where}" for where, items in by_region.items()]
        return sentence(f"{self.actor(run[0].actor)}: {_and(pieces)}")

    def effect(self, e: fx.Effect) -> str:
        """One effect as one sentence."""
        if isinstance(e, (fx.AddInfluence, fx.RemoveInfluence, fx.AddForces, fx.RemoveForces)):
            return self._presence([e])
        if isinstance(e, fx.MoveTrack):
            k = constant(e.by)
            if k is not None:
                return f"{self.track(e.track)} {'+' if k >= 0 else MINUS}{abs(k)}."
            return sentence(f"{self.track(e.track)} moves by {self.amount(e.by)}")
        if isinstance(e, fx.SetTrack):
            return sentence(f"{self.track(e.track)} is set to {self.amount(e.to)}")
        if isinstance(e, fx.SetFlag):
            f = self.rules.flags.get(e.flag)
            return (
                sentence(f.text)
                if f is not None and f.text
                else sentence(f"Now {self.flag(e.flag)}")
            )
        if isinstance(e, fx.ClearFlag):
            return sentence(f"No longer {self.flag(e.flag)}")
        if isinstance(e, fx.DrawCards):
            n = self.amount(e.count)
            return sentence(f"{self.actor(e.actor)} draws {n} card{'' if n == '1' else 's'}")
        if isinstance(e, fx.DiscardCards):
            n = self.amount(e.count)
            return sentence(
                f"{self.actor(e.actor)} discards {n} card{'' if n == '1' else 's'} at random"
            )
        if isinstance(e, fx.GainVp):
            return sentence(f"{self.actor(e.actor)}: +{self.amount(e.amount)} VP")
        if isinstance(e, fx.LoseVp):
            return sentence(f"{self.actor(e.actor)}: {MINUS}{self.amount(e.amount)} VP")
        if isinstance(e, fx.Roll):
            return self._roll(e)
        if isinstance(e, fx.Choose):
            options = " ".join(self.option(o) for o in e.options.values())
            return sentence(f"{self.actor(e.chooser)} chooses one of: {options}")
        if isinstance(e, fx.If):
            then = self.effects_text(e.then)
            text = f"If {self.condition(e.condition)}: {then}"  # then is whole sentences
            if e.otherwise:
                text += f" Otherwise: {self.effects_text(e.otherwise)}"
            return text
        if isinstance(e, fx.EndGame):
            ends = {
                "win": f"{self.actor(e.winner) if e.winner else 'the named side'} wins",
                "most_vp": "the highest score wins",
                "none": "everyone loses",
            }[e.result]
            return sentence(f"The game ends at once: {ends}")
        if isinstance(e, fx.Say):
            return f"News: \u201c{e.text.strip()}\u201d"
        if isinstance(e, fx.ReturnCard):
            return sentence(f"{self.card(e.card)} goes back into the deck")
        raise TypeError(f"no rules text for the effect {type(e).__name__}")

    def option(self, o: fx.Option) -> str:
        """'“Label” (only if …): effects.' — the option's own words, then what it does."""
        label = o.text.strip().rstrip(".") or "an option"
        when = f" (only if {self.condition(o.when)})" if o.when is not None else ""
        return f"\u201c{label}\u201d{when}: {self.effects_text(o.effects)}"

    def _roll(self, e: fx.Roll) -> str:
        table = self.rules.roll_tables.get(e.table)
        if table is None:
            return sentence(f"Roll on {humanize(e.table)}")
        mod = self.amount(e.modifier)
        plus = "" if mod == "0" else f" + {mod}"
        rows = []
        for o in table.outcomes:
            span = f"{o.min}\u2013{o.max}" if o.max != o.min else str(o.min)
            rows.append(
                f"{span}: {self.effects_text(o.effects, o.text.strip() or 'nothing happens.')}"
            )
        return f"Roll {table.dice}d{table.sides}{plus}. " + " ".join(rows)


# -- whole items -------------------------------------------------------------------------------


def card_rules(rules: Ruleset, card: Card) -> list[str]:
    """What a card does, line by line: who may play its event and when, then the event."""
    n = Namer(rules)
    lines = []
    side = "Anyone's event" if card.side == "neutral" else f"{possessive(n.actor(card.side))} event"
    window = event_window(rules, card)
    points = f"{card.ops} operation point{'' if card.ops == 1 else 's'}"
    lines.append(sentence(f"{side}{', ' + window if window else ''}") + f" {points}.")
    if card.when is not None:
        lines.append(sentence(f"Only if: {n.condition(card.when)}"))
    lines.extend(event_rules(rules, card) or ["No event: operations only."])
    if card.remove_after_event and (card.event or card.options):
        lines.append("Removed from the game once its event is played.")
    return lines


def event_rules(rules: Ruleset, card: Card) -> list[str]:
    """What a card's event does, line by line (empty for a card with no event)."""
    n = Namer(rules)
    lines = []
    if card.event:
        lines.append(n.effects_text(card.event))
    if card.options:
        lines.append("The player chooses one of:")
        lines.extend("\u2022 " + n.option(o) for o in card.options.values())
    return lines


def event_window(rules: Ruleset, card: Card) -> str:
    """When a card's event may be played, from its turn and date bounds ('' for always)."""
    n = Namer(rules)
    parts = []
    if card.from_turn is not None:
        parts.append(f"from {n.turn(card.from_turn)}")
    if card.from_date is not None:
        parts.append(f"from {n.date(card.from_date)}")
    if card.until_turn is not None:
        parts.append(f"until {n.turn(card.until_turn)}")
    if card.until_date is not None:
        parts.append(f"until {n.date(card.until_date)}")
    return " ".join(parts)


def objective_rules(rules: Ruleset, objective: Objective) -> str:
    """'Needs: …. 3 VP at the end of every turn it holds.'"""
    n = Namer(rules, objective.actor)
    return (
        sentence(f"Needs: {n.condition(objective.condition)}")
        + " "
        + sentence(f"{objective.vp} VP {_SCORING[objective.scoring]}")
    )


def operation_rules(rules: Ruleset, op: Operation) -> str:
    """'Costs 1 point a use; targets a region where …; does: …'"""
    n = Namer(rules)
    base, extras = n.amount_parts(op.cost)
    unit = "point" if base == "1" else "points"
    cost = ", ".join([f"{base} operation {unit} a use", *extras])
    limit = (
        f"; at most {op.per_card} use{'' if op.per_card == 1 else 's'} per card"
        if op.per_card
        else ""
    )
    return (
        f"Costs {cost}{limit}. Targets: a region where {n.condition(op.target)}. "
        f"Each use: {n.effects_text(op.effects)}"
    )
