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

from game.ai.depends import REST, key_function, reads_of, rest_of
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
BOARDS_LIMIT = 4096
"""Positions whose degrees an evaluator keeps to value their children from (bounds memory)."""
TERMINAL = 1000.0


class Board:
    """A valued position (Evaluator._board): its influence and forces tables, its other fields
    conditions read, the degree of each wanted objective and of each end condition, and what
    was worked out from them (the sudden-death chances; each seat's utility, with the fields
    it was worked out from)."""

    __slots__ = ("deg", "ends", "forces", "infl", "rest", "sudden", "util")

    def __init__(self, infl: Any, forces: Any, rest: tuple[Any, ...], deg: dict[int, float],
                 ends: list[float]):  # fmt: skip
        self.infl, self.forces, self.rest, self.deg, self.ends = infl, forces, rest, deg, ends
        self.sudden: tuple[float, dict[str, float]] | None = None
        self.util: dict[str, tuple[tuple[Any, ...], float]] = {}


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
        # What each wanted objective and each end condition reads (objective i is item i;
        # end condition j is item len(objectives) + j): a position made from a valued one
        # by a step works out again only the items that read what the step changed.
        n_obj = len(self._obj_keys)
        items = [(i, self.rules.objectives[self.objectives[i]].condition.text, self.obj_actor[i])
                 for i in self.wanted]  # fmt: skip
        items += [(n_obj + j, text, None) for j, text in enumerate(self.end_texts)]
        by_region: list[set[int]] = [set() for _ in s.ix.regions]
        by_field: list[set[int]] = [set() for _ in REST]
        by_track: dict[str, set[int]] = {}
        by_flag: dict[str, set[int]] = {}
        always: set[int] = set()
        for item, text, actor in items:
            reads = reads_of(text, s.ix, actor)
            if reads is None:
                always.add(item)
                continue
            for r in reads.regions:
                by_region[r].add(item)
            for f in reads.fields:
                by_field[REST.index(f)].add(item)
            for k in reads.tracks:
                by_track.setdefault(k, set()).add(item)
            for k in reads.flags:
                by_flag.setdefault(k, set()).add(item)
        self._by_region = [frozenset(x) for x in by_region]
        self._by_field = [frozenset(x) for x in by_field]
        self._by_track = {k: frozenset(x) for k, x in by_track.items()}
        self._by_flag = {k: frozenset(x) for k, x in by_flag.items()}
        self._always = frozenset(always)
        self._terms = [
            (seat, [(i, self.obj_scoring[i] == "each_turn", self.obj_vp[i],
                     self.objectives[i] if self.obj_scoring[i] == "once" else None)
                    for i in self.wanted if self.obj_actor[i] == seat])
            for seat in self.seats
        ]  # fmt: skip
        """Per seat, its wanted objectives in order: (index, whether it scores every turn, VP,
        its id if it scores once) -- what _standings reads of each."""
        self._doctrine_items = [(k, v) for k, v in self.doctrine_terms.items() if v]
        """The seats with doctrine terms (a bot's own), and their terms."""
        self._boards: dict[tuple[int, int], Board] = {}
        """Valued positions by (id of influence table, id of forces table): see _board."""

    def _remember(self, memo: dict[Any, float], key: Any, value: float) -> None:
        if self._memo_size >= MEMO_LIMIT:
            for m in (*self._obj_memo, *self._end_memo):
                m.clear()
            self._memo_size = 0
        memo[key] = value
        self._memo_size += 1

    def _degree(self, i: int, s: State, ev: list[FastEval]) -> float:
        """Objective ``i``'s degree in ``s`` (half exact, half graded), memoised on what its
        condition reads; ``ev`` holds the evaluation context once made."""
        kf = self._obj_keys[i]
        k = kf(s) if kf is not None else None
        if k is not None:
            got = self._obj_memo[i].get(k)
            if got is not None:
                return got
        if not ev:
            ev.append(FastEval(s))
        e = ev[0]
        e.self_actor = self.obj_actor[i]
        hard = 1.0 if self.hard[i](e) else 0.0
        d = 0.5 * hard + 0.5 * self.soft[i](e)
        if k is not None:
            self._remember(self._obj_memo[i], k, d)
        return d

    def _end_degree(self, j: int, s: State, ev: list[FastEval]) -> float:
        """How close end condition ``j`` is to holding in ``s``, memoised like _degree."""
        kf = self._end_keys[j]
        k = kf(s) if kf is not None else None
        if k is not None:
            got = self._end_memo[j].get(k)
            if got is not None:
                return got
        if not ev:
            ev.append(FastEval(s))
        d: float = self.ends[j][0](ev[0])
        if k is not None:
            self._remember(self._end_memo[j], k, d)
        return d

    def _board(self, s: State) -> Board:
        """(``s``'s influence and forces tables, its other fields conditions read, the degree
        of each wanted objective, of each end condition). A position with the same tables as
        one valued before, or made by a step from one, takes that one's degrees and works out
        again only those whose inputs differ (the step's changed regions, fields that differ):
        the same values as working out all, at a fraction of the cost (issue 17)."""
        if s.ix is not self._ix:
            self._keys_for(s)
        boards = self._boards
        rest = rest_of(s)
        base = boards.get((id(s.infl), id(s.forces)))
        todo: set[int] | None = None
        if base is not None and base.infl is s.infl and base.forces is s.forces:
            todo = self._stale(base.rest, rest)
            if self._always and any(a is not b and a != b
                                    for a, b in zip(base.rest, rest, strict=True)):  # fmt: skip
                todo |= self._always  # what they read is not known: any change may move them
            if not todo:
                return base
        else:
            made = s.made_from
            base = boards.get((id(made[0]), id(made[1]))) if made is not None else None
            if made is None or base is None or not (base.infl is made[0]
                                                    and base.forces is made[1]):  # fmt: skip
                base = None
            else:
                todo = self._stale(base.rest, rest)
                for r in made[2]:
                    todo |= self._by_region[r]
        ev: list[FastEval] = []
        n_obj = len(self._obj_keys)
        if base is None or todo is None:
            deg = {i: self._degree(i, s, ev) for i in self.wanted}
            ends = [self._end_degree(j, s, ev) for j in range(len(self.ends))]
        else:
            deg, ends = dict(base.deg), list(base.ends)
            for item in todo | self._always:
                if item < n_obj:
                    deg[item] = self._degree(item, s, ev)
                else:
                    ends[item - n_obj] = self._end_degree(item - n_obj, s, ev)
        if len(boards) >= BOARDS_LIMIT:
            boards.clear()
        entry = boards[id(s.infl), id(s.forces)] = Board(s.infl, s.forces, rest, deg, ends)
        return entry

    def _stale(self, old: tuple[Any, ...], new: tuple[Any, ...]) -> set[int]:
        """The items that read a field differing between two positions' REST fields."""
        todo: set[int] = set()
        if old == new:  # compared in C, each field by identity first: the usual case
            return todo
        for j, (a, b) in enumerate(zip(old, new, strict=True)):
            if a is b or a == b:
                continue
            if j == 0:  # tracks: the items reading a track that moved
                for k, v in b.items():
                    if a.get(k) != v:
                        todo |= self._by_track.get(k, frozenset())
            elif j == 1:  # flags: the items reading a flag set or cleared
                for k in a ^ b:
                    todo |= self._by_flag.get(k, frozenset())
            else:
                todo |= self._by_field[j]
        return todo

    def degrees(self, s: State) -> dict[int, float]:
        """Objective index -> how close it is to holding (half exact, half graded).

        Memoised on exactly what each condition reads (:mod:`game.ai.depends`), and worked
        out from a parent position's where ``s`` was made from one (see _board), so the
        values are those of a fresh evaluation. The dict is shared: never change it."""
        return self._board(s).deg

    def standings(self, s: State) -> dict[str, float]:
        """Each seat's expected VP plus its doctrine terms (see the module docstring)."""
        return self._standings(s, self._board(s).deg)

    def _standings(self, s: State, deg: dict[int, float]) -> dict[str, float]:
        left = max(1, s.ix.turns - s.turn + 1)
        weekly = (1 - DISCOUNT**left) / (1 - DISCOUNT)
        vp_of, par, scored = s.vp.get, self.par, s.scored
        out = {}
        # Each seat's objectives in order: its sum adds the same terms in the same order as
        # one pass over every objective would (a float sum depends on its order). A term
        # scored once and already scored adds nothing; an "end" or "once" term counts its
        # VP once (vp * deg, as vp * 1.0 * deg).
        for seat, terms in self._terms:
            total = float(vp_of(seat, 0)) - par[seat]
            for i, each, vp, once in terms:
                if each:
                    total += vp * weekly * deg[i]
                elif once is None or once not in scored:
                    total += vp * deg[i]
            out[seat] = total
        ix = s.ix
        for seat, doctrine in self._doctrine_items:
            total = 0.0
            for term, key, w in doctrine:
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
        return self._sudden(self._board(s))

    def _sudden(self, b: Board) -> tuple[float, dict[str, float]]:
        if b.sudden is not None:
            return b.sudden
        none = 0.0
        wins: dict[str, float] = {}
        for (_, kind, winner), d in zip(self.ends, b.ends, strict=True):
            if d < 1e-4:
                continue
            if kind == "none":
                none += d
            elif winner is not None:
                wins[winner] = wins.get(winner, 0.0) + d
        total = none + sum(wins.values())
        if total > 1.0:
            none, wins = none / total, {k: v / total for k, v in wins.items()}
        b.sudden = (none, wins)
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
        b = self._board(s)
        # What a utility reads besides the board's degrees: positions of one board often
        # differ only in cards, the stack or chance's counter, and score the same.
        inputs = (s.vp, s.turn, s.scored, s.tracks, s.flags)
        hit = b.util.get(seat)
        if hit is not None and all(x is y or x == y for x, y in zip(hit[0], inputs, strict=True)):
            return hit[1]
        stand = self._standings(s, b.deg)
        t = self.temperature
        others = [v for k, v in stand.items() if k != seat]
        rival = 0.0
        if others:
            top = max(others)
            rival = top + t * math.log(sum(math.exp((v - top) / t) for v in others))
        none, wins = self._sudden(b)
        lost = none + sum(v for k, v in wins.items() if k != seat)
        value = stand[seat] - RIVALRY * rival + SUDDEN * (wins.get(seat, 0.0) - lost)
        b.util[seat] = (inputs, value)
        return value
