"""Every bound the loader puts on rules, in one place, so the reference can list them.

A rule set that validates must play: sizes that would exhaust memory or time (a billion
copies of a card, a hand of a million, a hundred dice of a thousand sides, a file of
gigabytes, YAML nested a thousand deep) are refused where they are written, with the
limit in the message. Each bound is far above what any scenario needs.

docs/modding.md lists them, generated from LIMITS by game.ruleset.reference.
"""

from __future__ import annotations

from pathlib import Path

MAX_FILE_BYTES = 1_000_000
"""A rules file's size, checked while reading (a device or a link to one reads forever)."""
MAX_DEPTH = 40
"""YAML nesting, which bounds how deep effects nest (an `if` in a `choose` in an `if`...)."""
MAX_NODES = 200_000
"""YAML values in one file once aliases are expanded (a 'billion laughs' file)."""
MAX_EXPR_CHARS = 2000
"""Longer conditions are refused: nobody can read them, and Python's parser may recurse."""
MAX_HAND = 50
"""`hand_size`: cards each seat holds (the deal and every bot's search grow with it)."""
MAX_ROUNDS = 50
"""`action_rounds` per turn."""
MAX_COPIES = 100
"""More copies of one card than any deck needs; a billion would exhaust memory at the deal."""
MAX_DICE, MAX_SIDES, MAX_FACES = 10, 100, 200
"""Roll tables are small: the odds of every total are worked out at each roll (bots weigh
them), in time that grows with dice x sides; 2d100 or 10d20 at most."""
MAX_OPS = 20
"""A card's operation points (each point is a decision; shipped cards have 1 to 4)."""
MAX_ID_CHARS = 64
"""An id's length; ids are letters, digits and `_ . -` (see layers.ID_PATTERN)."""

LIMITS: tuple[tuple[str, str], ...] = (
    ("an id", f"ASCII letters, digits, `_`, `.` and `-`, not starting with `.` or `-`; "
     f"at most {MAX_ID_CHARS} characters (a save writes actions as text)"),
    ("a rules file", f"{MAX_FILE_BYTES:,} bytes; a regular file (not a pipe or a device)"),
    ("YAML nesting (and so effects in effects)", f"{MAX_DEPTH} levels"),
    ("values in one file", f"{MAX_NODES:,}, aliases expanded"),
    ("a condition or amount", f"{MAX_EXPR_CHARS:,} characters"),
    ("`hand_size`", f"1 to {MAX_HAND}"),
    ("`action_rounds`", f"1 to {MAX_ROUNDS}"),
    ("a card's `copies`", f"{MAX_COPIES}"),
    ("a card's `ops`", f"{MAX_OPS}"),
    ("a roll table", f"{MAX_DICE} dice of at most {MAX_SIDES} sides, and {MAX_FACES} "
     "faces (the totals it lists)"),
)  # fmt: skip
"""What the reference lists: (what is bounded, the bound in words)."""


def read_bounded(path: Path) -> bytes | None:
    """A file's bytes, or None when it is over :data:`MAX_FILE_BYTES`; never more is read,
    whatever its size says (a device, or a link to one, reads forever)."""
    with open(path, "rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    return None if len(data) > MAX_FILE_BYTES else data
