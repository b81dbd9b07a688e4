"""Field types shared by the model and the effects: references, expressions, documented fields.

The loader, the validator and the JSON Schema generator all read these markers
from the attrs classes, so a new field is declared once and checked everywhere.
"""

from __future__ import annotations

from typing import Annotated, Any

import attrs

from game.ruleset.diagnostics import Pos
from game.ruleset.expr import Expr, const_expr


@attrs.frozen
class Ref:
    """Marks a string field as the id of a definition of ``kind``.

    ``special`` lists the context words accepted too (``self``, ``target``).
    """

    kind: str
    special: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    """When set, the id may name a definition of any of these kinds, and ``kind`` is what
    the id is called in messages ('doctrine weight')."""


@attrs.frozen
class ExprOf:
    """Marks an :class:`Expr` field: ``int`` (an amount; a plain number is fine) or ``bool``."""

    type: str


@attrs.frozen
class Pattern:
    """Marks a string field that must match a regular expression."""

    regex: str
    example: str


ActorRef = Annotated[str, Ref("actor", ("self",))]
ActorId = Annotated[str, Ref("actor")]
SideId = Annotated[str, Ref("actor", ("neutral",))]
"""A card's side: an actor, or ``neutral``. Checked as a reference while the card is read,
so a wrong side is reported with the card's other mistakes, not after they are fixed."""
RegionRef = Annotated[str, Ref("region", ("target",))]
RegionId = Annotated[str, Ref("region")]
TrackId = Annotated[str, Ref("track")]
FlagId = Annotated[str, Ref("flag")]
CardId = Annotated[str, Ref("card")]
EventId = Annotated[str, Ref("event")]
RollTableId = Annotated[str, Ref("roll_table")]
WeightKey = Annotated[str, Ref("doctrine weight", any_of=("track", "objective", "flag", "region"))]
"""A doctrine weight's key. Checked as a reference while the actor is read, so a wrong key
is reported with the actor's other mistakes (a colour that is not a string), not after."""
Condition = Annotated[Expr, ExprOf("bool")]
Amount = Annotated[Expr, ExprOf("int")]
Date = Annotated[str, Pattern(r"^\d{4}-\d{2}-\d{2}$", "2020-09-27")]
Colour = Annotated[str, Pattern(r"^#[0-9a-fA-F]{6}$", "#d62728")]
Version = Annotated[str, Pattern(r"^\d+(\.\d+)*([-+][0-9A-Za-z.]+)?$", "1.0.0")]


def field(
    doc: str,
    default: Any = attrs.NOTHING,
    *,
    key: str | None = None,
    factory: Any = None,
    words: bool = False,
) -> Any:
    """An attrs field with its documentation (for the schema and the modding reference).

    ``words`` marks text a player reads (a title, a card's text, a label): it may be given
    per language in a message catalogue (game.ruleset.texts), and never changes play.
    """
    meta: dict[str, Any] = {"doc": doc}
    if key:
        meta["key"] = key
    if words:
        meta["words"] = True
    if factory is not None:
        return attrs.field(factory=factory, metadata=meta)
    return attrs.field(default=default, metadata=meta)


def const(value: int) -> Expr:
    """A literal amount used as a field default."""
    return const_expr(value, Pos("<default>"))
