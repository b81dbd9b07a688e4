"""Cross-reference checks of a scenario's content: cards, scheduled events, end conditions
and roll tables (the checks of the board and the manifest stay in game.ruleset.validate).

A mixin of the validator: the methods read ``self.rs`` and record problems with
``self.add``, as the validator's own do.
"""

from __future__ import annotations

import datetime
from calendar import monthrange
from collections.abc import Iterator, Mapping, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, TypeVar

from game.ruleset.diagnostics import Diagnostic, Pos
from game.ruleset.limits import MAX_COPIES, MAX_DICE, MAX_FACES, MAX_OPS, MAX_SIDES

if TYPE_CHECKING:
    from game.ruleset.convert import Converter
    from game.ruleset.model import Ruleset

T = TypeVar("T")


def _items(d: Mapping[str, T]) -> Iterator[tuple[str, T]]:
    """The entries of a collection that structured cleanly (broken ones are None)."""
    for k, v in d.items():
        if v is not None:
            yield k, v


def calendar_end(dates: Sequence[str]) -> str | None:
    """The last date the calendar's last turn holds, or None when it cannot be told.

    A turn is written by its first day only; the last turn is taken to last as long as the
    longest turn before it (a week after weeks), or, when every turn starts on the same day
    of a month (months, quarters, years), as many months as the longest turn. Without an
    end, a date after the calendar falls into the last
    turn (``Ruleset.turn_of_date``), and an event dated next year fires in the last week in
    silence. With one turn, or turns out of order (E0307 already), there is no end."""
    try:
        days = [datetime.date.fromisoformat(d) for d in dates]
    except ValueError:
        return None
    steps = [b - a for a, b in pairwise(days)]
    if not steps or min(steps) <= datetime.timedelta(0):
        return None
    last = days[-1]
    if all(d.day == last.day for d in days) and min(steps) >= datetime.timedelta(days=28):
        months = max((b.year - a.year) * 12 + b.month - a.month for a, b in pairwise(days))
        year, month = divmod(last.year * 12 + last.month - 1 + months, 12)  # 0-based month
        month_days = monthrange(year, month + 1)[1]
        if last.day > month_days:  # the 31st, and that month is shorter: all of it
            return datetime.date(year, month + 1, month_days).isoformat()
        return (datetime.date(year, month + 1, last.day) - datetime.timedelta(days=1)).isoformat()
    return (last + max(steps) - datetime.timedelta(days=1)).isoformat()


