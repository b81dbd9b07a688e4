"""Batch simulation: many seeded games with bots, on one core, a local pool or a Dask cluster.

Game ``i`` of a batch always uses seed ``seed + i`` and its own bots, so the
numbers depend only on the arguments, never on how many workers ran them or in
what order they finished.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from game.ai.registry import make_bot
from game.engine import State, new_game
from game.engine.indicators import read_indicators
from game.engine.status import objective_status
from game.ruleset.load import load_ruleset
from game.ruleset.model import Ruleset

BotSpec = Mapping[str, str]
"""Seat -> bot kind (``random``, ``heuristic``, ``ismcts``), optionally with a doctrine of the
actor's (``heuristic:defensive``); missing seats play ``random``."""


@attrs.frozen
class GameSummary:
    """The outcome of one simulated game."""

    seed: int
    kind: str
    winners: tuple[str, ...]
    reason: str
    vp: dict[str, int]
    steps: int
    turns: int
    sudden_death: bool
    objectives: tuple[str, ...]
    """Objectives achieved: met at the end, or scored once (for `once` objectives)."""
    margins: dict[str, int] = attrs.field(factory=dict)
    """What decided the winner: VP less par with victory by margin, else the VP."""
    indicators: dict[str, bool | int] = attrs.field(factory=dict)
    """The scenario's historical indicators read off the final state."""
    bots: dict[str, str] = attrs.field(factory=dict)
    """Seat -> the bot that played it (kind and doctrine, as given)."""


def play_out(state: State, players: Mapping[str, Any]) -> State:
    """``state`` played to the end: each seat's bot decides from its own view, chance
    comes from the state's seeded generator. The one game loop of batch runs and benchmarks."""
    while not state.is_over():
        if state.is_chance_node():
            state = state.apply(state.sample_chance())
        else:
            seat = state.current_actor()
            assert seat is not None
            state = state.apply(players[seat].choose(state.view_for(seat, with_log=False)))
    return state


def play_game(
    rules: Ruleset, seed: int, bots: BotSpec | None = None, difficulty: str = "normal"
) -> GameSummary:
    """One full game: a bot per seat, chance from the state's seeded generator."""
    state = new_game(rules, seed=seed)
    players = {
        seat: make_bot((bots or {}).get(seat, "random"), seat, rules, difficulty, seed * 1009 + i)
        for i, seat in enumerate(rules.manifest.seats)
    }
    state = play_out(state, players)
    assert state.result is not None
    return summarise_game(state, seed, {s: (bots or {}).get(s, "random") for s in players})


def summarise_game(state: State, seed: int, bots: Mapping[str, str]) -> GameSummary:
    """The summary of a finished game: result, scores, objectives and indicators."""
    assert state.result is not None
    achieved = tuple(o.id for o in objective_status(state) if o.achieved)
    return GameSummary(
        seed=seed,
        kind=state.result.kind,
        winners=state.result.winners,
        reason=state.result.reason,
        vp=state.scores(),
        steps=state.step,
        turns=state.turn,
        sudden_death=state.result.sudden_death,
        objectives=achieved,
        margins=state.margins(),
        indicators=read_indicators(state),
        bots=dict(bots),
    )


def play_random(rules: Ruleset, seed: int) -> GameSummary:
    """One game with random bots in every seat."""
    return play_game(rules, seed)


# -- running a batch ------------------------------------------------------------------------
@attrs.frozen
class Job:
    """Everything a worker needs to play one game: picklable, rules loaded by the worker."""

    scenario: str
    seed: int
    bots: dict[str, str]
    difficulty: str = "normal"
    mods: tuple[str, ...] = ()


_RULES: dict[str, Ruleset] = {}


def run_job(job: Job) -> GameSummary:
    """Play one game in a worker process (its ruleset loaded once per process)."""
    key = "|".join((job.scenario, *job.mods))
    rules = _RULES.get(key)
    if rules is None:
        rules = _RULES[key] = load_ruleset(job.scenario, job.mods)
    return play_game(rules, job.seed, job.bots, job.difficulty)


def jobs(
    scenario: str | Path,
    games: int,
    seed: int,
    bots: BotSpec | None = None,
    difficulty: str = "normal",
    mods: tuple[str, ...] = (),
) -> list[Job]:
    return [Job(str(scenario), seed + i, dict(bots or {}), difficulty, mods) for i in range(games)]


def run_local(
    todo: list[Job], workers: int = 1, progress: Callable[[int], None] | None = None
) -> list[GameSummary]:
    """Run jobs here (workers=1) or in a local process pool; results in seed order."""
    results: list[GameSummary] = []
    if workers <= 1:
        for job in todo:
            results.append(run_job(job))
            if progress:
                progress(1)
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            for summary in pool.map(run_job, todo, chunksize=max(1, len(todo) // (workers * 8))):
                results.append(summary)
                if progress:
                    progress(1)
    return sorted(results, key=lambda r: r.seed)


def run_dask(
    todo: list[Job], scheduler: str, progress: Callable[[int], None] | None = None
) -> list[GameSummary]:
    """Run jobs on a Dask distributed cluster at ``scheduler`` (tcp://host:port)."""
    from distributed import Client, as_completed

    with Client(scheduler, timeout="5s") as client:
        futures = client.map(run_job, todo, pure=False)
        results = []
        for future in as_completed(futures):
            results.append(future.result())
            if progress:
                progress(1)
    return sorted(results, key=lambda r: r.seed)


def run_batch(rules: Ruleset, games: int, seed: int) -> list[GameSummary]:
    """Random games in this process (kept for quick checks and tests)."""
    return [play_random(rules, seed + i) for i in range(games)]
