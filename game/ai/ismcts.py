"""Single-observer information-set MCTS (Cowling, Powley and Whitehouse, 2012).

The bot cannot see the other seats' hands, so it searches one tree over
*its own information*: every iteration deals the hidden cards at random (a
determinization of its view) and walks the tree with the actions that world
allows. Edges are keyed by (seat, action); a child's *availability* counts the
iterations in which it could have been chosen, and UCB uses it in place of the
parent's visit count, so actions that exist only in some worlds (an opponent's
card) are judged fairly. Chance (draws, dice) is sampled on the way and never
stored, so a node stands for a sequence of decisions (an open-loop tree).

The root's edges are whole *card plays* of the bot's own seat. A card play is
a chain of small decisions (card, event or operations, operation, target,
...), most of which change nothing by themselves; a tree over them would have
to grow four levels deep before two cards could be told apart. So the root
offers the best few lines of the one-ply heuristic (each first action followed
greedily to the end of the card play), the search judges them by what happens
next (the other seats' replies, the dice), and the bot plays the chosen line
over its next decisions, searching again only when chance interrupts it.
Every candidate is available in every world (the seat's own hand and the
board are known), so instead of UCB at the root each world is played once
per candidate with the same dice and roll-out choices (common random
numbers): the candidates are compared on equal terms, which takes much of
the noise out of each comparison, and the best mean share wins. Below the
root the tree is plain ISMCTS. ``lines=0`` makes the root edges single actions
with UCB (plain ISMCTS throughout).

After the tree, each iteration plays a few more actions with a cheap policy
(a truncated roll-out: whole games are 800 actions long, see rollout.py) and
scores the state with the objective-based evaluation, a share in [0, 1] per
seat; every edge on the path adds the share of the seat that chose it. Each
seat's values are normalised by the range seen in the search (as in MuZero):
late in a game a seat's share may move by thousandths between moves, which
plain UCB on [0, 1] would drown in exploration.

Budgets: ``iterations`` (deterministic for a seed), ``seconds`` (wall clock
for the whole decision, read with ``time.perf_counter`` here in the shell:
the engine never reads a clock), or both (whichever ends first).
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Mapping

from game.ai.determinize import Determinizer, determinize
from game.ai.doctrine import resolve_doctrine
from game.ai.heuristic import HeuristicBot
from game.ai.rollout import RolloutPolicy, focus_regions, random_operation, sample_chance
from game.ai.value import Evaluator
from game.engine import CHANCE, Action, State, View
from game.engine.decisions import ChooseMode, ChooseOp, ChooseTarget
from game.engine.turn import is_legal
from game.ruleset.model import Ruleset

__all__ = ["ISMCTSBot", "Node", "random_operation"]

Bounds = dict[str, tuple[float, float]]


class Node:
    """One decision sequence from the root; its stats are those of the edge into it."""

    __slots__ = ("avail", "children", "legal", "total", "visits")

    def __init__(self) -> None:
        self.children: dict[tuple[str, Action], Node] = {}
        self.legal: dict[object, list[Action]] | None = None
        """Options of the public decisions met here, by decision frame: listing operation
        targets is the dearest step of a search, and the same frame on the same path has
        the same options unless a die changed the board (checked when an option is taken)."""
        self.visits = 0
        self.total = 0.0
        """Sum of the shares of the seat that chose the edge into this node."""
        self.avail = 1


class ISMCTSBot:
    """Information-set MCTS with determinization, truncated roll-outs and an evaluation."""

    name = "ismcts"

    def __init__(
        self,
        seat: str,
        rules: Ruleset,
        seed: int = 0,
        iterations: int | None = 200,
        seconds: float | None = None,
        rollout: int = 24,
        c: float = 0.7,
        lines: int = 4,
        doctrine: str | Mapping[str, float] | None = None,
        doctrine_overrides: Mapping[str, float] | None = None,
        focus: bool = True,
    ):
        if iterations is None and seconds is None:
            raise ValueError("give ISMCTS a budget: iterations, seconds, or both")
        self.seat = seat
        self.rules = rules
        self.seed = seed
        self.rng = random.Random(seed)
        self.iterations = iterations
        self.seconds = seconds
        self.rollout = rollout
        """Actions (decisions and chance) played by the roll-out policy before evaluating."""
        self.c = c
        """UCB exploration constant (on values normalised to [0, 1])."""
        self.lines = lines
        """Candidate card plays at the root (0: single actions, plain ISMCTS)."""
        self.doctrine = resolve_doctrine(rules, seat, doctrine, doctrine_overrides)
        self.guide = HeuristicBot(seat, rules, seed=seed)
        self.guide.doctrine = self.doctrine
        # The roll-out policy aims each seat at its objectives' regions (``focus=False``:
        # uniformly random operations, as a yardstick).
        self.policy = RolloutPolicy(
            rules, focus_regions(rules, {seat: self.doctrine}) if focus else {}
        )
        self._evaluator: Evaluator | None = None
        self._plan: list[Action] = []
        self._plan_step = -1
        self._bounds: Bounds = {}
        self.last_iterations = 0
        """Iterations run for the last decision (0 when it followed its plan)."""
        self.root: list[Node] = []
        """The root edges of the last search, one per candidate (for tests and benchmarks)."""

    # -- the bot interface --------------------------------------------------------------------
    def choose(self, view: View) -> Action:
        """The action to take in ``view`` (which must be this seat's decision)."""
        if not view.legal:
            raise ValueError(f"{view.seat} has no decision to take now")
        step = getattr(view, "step", None)
        if self._plan and step == self._plan_step and self._plan[0] in view.legal:
            self._plan_step += 1
            self.last_iterations = 0
            return self._plan.pop(0)
        self._plan = []
        if len(view.legal) == 1:
            self.last_iterations = 0
            return view.legal[0]
        start = time.perf_counter()  # the time budget covers the whole decision
        candidates = self.candidates(view)
        self.search(view, candidates, start)
        # Most visits (plain UCB); with the candidates visited alike, the best mean share.
        best = max(
            range(len(candidates)),
            key=lambda i: (
                self.root[i].visits,
                self.root[i].total / max(1, self.root[i].visits),
                -i,
            ),
        )
        line = candidates[best]
        self._plan = list(line[1:])
        self._plan_step = (step if step is not None else -2) + 1
        return line[0]

    def candidates(self, view: View) -> list[tuple[Action, ...]]:
        """The root's edges: card plays, the heuristic's choice first, then the lines that
        start with the next best distinct first effects (or every action when ``lines=0``)."""
        if self.lines <= 0:
            return [(a,) for a in view.legal]
        world = determinize(view, self.rules, self.rng)
        out = [tuple(self.guide.best_line(world))]
        seen = {_signature(world, out[0])}
        for _, path in self.guide.first_steps(world, fresh=False):
            if len(out) >= self.lines:
                break
            sig = _signature(world, path)
            if sig in seen:
                continue
            seen.add(sig)
            line = tuple(self.guide.follow(world, path)[1])
            if line not in out:
                out.append(line)
        return out

    def search(
        self, view: View, candidates: list[tuple[Action, ...]], start: float | None = None
    ) -> list[Node]:
        """Run the budget's iterations over ``candidates`` for ``view``; the root edges.
        The time budget counts from ``start`` (default: now)."""
        if start is None:
            start = time.perf_counter()
        deadline = None if self.seconds is None else start + self.seconds
        self._bounds = {seat: (math.inf, -math.inf) for seat in view.hand_sizes}
        self.root = [Node() for _ in candidates]
        worlds = Determinizer(view, self.rules)
        n = 0
        while True:
            if self.iterations is not None and n >= self.iterations:
                break
            if deadline is not None and n > 0 and time.perf_counter() >= deadline:
                break
            world = worlds.sample(self.rng)
            if self.lines > 0:
                # Every candidate card play in the same world, with the same dice and the
                # same roll-out choices (common random numbers): the few candidates are then
                # compared on equal terms, which halves the noise of each comparison.
                seed = self.rng.getrandbits(64)
                for i in range(len(candidates)):
                    self.iterate(world, candidates, i, random.Random(seed))
                n += len(candidates)
            else:
                self.iterate(world, candidates, self._select_root(n), self.rng)
                n += 1
        self.last_iterations = n
        return self.root

    def evaluator(self, state: State) -> Evaluator:
        if self._evaluator is None or self._evaluator.seats != state.seats:
            self._evaluator = Evaluator(self.rules, state.seats, {self.seat: self.doctrine})
        return self._evaluator

    # -- one iteration ------------------------------------------------------------------------
    def iterate(
        self, s: State, candidates: list[tuple[Action, ...]], i: int, rng: random.Random
    ) -> None:
        """Follow root edge ``i`` in the world ``s``, then select and expand below it, roll
        out, evaluate, back up."""
        seat, bounds = self.seat, self._bounds
        node = self.root[i]
        path: list[tuple[Node, str]] = [(node, seat)]
        for a in candidates[i]:
            s = _past_chance(s, rng)
            if s.result is not None or s.current_actor() != seat or not is_legal(s, a):
                break  # chance changed the situation: the tree below takes over
            s = s.apply_unchecked(a)
        seats = s.seats
        while True:
            s = _past_chance(s, rng)
            if s.result is not None:
                break
            actor = s.current_actor()
            top = s.stack[-1]
            public = isinstance(top, PUBLIC_FRAMES)
            legal = node.legal.get(top) if public and node.legal else None
            if legal is None:
                legal = s.legal_actions()
                if public:
                    node.legal = node.legal or {}
                    node.legal[top] = legal
            if actor not in seats:  # Control (seminar play): an outside, random decision
                s = s.apply(legal[rng.randrange(len(legal))])
                continue
            assert actor is not None
            children = node.children
            untried: list[Action] = []
            chosen: Node | None = None
            chosen_action = legal[0]
            best = -math.inf
            lo, hi = bounds[actor]
            for a in legal:
                child = children.get((actor, a))
                if child is None:
                    untried.append(a)
                    continue
                child.avail += 1
                if untried:
                    continue
                ucb = _q(child, lo, hi) + self.c * math.sqrt(math.log(child.avail) / child.visits)
                if ucb > best:
                    best, chosen, chosen_action = ucb, child, a
            a = untried[rng.randrange(len(untried))] if untried else chosen_action
            if public and not _still_legal(s, a):
                # A die earlier on this path changed the board: list this world's options.
                assert node.legal is not None
                node.legal[top] = s.legal_actions()
                continue
            if untried:
                child = Node()
                children[(actor, a)] = child
                path.append((child, actor))
                s = s.apply_unchecked(a)
                break
            assert chosen is not None
            path.append((chosen, actor))
            node = chosen
            s = s.apply_unchecked(a)
        s = self.policy.play(s, self.rollout, rng)
        shares = self.evaluator(s).shares(s)
        index = {x: k for k, x in enumerate(seats)}
        for node, actor in path:
            node.visits += 1
            node.total += shares[index[actor]]
            lo, hi = bounds[actor]
            mean = node.total / node.visits
            if mean < lo or mean > hi:
                bounds[actor] = (min(lo, mean), max(hi, mean))

    def _select_root(self, n: int) -> int:
        """Plain ISMCTS at the root: untried actions first, then UCB (every root action is
        available in every world: the seat's own hand and the board are known)."""
        for i, node in enumerate(self.root):
            if node.visits == 0:
                return i
        lo, hi = self._bounds[self.seat]
        log_n = math.log(max(1, n))
        scores = [_q(node, lo, hi) + self.c * math.sqrt(log_n / node.visits) for node in self.root]
        return max(range(len(scores)), key=lambda k: (scores[k], -k))


def _signature(s: State, path: tuple[Action, ...]) -> tuple[object, ...]:
    """What a line's first effect is, whichever card pays for it: the actions after the card,
    and the card's operation points (a line spends them all)."""
    ops = [s.ix.rules.cards[a.arg].ops for a in path[:1] if a.kind == "play"]
    first = [a for a in path if a.kind != "play"][:3]
    return (*ops, *first)


def _q(node: Node, lo: float, hi: float) -> float:
    """The mean share of an edge, normalised to the range seen for its seat."""
    mean = node.total / node.visits
    return min(1.0, max(0.0, (mean - lo) / (hi - lo))) if hi > lo else 0.5


PUBLIC_FRAMES = (ChooseMode, ChooseOp, ChooseTarget)
"""Decisions whose options follow from the board alone (no hidden card): cached per node."""


def _still_legal(s: State, a: Action) -> bool:
    """Whether a cached option is legal in this world (``done`` and ``ops`` always are)."""
    return a.kind in ("done", "ops") or is_legal(s, a)


def _past_chance(s: State, rng: random.Random) -> State:
    """Resolve chance steps with the search's generator (a sample, not stored in the tree)."""
    while s.result is None and s.current_actor() == CHANCE:
        s = s.apply_unchecked(sample_chance(s, rng))
    return s
