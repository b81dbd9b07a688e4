"""The rules machine: pure functions of a ruleset, a state and an action.

No I/O, no clock, no global random, no pygame: everything the engine needs is
in the Ruleset and the State, so games replay exactly and bots copy states
freely.
"""

from game.engine.actions import (
    CHANCE,
    CONTROL,
    OBSERVER,
    Action,
    ActionError,
    ActionKind,
    ActionSyntaxError,
    IllegalAction,
    RulesLoop,
    parse_action,
)
from game.engine.events import LogEntry, LogKind
from game.engine.outcome import Result, Standing, Termination
from game.engine.start import new_game
from game.engine.state import State
from game.engine.views import View, view_for

__all__ = [
    "CHANCE",
    "CONTROL",
    "OBSERVER",
    "Action",
    "ActionError",
    "ActionKind",
    "ActionSyntaxError",
    "IllegalAction",
    "LogEntry",
    "LogKind",
    "Result",
    "RulesLoop",
    "Standing",
    "State",
    "Termination",
    "View",
    "new_game",
    "parse_action",
    "view_for",
]
