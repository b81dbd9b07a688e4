"""Naming bots on the command line: ``--bot SEAT[=KIND[:DOCTRINE]]`` and ``--bots KIND``.

One parser for `play`, `simulate` and `experiment`, so a misspelt seat, kind or
doctrine gets the same clear message (with a did-you-mean) everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from game.ai.registry import KINDS, check_bot
from game.cli_rules import UsageError
from game.ruleset.diagnostics import did_you_mean
from game.ruleset.model import Ruleset

BOT_HELP = (
    "KIND is random, heuristic or ismcts; heuristic and ismcts may add a doctrine of the "
    "actor's (e.g. russia=heuristic:defensive)"
)
HUMAN = "human"
"""``--bot SEAT=human`` keeps a seat for a person (over ``--bots``)."""


def bot_choices(
    rules: Ruleset,
    items: Iterable[str],
    everyone: str | None = None,
    default: str = "heuristic",
    humans: bool = False,
) -> dict[str, str]:
    """Seat -> bot spec from ``--bot SEAT[=KIND[:DOCTRINE]]`` items (KIND defaults to
    ``default``, the heuristic bot), over ``everyone`` for every seat when given. With
    ``humans`` (play), ``SEAT=human`` keeps a seat for a person. Raises UsageError."""
    seats = list(rules.manifest.seats)
    out: dict[str, str] = {}
    if everyone is not None:
        for seat in seats:
            out[seat] = _checked(rules, seat, everyone, f"--bots {everyone}")
    for item in items:
        seat, sep, spec = item.partition("=")
        if seat not in seats:
            hint = did_you_mean(seat, seats) or f"seats are: {', '.join(seats)}"
            raise UsageError(f"--bot {item}: '{seat}' is not a seat of {rules.id}; {hint}")
        if humans and sep and spec == HUMAN:
            out.pop(seat, None)
            continue
        out[seat] = _checked(rules, seat, spec if sep else default, f"--bot {item}")
    return out


def _checked(rules: Ruleset, seat: str, spec: str, where: str) -> str:
    try:
        return check_bot(spec, seat, rules)
    except ValueError as exc:
        raise UsageError(f"{where}: {exc}") from None


def kinds_text() -> str:
    return ", ".join(KINDS)
