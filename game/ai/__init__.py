"""Bots: they see only a seat's view and answer with one of its legal actions.

``make_bot(kind, seat, rules, difficulty, seed, **settings)`` builds any of
them; :func:`observe` gives a bot the view it needs (see determinize.py).
"""

from game.ai.determinize import determinize, observe, state_from_view
from game.ai.heuristic import HeuristicBot
from game.ai.ismcts import ISMCTSBot
from game.ai.random_bot import RandomBot
from game.ai.registry import BUDGETS, DIFFICULTIES, KINDS, Bot, make_bot

__all__ = [
    "BUDGETS",
    "DIFFICULTIES",
    "KINDS",
    "Bot",
    "HeuristicBot",
    "ISMCTSBot",
    "RandomBot",
    "determinize",
    "make_bot",
    "observe",
    "state_from_view",
]
