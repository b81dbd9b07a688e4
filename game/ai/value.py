"""The objective-based evaluation both lookahead bots use: how good a state is, per seat.

A seat's *standing* (in victory points) is what it has plus what it can expect:

- its VP now (less its par, when the scenario judges each actor by its margin over par);
- each of its objectives' VP times how close the objective is to holding
  (half exact, half graded by :mod:`game.ai.progress`) times how many scorings
  are left (``each_turn``: the remaining weekly scorings, discounted because
  later weeks are less certain; ``once``: until scored; ``end``: once);
- its doctrine: per weight, a track's steps from its start, an objective's
  degree, a flag, or its own influence and forces in a region.

Standings become a *share* in [0, 1] per seat, an estimate of winning: a
softmax over the seats' standings, after setting aside the chance that a
sudden-death condition ends the game first (a regional war where everyone
loses, or one actor's outright win), estimated from how close those
conditions are. Finished games use the real result (the engine's returns), so
roll-outs that reach the end and evaluations that stop early agree in scale.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from game.ai.depends import key_function
from game.ai.progress import FastEval, compile_progress
from game.engine import State
from game.engine.state import Index
from game.ruleset.effects import EndGame
from game.ruleset.model import Ruleset

TRACK_STEP = 0.5
"""VP a doctrine weight of 1 puts on one step of a track."""
OBJECTIVE = 2.0
"""VP a doctrine weight of 1 puts on an objective being fully met."""
FLAG = 2.0
"""VP a doctrine weight of 1 puts on a flag being set."""
REGION_POINT = 0.5
"""VP a doctrine weight of 1 puts on one point of own influence or forces in a region."""
DISCOUNT = 0.75
"""Each later weekly scoring counts this much less: the further away, the less certain."""
TEMPERATURE = 4.0
"""VP difference that makes one seat e times likelier to win than another."""
RIVALRY = 0.5
"""How much a rival's standing counts against a seat's own in :meth:`Evaluator.utility`."""
SUDDEN = 30.0
"""VP at stake on a sudden-death ending (an outright win or a loss for everyone)."""
MEMO_LIMIT = 400_000
"""Remembered condition values per evaluator before the memo starts afresh (bounds memory)."""
TERMINAL = 1000.0
"""Utility of a won game (and minus it for a lost one): above anything still open."""


class Evaluator:
    """Compiled once per ruleset and set of doctrines; evaluates any state of its game.

    ``doctrines`` maps seats to weights; a bot passes only its own, so it judges
    its rivals by their VP prospects alone (it cannot know how they are told to play).
    """

    def __init__(
        self,
        rules: Ruleset,
        seats: tuple[str, ...],
        doctrines: Mapping[str, Mapping[str, float]],
        temperature: float = TEMPERATURE,
    ):
        self.rules = rules
        self.seats = seats
        self.temperature = temperature
        self.objectives = tuple(rules.objectives)
        self.obj_index = {o: i for i, o in enumerate(self.objectives)}
        self.soft = [compile_progress(o.condition.text) for o in rules.objectives.values()]
        self.hard = [o.condition for o in rules.objectives.values()]
        self.obj_actor = [o.actor for o in rules.objectives.values()]
        self.obj_vp = [o.vp for o in rules.objectives.values()]
        self.obj_scoring = [o.scoring for o in rules.objectives.values()]
        # Sudden death: (degree function, kind, winner), and each one's condition text.
        ends = [c for c in rules.end_conditions.values() if c.result in ("none", "win")]
        self.ends = [(compile_progress(c.when.text), c.result, c.winner) for c in ends]
        self.end_texts = [c.when.text for c in ends]
        # A track threshold that ends the game is a sudden death too (tiny: tension 5 = war).
        for tid, track in rules.tracks.items():
            for th in track.thresholds:
                for e in th.effects:
                    if isinstance(e, EndGame) and e.result in ("none", "win"):
                        winner = e.winner if e.winner in rules.actors else None
                        if e.result == "win" and winner is None:
                            continue
                        cmp = ">=" if th.direction == "up" else "<="
                        text = f"track({tid}) {cmp} {th.at}"
                        self.ends.append((compile_progress(text), e.result, winner))
                        self.end_texts.append(text)
        self.track_start = {t: tr.start for t, tr in rules.tracks.items()}
        by_margin = rules.manifest.victory.by == "margin"
        self.par = {
            seat: float((rules.actors[seat].par or 0) if by_margin else 0) for seat in seats
        }
        """What each seat's points are measured against (its par, when victory is by margin)."""
        self.doctrine_terms: dict[str, list[tuple[str, str, float]]] = {}
        for seat in seats:
            terms = []
            for key, w in doctrines.get(seat, {}).items():
                if key in rules.tracks:
                    terms.append(("track", key, w * TRACK_STEP))
                elif key in rules.objectives:
                    terms.append(("objective", key, w * OBJECTIVE))
                elif key in rules.flags:
                    terms.append(("flag", key, w * FLAG))
                elif key in rules.regions:
                    terms.append(("region", key, w * REGION_POINT))
            self.doctrine_terms[seat] = terms
        wanted = {o for o in self.objectives if self.obj_actor[self.obj_index[o]] in seats}
        for terms in self.doctrine_terms.values():
            wanted.update(k for kind, k, _ in terms if kind == "objective")
        self.wanted = sorted(self.obj_index[o] for o in wanted)
        self._ix: Index | None = None

    # -- per-objective degrees ------------------------------------------------------------------
    def _keys_for(self, s: State) -> None:
        """Build the memo keys of the objectives and end conditions for this game's index."""
        self._ix = s.ix
        self._obj_keys = [
            key_function(o.condition.text, s.ix, o.actor) for o in self.rules.objectives.values()
        ]
        self._end_keys = [key_function(text, s.ix) for text in self.end_texts]
        self._obj_memo: list[dict[Any, float]] = [{} for _ in self._obj_keys]
        self._end_memo: list[dict[Any, float]] = [{} for _ in self._end_keys]
        self._memo_size = 0

    def _remember(self, memo: dict[Any, float], key: Any, value: float) -> None:
        if self._memo_size >= MEMO_LIMIT:
            for m in (*self._obj_memo, *self._end_memo):
                m.clear()
            self._memo_size = 0
        memo[key] = value
        self._memo_size += 1

    def degrees(self, s: State) -> dict[int, float]:
        """Objective index -> how close it is to holding (half exact, half graded).

        Memoised on exactly what each condition reads (:mod:`game.ai.depends`), so the
        values are those of a fresh evaluation."""
        if s.ix is not self._ix:
            self._keys_for(s)
        out: dict[int, float] = {}
        ev: FastEval | None = None
        keys, memos = self._obj_keys, self._obj_memo
        for i in self.wanted:
            kf = keys[i]
            k = kf(s) if kf is not None else None
            if k is not None:
                got = memos[i].get(k)
                if got is not None:
                    out[i] = got
                    continue
            if ev is None:
                ev = FastEval(s)
            ev.self_actor = self.obj_actor[i]
            hard = 1.0 if self.hard[i](ev) else 0.0
            d = out[i] = 0.5 * hard + 0.5 * self.soft[i](ev)
            if k is not None:
                self._remember(memos[i], k, d)
        return out

    def standings(self, s: State) -> dict[str, float]:
        """Each seat's expected VP plus its doctrine terms (see the module docstring)."""
        deg = self.degrees(s)
        left = max(1, s.ix.turns - s.turn + 1)
        weekly = (1 - DISCOUNT**left) / (1 - DISCOUNT)
        out = {seat: float(s.vp.get(seat, 0)) - self.par[seat] for seat in self.seats}
        for i, d in deg.items():
            actor = self.obj_actor[i]
            if actor not in out:
                continue
            kind = self.obj_scoring[i]
            if kind == "each_turn":
                mult = weekly
            elif kind == "once":
                mult = 0.0 if self.objectives[i] in s.scored else 1.0
            else:
                mult = 1.0
            out[actor] += self.obj_vp[i] * mult * d
        ix = s.ix
        for seat, terms in self.doctrine_terms.items():
            total = 0.0
            for term, key, w in terms:
                if term == "track":
                    total += w * (s.tracks[key] - self.track_start[key])
                elif term == "objective":
                    total += w * deg[self.obj_index[key]]
                elif term == "flag":
                    total += w * (key in s.flags)
                else:
                    k = ix.region_idx[key] * ix.n_actors + ix.actor_idx[seat]
                    total += w * (s.infl[k] + s.forces[k])
            out[seat] += total
        return out

    def shares(self, s: State) -> list[float]:
        """Per seat in seat order: the estimated chance of winning, in [0, 1]."""
        if s.result is not None:
            return s.returns()
        stand = self.standings(s)
        return self._shares(s, stand)

    def sudden_death(self, s: State) -> tuple[float, dict[str, float]]:
        """(chance the game ends with nobody winning, chance per actor of an outright win),
        estimated from how close each end condition is; at most 1 together."""
        none = 0.0
        wins: dict[str, float] = {}
        if self.ends:
            if s.ix is not self._ix:
                self._keys_for(s)
            ev: FastEval | None = None
            for j, (fn, kind, winner) in enumerate(self.ends):
                kf = self._end_keys[j]
                k = kf(s) if kf is not None else None
                got = self._end_memo[j].get(k) if k is not None else None
                if got is not None:
                    d = got
                else:
                    if ev is None:
                        ev = FastEval(s)
                    d = fn(ev)
                    if k is not None:
                        self._remember(self._end_memo[j], k, d)
                if d < 1e-4:
                    continue
                if kind == "none":
                    none += d
                elif winner is not None:
                    wins[winner] = wins.get(winner, 0.0) + d
        total = none + sum(wins.values())
        if total > 1.0:
            none, wins = none / total, {k: v / total for k, v in wins.items()}
        return none, wins

    def _shares(self, s: State, stand: Mapping[str, float]) -> list[float]:
        t = self.temperature
        top = max(stand.values())
        weights = [math.exp((stand[seat] - top) / t) for seat in self.seats]
        total = sum(weights)
        none, wins = self.sudden_death(s)
        rest = 1.0 - none - sum(wins.values())
        return [
            wins.get(seat, 0.0) + rest * w / total
            for seat, w in zip(self.seats, weights, strict=True)
        ]

    def utility(self, s: State, seat: str) -> float:
        """One seat's score of a state for comparing its moves (VP-like units, unbounded).

        Its own standing, minus half a smooth maximum of its rivals' (a point taken
        from the leader is worth half a point gained), plus or minus a large stake on
        the chance of a sudden end. Unlike a share it never saturates, so a bot far
        ahead or far behind still tells its moves apart.
        """
        if s.result is not None:
            share = s.returns()[self.seats.index(seat)]
            return TERMINAL * share if share > 0 else -TERMINAL
        stand = self.standings(s)
        t = self.temperature
        others = [v for k, v in stand.items() if k != seat]
        rival = 0.0
        if others:
            top = max(others)
            rival = top + t * math.log(sum(math.exp((v - top) / t) for v in others))
        none, wins = self.sudden_death(s)
        lost = none + sum(v for k, v in wins.items() if k != seat)
        return stand[seat] - RIVALRY * rival + SUDDEN * (wins.get(seat, 0.0) - lost)
