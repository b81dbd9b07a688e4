"""The fixed action tables of a scenario for OpenSpiel, and the bounds of a game's length.

OpenSpiel numbers actions: every decision a seat could ever face and every
chance outcome gets a fixed id for a ruleset, so the same id means the same
action in every state of every game. These are pure functions of a ruleset
(no pyspiel): the adapter in game.integrations.openspiel builds on them.
"""

from __future__ import annotations

import attrs

from game.ruleset import effects as fx
from game.ruleset.model import Ruleset

__all__ = ["action_tables", "length_bounds"]


# -- the fixed action tables -----------------------------------------------------------------
def _option_keys(rules: Ruleset) -> set[str]:
    """Every option key a `choose` effect or a card's options may offer, anywhere in the rules."""
    keys: set[str] = set()
    seen: set[int] = set()

    def walk(obj: object) -> None:
        if id(obj) in seen or isinstance(obj, (str, bytes, int, float, bool, type(None))):
            return
        seen.add(id(obj))
        if isinstance(obj, dict):
            values = list(obj.values())
            if values and all(isinstance(v, fx.Option) for v in values):
                keys.update(obj)
            for v in values:
                walk(v)
        elif isinstance(obj, (tuple, list)):
            for v in obj:
                walk(v)
        elif attrs.has(type(obj)) and not isinstance(obj, fx.Expr):
            for a in attrs.fields(type(obj)):  # type: ignore[arg-type]
                walk(getattr(obj, a.name))

    for a in attrs.fields(Ruleset):
        if a.name != "positions":
            walk(getattr(rules, a.name))
    return keys


def action_tables(rules: Ruleset) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(every decision, every chance outcome) of the ruleset, each sorted by string form."""
    decisions = {"event", "ops", "done", "pass"}
    decisions.update(f"play {c}" for c in rules.cards)
    decisions.update(f"op {o}" for o in rules.operations)
    decisions.update(f"target {r}" for r in rules.regions)
    decisions.update(f"option {k}" for k in _option_keys(rules))
    chance = {f"{kind} {c}" for c in rules.cards for kind in ("draw", "discard")}
    for table in rules.roll_tables.values():
        chance.update(f"roll {n}" for n in range(table.dice, table.dice * table.sides + 1))
    return tuple(sorted(decisions)), tuple(sorted(chance))


# -- how long a game can be ------------------------------------------------------------------
def _amount(expr: fx.Expr, fallback: int) -> int:
    try:
        return max(0, int(expr.text.strip()))
    except ValueError:
        return fallback


def _bound(
    effects: tuple[fx.Effect, ...], rules: Ruleset, n_cards: int, rolling: tuple[str, ...] = ()
) -> tuple[int, int]:
    """(decisions, chance nodes) an effect list can cause at most: sums in sequence, maxima
    over alternatives; a draw or discard of a computed count at most every card there is."""
    dec = ch = 0
    for e in effects:
        d = c = 0
        if isinstance(e, fx.Choose):
            bs = [_bound(o.effects, rules, n_cards, rolling) for o in e.options.values()]
            d, c = 1 + max((b[0] for b in bs), default=0), max((b[1] for b in bs), default=0)
        elif isinstance(e, fx.If):
            (d1, c1), (d2, c2) = (_bound(b, rules, n_cards, rolling) for b in (e.then, e.otherwise))
            d, c = max(d1, d2), max(c1, c2)
        elif isinstance(e, fx.Roll):
            if e.table in rolling:  # a table whose outcome rolls it again: no static bound
                d, c = 100, 100
            else:
                rows = rules.roll_tables[e.table].outcomes
                bs = [_bound(o.effects, rules, n_cards, (*rolling, e.table)) for o in rows]
                d, c = max((b[0] for b in bs), default=0), 1 + max((b[1] for b in bs), default=0)
        elif isinstance(e, (fx.DrawCards, fx.DiscardCards)):
            c = _amount(e.count, n_cards)
        dec, ch = dec + d, ch + c
    return dec, ch


def length_bounds(rules: Ruleset) -> tuple[int, int]:
    """(most decisions, most chance nodes) in one game: OpenSpiel's MaxGameLength and
    MaxChanceNodesInHistory.

    Counted from the structure: per turn every seat plays a card in every round
    (choose, event or operations, then per operation point an operation, a
    target and its effects, then `done`), the end-of-turn effects, the draw up
    to the hand size; once per game every scheduled event and one-time
    threshold; repeating thresholds once per card play. It assumes each
    operation use costs at least one point unless its cost is a literal 0
    (then `per_card` uses, or 100 without a limit); the total is doubled for
    margin. A rule set can defeat any static bound (an expression cost that
    evaluates to 0, a roll table that rolls itself): the conformance test
    checks the bound on random games.
    """
    n_cards = sum(card.copies for card in rules.cards.values())

    def b(effects: tuple[fx.Effect, ...]) -> tuple[int, int]:
        return _bound(effects, rules, n_cards)

    once = [b(th.effects) for t in rules.tracks.values() for th in t.thresholds if th.once]
    again = [b(th.effects) for t in rules.tracks.values() for th in t.thresholds if not th.once]
    rep_d, rep_c = sum(x[0] for x in again), sum(x[1] for x in again)
    ops = [(2 + b(op.effects)[0], b(op.effects)[1]) for op in rules.operations.values()]
    op_d, op_c = max((x[0] for x in ops), default=0), max((x[1] for x in ops), default=0)
    # Uses of an operation whose cost is a literal 0 do not spend points: count them apart.
    free = [
        (op.per_card or 100, d, c)
        for op, (d, c) in zip(rules.operations.values(), ops, strict=True)
        if _amount(op.cost, 1) == 0
    ]
    free_d, free_c = sum(n * d for n, d, _ in free), sum(n * c for n, _, c in free)
    card_d = card_c = 0
    for card in rules.cards.values():
        ev_d, ev_c = b(card.event)
        if card.options:
            opts = [b(o.effects) for o in card.options.values()]
            ev_d += 1 + max(x[0] for x in opts)
            ev_c += max(x[1] for x in opts)
        card_d = max(card_d, ev_d, card.ops * op_d + free_d + 1)
        card_c = max(card_c, ev_c, card.ops * op_c + free_c)
    plays = len(rules.seats) * rules.manifest.action_rounds
    end_d, end_c = b(rules.manifest.turn_end)
    ev = [b(e.effects) for e in rules.events.values()]
    turns = rules.turns
    dec = turns * (plays * (2 + card_d + rep_d) + end_d + rep_d)
    dec += sum(x[0] for x in ev) + sum(x[0] for x in once)
    ch = turns * (len(rules.seats) * rules.manifest.hand_size + plays * (card_c + rep_c))
    ch += turns * (end_c + rep_c) + sum(x[1] for x in ev) + sum(x[1] for x in once)
    return 2 * max(1, dec), 2 * max(1, ch)


# -- the registered ruleset and the states' shared, immutable attributes ---------------------
