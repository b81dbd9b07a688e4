"""The random bot: a uniformly random legal action, seeded so games replay exactly."""

from __future__ import annotations

from game.engine import Action, View
from game.engine.state import splitmix64


class RandomBot:
    """Picks uniformly among the legal actions of its view; deterministic per seed and step."""

    name = "random"

    def __init__(self, seed: int = 0):
        self.seed = seed
        self.calls = 0

    def choose(self, view: View) -> Action:
        if not view.legal:
            raise ValueError(f"{view.seat} has no decision to take now")
        self.calls += 1
        # Matrix arguments are for people: a bot makes none unless nothing else is legal.
        options = [a for a in view.legal if a.kind != "argue"] or list(view.legal)
        return options[splitmix64(self.seed * 7919 + self.calls) % len(options)]