class ContentChecks:
    """Checks of cards, events, end conditions and roll tables."""

    rs: Ruleset
    conv: Converter
    manifest_ok: bool
    ids: dict[str, frozenset[str]]
    diags: list[Diagnostic]

    def add(self, code: str, msg: str, pos: Pos | None, hint: str | None = None) -> None:
        raise NotImplementedError  # the validator provides it

    def where(self, key: str, field: str | None = None) -> Pos | None:
        raise NotImplementedError  # the validator provides it

    def _contingency_chain(self, eid: str) -> None:
        raise NotImplementedError  # the validator provides it

    def cards(self) -> None:
        # Without a manifest there is no calendar to check turns against.
        turns = len(self.rs.manifest.calendar) if self.manifest_ok else None
        for cid, card in _items(self.rs.cards):
            ckey = f"cards.{cid}"
            if card.ops < 0:
                self.add("E0304", f"card '{cid}' has negative ops", self.where(ckey, "ops"))
            if len(card.options) == 1:
                self.add(
                    "E0204",
                    f"card '{cid}' has a single option",
                    self.where(ckey, "options"),
                    "give two or more options to choose between, or put the effects under 'event:'",
                )
            for a, b in (("from_turn", "until_turn"), ("from_date", "until_date")):
                first, last = getattr(card, a), getattr(card, b)
                if first is not None and last is not None and first > last:
                    self.add(
                        "E0304",
                        f"card '{cid}' has {a} {first} after {b} {last}: it is never playable",
                        self.where(ckey, a),
                        f"make {a} come before {b}",
                    )
            for key, top, words in (
                ("ops", MAX_OPS, "operation points"),
                ("copies", MAX_COPIES, "copies"),
            ):
                if getattr(card, key) > top:
                    self.add(
                        "E0304",
                        f"card '{cid}' has {getattr(card, key)} {key}",
                        self.where(ckey, key),
                        f"a card has at most {top} {words}",
                    )
            if card.copies < 1:
                self.add(
                    "E0304",
                    f"card '{cid}' has copies {card.copies}",
                    self.where(ckey, "copies"),
                    "copies must be at least 1",
                )
            self._card_dates(cid, card.from_date, card.until_date)
            if card.event and card.options:
                self.add(
                    "E0204",
                    f"card '{cid}' has both 'event' and 'options'",
                    self.where(ckey, "options"),
                    "give either a list of effects or a set of options, not both",
                )
            for key in ("from_turn", "until_turn"):
                t = getattr(card, key)
                if t is not None and turns is not None and not 1 <= t <= turns:
                    self.add(
                        "E0304",
                        f"card '{cid}' {key} {t} is outside the calendar (1..{turns})",
                        self.where(ckey, key),
                    )
        for eid, event in _items(self.rs.events):
            trig = event.trigger
            pos = self.where(f"events.{eid}")
            if trig.turn is None and trig.date is None and trig.when is None and not event.manual:
                self.add(
                    "E0202",
                    f"event '{eid}' has an empty trigger",
                    pos,
                    "give the trigger a turn, a date or a 'when' condition, or set "
                    "'manual: true' for an inject only Control fires",
                )
            self._contingency_chain(eid)
            if event.visibility == "private" and not event.audience:
                self.add(
                    "W0319",
                    f"inject '{eid}' is private but has no audience: every seat sees it",
                    pos,
                    "list the actors told under 'audience:'",
                )
            if event.visibility == "public" and event.audience:
                self.add(
                    "W0319",
                    f"inject '{eid}' names an audience but is public: every seat sees it",
                    pos,
                    "add 'visibility: private' to tell only them",
                )
            start = self.rs.manifest.calendar[0].date if turns else None
            if trig.date is not None and start is not None and trig.date < start:
                self.add(
                    "E0307",
                    f"event '{eid}' is dated {trig.date}, before the calendar's first turn "
                    f"({start}): it never fires",
                    self.where(f"events.{eid}", "trigger"),
                    "date it within the calendar, or give the turn it fires on",
                )
            last_day = calendar_end([t.date for t in self.rs.manifest.calendar]) if turns else None
            if trig.date is not None and last_day is not None and trig.date > last_day:
                self.add(
                    "E0307",
                    f"event '{eid}' is dated {trig.date}, after the calendar's last turn "
                    f"({self.rs.manifest.calendar[-1].date}, through {last_day}): the game would "
                    "fire it in the last turn, not on its date",
                    self.where(f"events.{eid}", "trigger"),
                    f"date it within the calendar ({start} to {last_day}), or give the turn "
                    "it fires on",
                )
            if trig.turn is not None and turns is not None and not 1 <= trig.turn <= turns:
                self.add(
                    "E0304",
                    f"event '{eid}' fires on turn {trig.turn}, outside the calendar (1..{turns})",
                    self.where(f"events.{eid}", "trigger"),
                )
        for eid, end in _items(self.rs.end_conditions):
            if end.result == "win" and end.winner is None:
                self.add(
                    "E0202",
                    f"end condition '{eid}' has result 'win' but no winner",
                    self.where(f"end_conditions.{eid}", "result"),
                    "add 'winner: <actor id>'",
                )

    def _card_dates(self, cid: str, first: str | None, last: str | None) -> None:
        """A card whose play window lies outside the calendar: its event is never playable
        (the engine would otherwise clamp the date into the first or last turn)."""
        calendar = self.rs.manifest.calendar if self.manifest_ok else ()
        if not calendar:
            return
        start, end = calendar[0].date, calendar_end([t.date for t in calendar])
        span = f"{start} to {end}" if end else f"from {start}"
        if first is not None and end is not None and first > end:
            self.add(
                "E0307",
                f"card '{cid}' has from_date {first}, after the calendar's last turn "
                f"({calendar[-1].date}, through {end}): the game would read it as the last "
                "turn, not its date",
                self.where(f"cards.{cid}", "from_date"),
                f"date it within the calendar ({span}), or drop from_date",
            )
        if last is not None and last < start:
            self.add(
                "E0307",
                f"card '{cid}' has until_date {last}, before the calendar's first turn "
                f"({start}): the game would read it as the first turn, not its date",
                self.where(f"cards.{cid}", "until_date"),
                f"date it within the calendar ({span}), or drop until_date",
            )

    def roll_tables(self) -> None:
        for tid, table in _items(self.rs.roll_tables):
            pos = self.where(f"roll_tables.{tid}")
            if table.dice < 1 or table.sides < 2:
                self.add("E0308", f"roll table '{tid}' needs at least one die of 2+ sides", pos)
            faces = table.dice * table.sides
            if table.dice > MAX_DICE or table.sides > MAX_SIDES or faces > MAX_FACES:
                self.add(
                    "E0308",
                    f"roll table '{tid}' rolls {table.dice} dice of {table.sides} sides",
                    pos,
                    f"a table rolls at most {MAX_DICE} dice of at most {MAX_SIDES} sides, and "
                    f"dice x sides at most {MAX_FACES} (2d100, 10d20)",
                )
            if not table.outcomes:
                self.add("E0308", f"roll table '{tid}' has no outcomes", pos)
            prev = None
            for o in table.outcomes:
                opos = self.conv.obj_pos.get(id(o), pos)
                if o.min > o.max:
                    self.add(
                        "E0308",
                        f"roll table '{tid}': a row runs from {o.min} down to {o.max}",
                        opos,
                        "swap min and max",
                    )
                if prev is not None and o.min != prev.max + 1:
                    word = "overlaps" if o.min <= prev.max else "leaves a gap after"
                    self.add(
                        "E0308",
                        f"roll table '{tid}': the row {o.min}..{o.max} {word} "
                        f"the row {prev.min}..{prev.max}",
                        opos,
                        f"start this row at {prev.max + 1}",
                    )
                prev = o
