"""Lookups derived once from a ruleset and a seat order, shared by every state of a game.

States hold only numbers and ids; what a region is called, whom it borders,
which tags it carries and who counts as its home are read through an Index
built once per game (bots and batch runs build one per process).
"""

from __future__ import annotations

from typing import Any

from game.engine.actions import Action
from game.engine.digest import IdTexts
from game.ruleset.model import Ruleset


class Index:
    """Lookups derived once from a ruleset and shared by every state of a game."""

    def __init__(self, rules: Ruleset, seats: tuple[str, ...]):
        self.rules = rules
        self.seats = seats
        self.actors = tuple(rules.actors)
        self.actor_idx = {a: i for i, a in enumerate(self.actors)}
        self.n_actors = len(self.actors)
        self.regions = tuple(rules.regions)
        self.region_idx = {r: i for i, r in enumerate(self.regions)}
        self.adj = tuple(
            tuple(self.region_idx[o] for o in rules.regions[r].adjacent) for r in self.regions
        )
        self.stability = tuple(rules.regions[r].stability for r in self.regions)
        self.tags = tuple(frozenset(rules.regions[r].tags) for r in self.regions)
        control = rules.manifest.control
        self.home_weight = control.home_weight
        """How many times a region's home actor's influence counts for control."""
        self.home = tuple(self.actor_idx.get(rules.regions[r].home or "", -1) for r in self.regions)
        """Per region, the index of its home actor (-1: nobody's home)."""
        self.needs_forces = tuple(
            self.home[i] >= 0
            and bool(set(rules.regions[r].tags) & set(control.outsider_needs_forces))
            for i, r in enumerate(self.regions)
        )
        """Per region: may an outsider control it only with forces there?"""
        tagged: dict[str, list[int]] = {}
        for i, region_tags in enumerate(self.tags):
            for tag in region_tags:
                tagged.setdefault(tag, []).append(i)
        self.tagged = {tag: tuple(rs) for tag, rs in tagged.items()}
        """Region indices by tag."""
        self.draws: dict[str, Action] = {}
        self.discards: dict[str, Action] = {}
        """Card id -> the draw (discard) action of it, made once (game.engine.turn)."""
        self.plays: dict[str, Action] = {}
        self.op_actions: dict[str, Action] = {}
        self.target_actions: dict[str, Action] = {}
        """Card, operation or region id -> the action choosing it, made once: listed at
        every decision of its kind (game.engine.turn.legal_actions)."""
        self.rolls: dict[str, tuple[tuple[Action, int], ...]] = {}
        """Roll table -> its totals' actions and weights (game.engine.chance)."""
        self.target_candidates: dict[tuple[str, str], tuple[str, ...]] = {}
        """(operation, seat) -> the regions it may ever target (game.engine.targets)."""
        self.residuals: dict[tuple[str, str], Any] = {}
        """(operation, seat) -> its conditions specialised per region (game.engine.residual)."""
        self.residual_parts: dict[str, Any] = {}
        """Operation -> what game.engine.residual specialises its conditions from."""
        self.id_text = IdTexts()
        self.row_text: dict[tuple[int, ...], str] = {}
        """Each id's repr, and the text of each influence or forces row met, for the digest
        (game.engine.digest.canonical_text)."""
        self.tracks = tuple(rules.tracks)
        self.turns = len(rules.manifest.calendar)
        self.event_turn: dict[str, int] = {}
        for eid, ev in rules.events.items():
            t = ev.trigger
            if t.turn is not None:
                self.event_turn[eid] = t.turn
            elif t.date is not None:
                self.event_turn[eid] = max(1, rules.turn_of_date(t.date))
        self.auto_events = tuple(
            (eid, ev.trigger.when, self.event_turn.get(eid))
            for eid, ev in rules.events.items()
            if not ev.manual
        )
        """(event, its condition, its turn) of every event that fires by itself, in definition
        order: what game.engine.injects.fire_next_due tries at each step of the events phase."""
        self.card_window: dict[str, tuple[int, int]] = {}
        for cid, card in rules.cards.items():
            lo = card.from_turn or 1
            hi = card.until_turn or self.turns
            if card.from_date:
                lo = max(lo, rules.turn_of_date(card.from_date) or 1)
            if card.until_date:
                hi = min(hi, rules.turn_of_date(card.until_date))
            self.card_window[cid] = (lo, hi)


_INDEXES: dict[tuple[int, tuple[str, ...]], Index] = {}
"""Indexes by (ruleset identity, seats): a batch run or a search starts many games."""


def index_for(rules: Ruleset, seats: tuple[str, ...]) -> Index:
    """The Index of ``rules`` and ``seats``, built once per process and shared by every game
    of them (an Index is read-only but for caches of what the rules imply). Checked by
    identity: a new ruleset whose id() is recycled gets its own."""
    rules = rules.original or rules  # a translation plays as its original (texts.localised)
    key = (id(rules), seats)
    ix = _INDEXES.get(key)
    if ix is None or ix.rules is not rules:
        if len(_INDEXES) >= 32:
            _INDEXES.clear()
        ix = _INDEXES[key] = Index(rules, seats)
    return ix
