"""Cross-reference checks: the whole ruleset is read; now check that its parts fit together.

Unknown ids (with a did-you-mean), words such as `self` used where they mean
nothing, asymmetric adjacency, values outside a track's range, calendars out of
order, roll tables with gaps, and definitions nothing uses (warnings). Every
expression is type-checked and compiled here, once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

import attrs

from game.ruleset.convert import DEEP_HINT, TOO_DEEP, Converter
from game.ruleset.diagnostics import Diagnostic, Pos, did_you_mean
from game.ruleset.effects import Choose, EndGame, MoveTrack, Roll, SetFlag, SetTrack
from game.ruleset.expr import ID_TYPES, Checker, Expr
from game.ruleset.limits import MAX_HAND, MAX_ROUNDS
from game.ruleset.model import REF_COLLECTION, Ruleset
from game.ruleset.validate_aims import check_aims
from game.ruleset.validate_content import ContentChecks
from game.ruleset.validate_loops import threshold_loops
from game.ruleset.validate_loops import walk as _walk

T = TypeVar("T")

# What the context words mean where: the collection an expression or reference sits in.
SELF_OK = ("cards", "operations", "objectives", "roll_tables", "arguments")
TARGET_OK = ("operations", "roll_tables")
OPS_OK = ("cards", "operations", "roll_tables")
_WHERE = {
    "manifest": "the scenario manifest",
    "cards": "a card",
    "operations": "an operation",
    "objectives": "an objective",
    "events": "a scheduled event",
    "tracks": "a track threshold",
    "end_conditions": "an end condition",
    "roll_tables": "a roll table",
    "regions": "a region",
    "actors": "an actor",
    "paths": "a path",
    "flags": "a flag",
    "indicators": "a historical indicator",
}


def _collection(context: str) -> str:
    return context.split(".", 1)[0]


def context_words(context: str) -> frozenset[str]:
    coll = _collection(context)
    words = set()
    if coll in SELF_OK:
        words.add("self")
    if coll in TARGET_OK:
        words.add("target")
    if coll in OPS_OK:
        words.add("ops")
    if coll == "cards":
        words.add("neutral")  # a card's side (types.SideId)
    return frozenset(words)


def validate(
    rs: Ruleset,
    conv: Converter,
    manifest_pos: dict[str, Pos],
    tags: frozenset[str] = frozenset(),
    manifest_ok: bool = True,
) -> list[Diagnostic]:
    """Every cross-reference problem of a structured ruleset.

    ``tags`` adds region tags read from entries that failed to structure (they are
    None in ``rs``), so one broken region does not make its tags unknown everywhere.
    ``manifest_ok`` False means ``rs.manifest`` is a stand-in for a broken or missing
    manifest: the other files are still checked, but nothing that needs the calendar.
    """
    v = _Validator(rs, conv, manifest_pos, tags, manifest_ok)
    v.run()
    return v.diags


class _Validator(ContentChecks):
    def __init__(
        self,
        rs: Ruleset,
        conv: Converter,
        manifest_pos: dict[str, Pos],
        tags: frozenset[str],
        manifest_ok: bool,
    ):
        self.rs = rs
        self.conv = conv
        self.mpos = manifest_pos
        self.diags: list[Diagnostic] = []
        tags = tags | {t for _, r in _items(rs.regions) for t in r.tags}
        self.ids: dict[str, frozenset[str]] = {
            kind: frozenset(getattr(rs, REF_COLLECTION[kind])) for kind in REF_COLLECTION
        }
        self.ids["tag"] = frozenset(tags)
        self.used: dict[str, set[str]] = {k: set() for k in REF_COLLECTION}
        self.manifest_ok = manifest_ok

    def add(self, code: str, msg: str, pos: Pos | None, hint: str | None = None) -> None:
        self.diags.append(Diagnostic(code, msg, pos, hint))

    def where(self, key: str, field: str | None = None) -> Pos | None:
        """Where a definition (or one of its fields, when written) stands."""
        if field is not None and f"{key}.{field}" in self.rs.positions:
            return self.rs.positions[f"{key}.{field}"]
        return self.rs.positions.get(key)

    def run(self) -> None:
        self.references()
        self.expressions()
        if self.manifest_ok:
            self.manifest()
        self.map()
        self.tracks()
        self.cards()
        self.roll_tables()
        self.effect_sites()
        self.diags.extend(check_aims(self.rs, self.ids, self.manifest_ok, self.mpos))
        self.diags.extend(threshold_loops(self.rs, self.conv.obj_pos))
        self.unused()

    # -- references -------------------------------------------------------------------------
    def references(self) -> None:
        for ref, value, pos, context in self.conv.refs:
            if value in ref.special:
                if value not in context_words(context):
                    self.add(
                        "E0305",
                        f"'{value}' has no meaning in {_WHERE.get(_collection(context), context)}",
                        pos,
                        _special_hint(value),
                    )
                continue
            if ref.any_of:
                self.any_of(ref.kind, ref.any_of, value, pos, context)
                continue
            known = self.ids.get(ref.kind, frozenset())
            if value in known:
                self.used[ref.kind].add(value)
                continue
            self.add(
                "E0301",
                f"unknown {ref.kind.replace('_', ' ')} '{value}'",
                pos,
                did_you_mean(value, known) or _list_hint(ref.kind, known),
            )

    def any_of(self, what: str, kinds: tuple[str, ...], value: str, pos: Pos, context: str) -> None:
        """An id that may name a definition of several kinds (a doctrine weight's key).

        It does not count as a use: a flag only weighed by a bot is still never tested."""
        known = frozenset().union(*(self.ids.get(k, frozenset()) for k in kinds))
        if value in known:
            return
        names = [k.replace("_", " ") for k in kinds]
        listed = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
        owner = context.split(".")[1] if context.count(".") else context
        self.add(
            "E0301",
            f"{what} '{value}' of {owner} names no {listed}",
            pos,
            did_you_mean(value, known) or f"{what}s are keyed by {listed} ids",
        )

    def expressions(self) -> None:
        ref_re = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\b")
        for expr, context in self.conv.exprs:
            if expr.fn is not None:
                continue
            coll = _collection(context)
            checker = Checker(self.ids, context_words(context), _WHERE.get(coll, context), expr.pos)
            try:
                fn = checker.check(expr.text, expr.kind)
            except RecursionError:  # very deep nesting: the checker recurses per level
                fn = None
                checker.diags.append(Diagnostic("E0401", TOO_DEEP, expr.pos, DEEP_HINT))
            self.diags.extend(checker.diags)
            if fn is not None:
                object.__setattr__(expr, "fn", fn)
                for word in ref_re.findall(expr.text):
                    for kind in ID_TYPES:
                        if kind in self.used and word in self.ids.get(kind, ()):
                            self.used[kind].add(word)

    # -- the manifest -----------------------------------------------------------------------
    def manifest(self) -> None:
        m = self.rs.manifest
        if m.matrix.enabled and not self.rs.arguments:
            self.add(
                "E0204",
                "matrix arguments are enabled but no 'arguments' are defined",
                self.mpos.get("matrix"),
                "define the outcomes seats may argue for under "
                "'arguments:', or set 'matrix: {enabled: false}'",
            )
        if not 2 <= m.matrix.need <= 12:
            self.add(
                "E0304",
                f"matrix need {m.matrix.need} is outside 2..12 (two dice)",
                self.mpos.get("matrix"),
            )
        seats_pos = self.mpos.get("seats")
        if len(m.seats) < 1:
            self.add(
                "E0204",
                "a scenario needs at least one seat",
                seats_pos,
                "list the playable actors under 'seats:'",
            )
        seen: set[str] = set()
        for seat in m.seats:
            pos = self.mpos.get(f"seats.{seat}", seats_pos)
            if seat in seen:
                self.add("E0302", f"seat '{seat}' is listed twice", pos, "list each actor once")
            seen.add(seat)
            actor = self.rs.actors.get(seat)
            if actor is not None and not actor.playable:
                self.add(
                    "E0204",
                    f"actor '{seat}' is a seat but is not playable",
                    pos,
                    f"set 'playable: true' on {seat}, or remove it from seats",
                )
        for name, actor in _items(self.rs.actors):
            if actor.playable and name not in seen:
                self.add(
                    "W0306",
                    f"playable actor '{name}' has no seat",
                    self.where(f"actors.{name}"),
                    "add it to 'seats:' in scenario.yaml (from a mod: scenario: {patch: "
                    "{seats: {append: [...]}}} in its rules), or set 'playable: false'",
                )
        cal_pos = self.mpos.get("calendar")
        if not m.calendar:
            self.add("E0307", "the calendar has no turns", cal_pos, "list at least one turn")
        prev = ""
        for i, turn in enumerate(m.calendar, start=1):
            if prev and turn.date <= prev:
                self.add(
                    "E0307",
                    f"turn {i} ({turn.date}) does not come after turn {i - 1} ({prev})",
                    self.mpos.get(f"calendar.{i}", cal_pos),
                    "list the turns in date order",
                )
            prev = turn.date
        for key, low, high in (("hand_size", 1, MAX_HAND), ("action_rounds", 1, MAX_ROUNDS)):
            if getattr(m, key) < low:
                self.add("E0304", f"{key} must be at least {low}", self.mpos.get(key))
            elif getattr(m, key) > high:
                self.add("E0304", f"{key} must be at most {high}", self.mpos.get(key))

    # -- the map ----------------------------------------------------------------------------
    def map(self) -> None:
        regions = self.rs.regions
        for rid, region in _items(regions):
            key = f"regions.{rid}"
            for name, value, limit in (("lat", region.lat, 90), ("lon", region.lon, 180)):
                if not -limit <= value <= limit:
                    self.add(
                        "E0304",
                        f"region '{rid}' has {name} {value}, outside the globe",
                        self.where(key, name),
                        "lat is -90..90, lon is -180..180",
                    )
            if region.stability < 0:
                self.add(
                    "E0304",
                    f"region '{rid}' has a negative stability",
                    self.where(key, "stability"),
                )
            for other in region.adjacent:
                if other == rid:
                    self.add(
                        "E0303",
                        f"region '{rid}' is listed as adjacent to itself",
                        self.where(key, "adjacent"),
                        f"remove {rid} from its own 'adjacent' list",
                    )
                    continue
                peer = regions.get(other)
                if peer is not None and rid not in peer.adjacent:
                    self.add(
                        "E0303",
                        f"'{rid}' lists '{other}' as adjacent, but '{other}' does not list '{rid}'",
                        self.where(key, "adjacent"),
                        f"add {rid} to the 'adjacent' list of {other}",
                    )
            for amount_map, word in ((region.influence, "influence"), (region.forces, "forces")):
                for actor, n in amount_map.items():
                    if n < 0:
                        self.add(
                            "E0304",
                            f"region '{rid}' starts with negative {word} for '{actor}'",
                            self.where(key, word),
                        )

    def tracks(self) -> None:
        for tid, track in _items(self.rs.tracks):
            key = f"tracks.{tid}"
            pos = self.where(key)
            if track.min > track.max:
                self.add(
                    "E0304",
                    f"track '{tid}' has min {track.min} above max {track.max}",
                    self.where(key, "min"),
                )
                continue
            if not track.min <= track.start <= track.max:
                self.add(
                    "E0304",
                    f"track '{tid}' starts at {track.start}, outside {track.min}..{track.max}",
                    self.where(key, "start"),
                    "choose a start within min and max",
                )
            for th in track.thresholds:
                if not track.min <= th.at <= track.max:
                    self.add(
                        "E0304",
                        f"a threshold of track '{tid}' is at {th.at}, outside "
                        f"{track.min}..{track.max}",
                        self.conv.obj_pos.get(id(th), pos),
                        "a threshold the track can never reach never fires",
                    )

    # -- effects in context -----------------------------------------------------------------
    def effect_sites(self) -> None:
        table_words = {tid: _words_used(table) for tid, table in _items(self.rs.roll_tables)}
        for key, obj, coll in self._all_definitions():
            ctx_words = context_words(key)
            for eff in _walk(obj):
                epos = self.conv.obj_pos.get(id(eff), self.where(key))
                if isinstance(eff, Choose):
                    if eff.chooser == "self" and "self" not in ctx_words:
                        self.add(
                            "E0305",
                            f"a 'choose' in {_WHERE.get(coll, coll)} needs a "
                            "chooser ('self' has no meaning here)",
                            epos,
                            "add 'chooser: <actor id>'",
                        )
                    if not eff.options:
                        self.add("E0204", "a 'choose' needs at least one option", epos)
                elif isinstance(eff, Roll) and eff.table in table_words:
                    missing = table_words[eff.table] - ctx_words
                    if missing:
                        word = sorted(missing)[0]
                        self.add(
                            "E0305",
                            f"roll table '{eff.table}' uses '{word}', which has "
                            f"no meaning in {_WHERE.get(coll, coll)}",
                            epos,
                            _special_hint(word),
                        )
                elif isinstance(eff, (SetTrack, MoveTrack)):
                    self._track_literal(eff, epos)
                elif isinstance(eff, SetFlag):
                    self.used.setdefault("flag_set", set()).add(eff.flag)
                elif isinstance(eff, EndGame) and eff.result == "win" and eff.winner is None:
                    self.add(
                        "E0202",
                        "an 'end_game' with result 'win' needs a winner",
                        epos,
                        "add 'winner: <actor id>' (or `self`)",
                    )

    def _track_literal(self, eff: SetTrack | MoveTrack, pos: Pos | None) -> None:
        track = self.rs.tracks.get(eff.track)
        if track is None or not isinstance(eff, SetTrack):
            return
        text = eff.to.text.strip()
        if re.fullmatch(r"-?\d+", text) and not track.min <= int(text) <= track.max:
            self.add(
                "E0304",
                f"set_track puts '{eff.track}' at {text}, outside {track.min}..{track.max}",
                pos,
                "the value is clamped; use one in range",
            )

    def _contingency_chain(self, eid: str) -> None:
        """A contingency that leads back to its own inject would never settle."""
        seen = [eid]
        event = self.rs.events.get(eid)
        while event is not None and event.contingency is not None:
            nxt = event.contingency.use
            if nxt in seen:
                self.add(
                    "E0204",
                    f"inject '{eid}': its contingencies loop ({' -> '.join([*seen, nxt])})",
                    self.where(f"events.{eid}"),
                    "end the chain at an inject without a contingency",
                )
                return
            seen.append(nxt)
            event = self.rs.events.get(nxt)

    def _all_definitions(self) -> Iterator[tuple[str, Any, str]]:
        yield "manifest", self.rs.manifest, "manifest"
        for coll in (
            "cards",
            "operations",
            "objectives",
            "events",
            "tracks",
            "end_conditions",
            "roll_tables",
            "arguments",
        ):
            for ident, obj in _items(getattr(self.rs, coll)):
                yield f"{coll}.{ident}", obj, coll

    def unused(self) -> None:
        for kind, coll in (("flag", "flags"), ("roll_table", "roll_tables"), ("track", "tracks")):
            for ident in getattr(self.rs, coll):
                if ident not in self.used[kind]:
                    self.add(
                        "W0306",
                        f"{kind.replace('_', ' ')} '{ident}' is never used",
                        self.where(f"{coll}.{ident}"),
                        "remove it, or refer to it from a rule",
                    )


def _items(d: Mapping[str, T]) -> Iterator[tuple[str, T]]:
    """The entries of a collection that structured cleanly (broken ones are None)."""
    for k, v in d.items():
        if v is not None:
            yield k, v


def _words_used(obj: Any) -> frozenset[str]:
    """Context words (self, target, ops) a definition relies on."""
    words: set[str] = set()
    for node in _walk(obj):
        for a in attrs.fields(type(node)):
            value = getattr(node, a.name)
            if isinstance(value, Expr):
                words.update(re.findall(r"\b(self|target|ops)\b", value.text))
            elif isinstance(value, str) and value in ("self", "target"):
                words.add(value)
    return frozenset(words)


def _special_hint(word: str) -> str:
    return {
        "self": "name the actor instead; 'self' exists in cards, operations and objectives",
        "target": "name the region instead; 'target' exists only in operations",
        "ops": "'ops' exists only in cards and operations",
    }.get(word, "")


def _list_hint(kind: str, known: frozenset[str]) -> str:
    if not known:
        return f"no {kind}s are defined"
    sample = ", ".join(sorted(known)[:8])
    more = "…" if len(known) > 8 else ""
    return f"known {kind}s: {sample}{more}"
