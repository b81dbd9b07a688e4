"""Control's interventions as typed values, each with the one text form records keep.

Control steps into a seminar game from outside the decision stack: it fires,
skips or delays an inject, moves a track, sets influence, forces or victory
points. The board and the terminal build these values; the engine checks and
applies them; the record keeps their text form (``adjust escalation:-2``), the
same it always kept, so older saves replay. No caller splits or joins the
parts by hand.
"""

from __future__ import annotations

from typing import cast

import attrs

from game.engine.actions import Action, ActionKind, ActionSyntaxError, parse_action


@attrs.frozen
class FireInject:
    """Fire an inject now (its contingency, if its condition holds)."""

    event: str

    @property
    def parts(self) -> tuple[str, ...]:
        return (self.event,)


@attrs.frozen
class SkipInject:
    """Skip an inject for good: it will never fire."""

    event: str

    @property
    def parts(self) -> tuple[str, ...]:
        return (self.event,)


@attrs.frozen
class DelayInject:
    """Put an inject off to a later turn."""

    event: str
    turn: int

    @property
    def parts(self) -> tuple[str, ...]:
        return (self.event, str(self.turn))


@attrs.frozen
class AdjustTrack:
    """Move a track by some steps (negative: down)."""

    track: str
    by: int

    @property
    def parts(self) -> tuple[str, ...]:
        return (self.track, f"{self.by:+d}")


@attrs.frozen
class SetInfluence:
    """Set one actor's influence in one region."""

    actor: str
    region: str
    value: int

    @property
    def parts(self) -> tuple[str, ...]:
        return (self.actor, self.region, str(self.value))


@attrs.frozen
class SetForces:
    """Set one actor's forces in one region."""

    actor: str
    region: str
    value: int

    @property
    def parts(self) -> tuple[str, ...]:
        return (self.actor, self.region, str(self.value))


@attrs.frozen
class SetVp:
    """Set a seat's victory points."""

    seat: str
    value: int

    @property
    def parts(self) -> tuple[str, ...]:
        return (self.seat, str(self.value))


Intervention = (
    FireInject | SkipInject | DelayInject | AdjustTrack | SetInfluence | SetForces | SetVp
)
"""Any of Control's interventions."""

KIND_OF: dict[type, ActionKind] = {
    FireInject: ActionKind.FIRE,
    SkipInject: ActionKind.SKIP,
    DelayInject: ActionKind.DELAY,
    AdjustTrack: ActionKind.ADJUST,
    SetInfluence: ActionKind.INFLUENCE,
    SetForces: ActionKind.FORCES,
    SetVp: ActionKind.VP,
}
CLASS_OF = {kind: cls for cls, kind in KIND_OF.items()}


def to_action(iv: Intervention) -> Action:
    """The action (and so the text form) of an intervention."""
    return Action(KIND_OF[type(iv)], ":".join(iv.parts))


def from_action(action: Action) -> Intervention:
    """The intervention an action stands for; :class:`ActionSyntaxError` when the action is
    not an intervention or its parts do not fit (a word where a number belongs)."""
    cls = CLASS_OF.get(action.kind)
    if cls is None:
        raise ActionSyntaxError(
            f"'{action.kind}' is not a Control intervention ({', '.join(str(k) for k in CLASS_OF)})"
        )
    parts = action.arg.split(":") if action.arg else []
    fields = attrs.fields(cls)
    example = action.spec.example
    if len(parts) != len(fields):
        raise ActionSyntaxError(f"write it like '{example}'")
    values: list[str | int] = []
    for f, text in zip(fields, parts, strict=True):
        if f.type in (int, "int"):
            try:
                values.append(int(text))
            except ValueError:
                what = {"by": "the change", "turn": "the turn"}.get(f.name, "the value")
                raise ActionSyntaxError(
                    f"{what} must be a whole number, not '{text}' (write it like '{example}')"
                ) from None
        else:
            values.append(text)
    return cast(Intervention, cls(*values))


def parse_intervention(text: str) -> Intervention:
    """An intervention from its text form ('adjust escalation:-2')."""
    return from_action(parse_action(text))
