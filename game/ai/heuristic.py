"""The heuristic bot: a one-ply look-ahead over a card play, scored by objectives and doctrine.

A card play is a chain of small decisions (card, event or operations, an
operation, its target, again while points last). Most of them change nothing
on the board by themselves ("play", "ops", "op"), so a literal one-ply search
would see no difference between them. The bot therefore values such a
*preparatory* action by the best action it opens up, and a board-changing one
("event", "target", "option") by the state after it, with dice resolved by
expectation over the rows of their roll table and draws sampled.

For the few best first actions it then follows the whole card play greedily
(each next step the best one-ply step) and keeps the line with the best end
state. It remembers that line and plays it out over its next decisions while
nothing unexpected (a die roll, another seat) has happened in between, so a
whole card play costs about one search.

It sees only its view: the hidden cards of the other seats are dealt at random
once per search (they matter only for the draws that an event may cause).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from game.ai.determinize import determinize
from game.ai.doctrine import resolve_doctrine
from game.ai.value import Evaluator
from game.engine import Action, State, View
from game.engine.chance import roll_row
from game.engine.decisions import ChanceRoll, ChooseOp, ChooseTarget
from game.ruleset.model import Ruleset

PREPARATORY = frozenset({"play", "ops", "op"})
"""Action kinds that only open the next decision of the same card play."""


class HeuristicBot:
    """Plays the best line of its card play by :meth:`Evaluator.utility` under its doctrine."""

    name = "heuristic"

    def __init__(
        self,
        seat: str,
        rules: Ruleset,
        seed: int = 0,
        doctrine: str | Mapping[str, float] | None = None,
        doctrine_overrides: Mapping[str, float] | None = None,
        lines: int = 3,
        max_depth: int = 12,
    ):
        self.seat = seat
        self.rules = rules
        self.seed = seed
        self.rng = random.Random(seed)
        self.doctrine = resolve_doctrine(rules, seat, doctrine, doctrine_overrides)
        self.lines = max(1, lines)
        """How many best first actions are followed to the end of the card play."""
        self.max_depth = max_depth
        self._evaluator: Evaluator | None = None
        self._plan: list[Action] = []
        self._plan_step = -1
        self._memo: dict[Any, float] = {}
        self._kids: dict[tuple[int, Action], tuple[State, State]] = {}
        """(id of a position, action) -> (the position, the one after): one search reaches
        the same positions by several ways (values, then the lines followed)."""
        self._settled: dict[tuple[int, int], tuple[State, float]] = {}
        """(id of a position, depth) -> (the position, its settled value)."""
        self._roll_rows: dict[tuple[str, int], list[tuple[Action, float]]] = {}
        """(roll table, modifier) -> its rows' representative rolls and chances."""

    def _fresh(self) -> None:
        """A new search: forget the last one's positions and values."""
        self._memo = {}
        self._kids = {}
        self._settled = {}

    def _after(self, s: State, a: Action) -> State:
        """``s`` after ``a``, one of its options or chance outcomes (checked when listed),
        made once per search."""
        key = (id(s), a)
        hit = self._kids.get(key)
        if hit is not None and hit[0] is s:
            return hit[1]
        nxt = s.apply_unchecked(a)
        self._kids[key] = (s, nxt)
        return nxt

    # -- the bot interface --------------------------------------------------------------------
    def choose(self, view: View) -> Action:
        """The action to take in ``view`` (which must be this seat's decision)."""
        if not view.legal:
            raise ValueError(f"{view.seat} has no decision to take now")
        step = getattr(view, "step", None)
        if self._plan and step == self._plan_step and self._plan[0] in view.legal:
            action = self._plan.pop(0)
            self._plan_step = step + 1
            return action
        self._plan = []
        if len(view.legal) == 1:
            return view.legal[0]
        state = determinize(view, self.rules, self.rng)
        line = self.best_line(state)
        self._plan = line[1:]
        self._plan_step = state.step + 1
        return line[0]

    def evaluator(self, state: State) -> Evaluator:
        if self._evaluator is None or self._evaluator.seats != state.seats:
            self._evaluator = Evaluator(self.rules, state.seats, {self.seat: self.doctrine})
        return self._evaluator

    # -- search -------------------------------------------------------------------------------
    def action_values(self, state: State) -> list[float]:
        """The one-ply value of every legal action of ``state``, in ``legal_actions()`` order."""
        self._fresh()
        return [self.action_value(state, a, 0) for a in state.legal_actions()]

    def best_line(self, state: State) -> list[Action]:
        """The best first action and the greedy rest of the card play after it."""
        legal = state.legal_actions()
        # The root's degrees first: every position the search values is made from it by a
        # few steps, and each is then valued from its parent's (game.ai.value, _board).
        self.evaluator(state).degrees(state)
        values = self.action_values(state)
        # Ties go to spending points rather than giving them up (a saturated degree can
        # make a last influence point look worthless, never harmful).
        scored = sorted(
            ((v, i, a) for i, (v, a) in enumerate(zip(values, legal, strict=True))),
            key=lambda t: (-t[0], t[2].kind == "done", t[1]),
        )
        best: tuple[float, int, list[Action]] | None = None
        for _, i, a in scored[: self.lines]:
            value, line = self.follow(state, a)
            if best is None or value > best[0]:
                best = (value, i, line)
        assert best is not None
        return best[2]

    def first_steps(
        self, state: State, fresh: bool = True
    ) -> list[tuple[float, tuple[Action, ...]]]:
        """Every way to the first board-changing action of the card play (``play c``,
        ``ops``, ``op o``, ``target r``; or ``event``; or ``done``), with its one-ply value,
        best first. Paths through cards with the same operation points share one search.

        ``fresh=False`` keeps the positions and settled values of the last search
        (``best_line`` of the same ``state``): a position after an action, and its settled
        value at a depth, are the same whichever search asks (chance is drawn from the
        position's own seed), so the second search reuses what the first made instead of
        making it again (ISMCTS asks for both to pick its candidate lines). The memo of
        preparatory steps, keyed without the depth, is shared too, as it already was between
        the parts of one search; checked on 104 positions of both scenarios and in
        ``test_candidate_lines_are_those_of_two_separate_searches``: the same lines."""
        if fresh:
            self._fresh()
        self.evaluator(state).degrees(state)  # see best_line
        leaf_memo: dict[Any, list[tuple[float, tuple[Action, ...]]]] = {}

        def walk(s: State, depth: int) -> list[tuple[float, tuple[Action, ...]]]:
            out: list[tuple[float, tuple[Action, ...]]] = []
            for b in s.legal_actions():
                s1 = self._after(s, b)
                if (
                    b.kind in PREPARATORY
                    and s1.current_actor() == self.seat
                    and depth < self.max_depth
                ):
                    key = _memo_key(s1)
                    sub = leaf_memo.get(key) if key is not None else None
                    if sub is None:
                        sub = walk(s1, depth + 1)
                        if key is not None:
                            leaf_memo[key] = sub
                    out += [(v, (b, *path)) for v, path in sub]
                else:
                    out.append((self.settle(s1, depth), (b,)))
            return out

        leaves = walk(state, 0)
        leaves.sort(key=lambda t: (-t[0], t[1][-1].kind == "done"))
        return leaves

    def follow(
        self, state: State, first: Action | tuple[Action, ...]
    ) -> tuple[float, list[Action]]:
        """Play ``first`` (an action or a path) and then the best one-ply step while the card
        play is ours; the value at the end and the whole line."""
        line = [first] if isinstance(first, Action) else list(first)
        s = state
        for a in line:
            s = self._after(s, a) if a in s.legal_actions() else s.apply(a)
        for _ in range(self.max_depth):
            if s.result is not None or s.current_actor() != self.seat:
                break
            legal = s.legal_actions()
            ranks = [(self.action_value(s, a, 0), a.kind != "done") for a in legal]
            b = legal[max(range(len(legal)), key=ranks.__getitem__)]
            line.append(b)
            s = self._after(s, b)
        return self.settle(s, 0), line

    def action_value(self, s: State, a: Action, depth: int) -> float:
        """The one-ply value of ``a``: what it opens up, or the state it leads to."""
        s1 = self._after(s, a)
        if a.kind in PREPARATORY and s1.current_actor() == self.seat and depth < self.max_depth:
            key = _memo_key(s1)
            if key is not None and key in self._memo:
                return self._memo[key]
            value = max(self.action_value(s1, b, depth + 1) for b in s1.legal_actions())
            if key is not None:
                self._memo[key] = value
            return value
        return self.settle(s1, depth)

    def settle(self, s: State, depth: int) -> float:
        """Value of ``s`` once chance has spoken: rolls by expectation, draws sampled."""
        key = (id(s), depth)
        hit = self._settled.get(key)
        if hit is not None and hit[0] is s:
            return hit[1]
        value = self._settle(s, depth)
        self._settled[key] = (s, value)
        return value

    def _rows(self, s: State, top: ChanceRoll) -> list[tuple[Action, float]]:
        """:func:`roll_rows`, worked out once per table and modifier (they depend on nothing
        else: a table's totals and rows are fixed by the rules this bot plays)."""
        key = (top.table, top.modifier)
        rows = self._roll_rows.get(key)
        if rows is None:
            rows = self._roll_rows[key] = roll_rows(s, top)
        return rows

    def _settle(self, s: State, depth: int) -> float:
        if s.result is None and s.is_chance_node() and depth < self.max_depth:
            top = s.stack[-1]
            if isinstance(top, ChanceRoll):
                return sum(
                    p * self.settle(self._after(s, a), depth + 1) for a, p in self._rows(s, top)
                )
            dealt, made = s.draw_cards(self.max_depth - depth)  # draws as sampled, at once
            if made:
                return self.settle(dealt, depth + made)
            return self.settle(self._after(s, s.sample_chance()), depth + 1)
        if (
            s.result is None
            and s.current_actor() == self.seat
            and depth < 2
            and not isinstance(s.stack[-1], (ChooseOp, ChooseTarget))
        ):
            # A choice the last action opened (which rival loses influence): take the best.
            return max(self.action_value(s, b, depth + 1) for b in s.legal_actions())
        return self.evaluator(s).utility(s, self.seat)


def roll_rows(s: State, top: ChanceRoll) -> list[tuple[Action, float]]:
    """One representative roll per row of the table that the dice can reach, with its chance.

    Every total in a row has the same effects, so a row needs evaluating once.
    """
    table = s.ix.rules.roll_tables[top.table]
    rows: dict[int, tuple[Action, float]] = {}
    for a, p in s.chance_outcomes():
        row = roll_row(table, int(a.arg) + top.modifier)
        rep, q = rows.get(row, (a, 0.0))
        rows[row] = (rep, q + p)
    return list(rows.values())


def _memo_key(s: State) -> Any:
    """A key for operation decisions that ignores which card paid for them (same board, same
    points left: same best use), so cards with equal operation points share one search."""
    top = s.stack[-1] if s.stack else None
    if isinstance(top, ChooseOp):
        frame: tuple[Any, ...] = ("op", top.points, top.ops, top.uses)
    elif isinstance(top, ChooseTarget):
        frame = ("target", top.op, top.points, top.ops, top.uses)
    else:
        return None
    return (frame, len(s.stack), tuple(s.infl), tuple(s.forces), tuple(s.tracks.values()), s.flags)
